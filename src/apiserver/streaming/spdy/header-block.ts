/**
 * SPDY/3 header blocks (draft 3 §2.6.10): a 32-bit count of name/value pairs, each name and
 * value prefixed by its 32-bit length, several values of one name joined by NUL; the block is
 * then zlib-compressed with {@link SPDY3_DICTIONARY}.
 *
 * Each direction of a session is ONE zlib stream: the first block starts with the zlib header
 * (naming the dictionary), later blocks continue the same deflate stream, and every block ends
 * on a Z_SYNC_FLUSH boundary (an empty stored block, `00 00 ff ff`). Go's SPDY framer (moby
 * spdystream, kubectl's side) reads each block through a reader limited to the frame payload
 * and fails the frame unless the inflater consumed exactly that payload, so a block that does not
 * end on a flush boundary breaks the NEXT header frame (the gotcha noted in kubectl-surface §7.3).
 *
 * node's zlib streams only compress asynchronously, which would force every frame through a
 * promise queue to keep header frames in order. Instead each block is compressed and inflated
 * synchronously by a one-shot raw deflate whose preset dictionary is the stream's current
 * window: the last 32 KiB of SPDY3_DICTIONARY followed by every block's uncompressed bytes so
 * far. That is exactly the history a continuous deflate stream has at that point, so the bytes
 * on the wire are those of one zlib stream (a unit test checks this against node's streaming
 * zlib in both directions).
 */
import { deflateRawSync, inflateRawSync, constants as zlibConstants } from 'node:zlib';
import { adler32, SPDY3_DICTIONARY } from './dictionary.ts';

/** Header names (lower case) to their values, in the order received. */
export type SpdyHeaders = Readonly<Record<string, readonly string[]>>;

/** deflate's window: references reach at most this far back. */
const WINDOW = 32 * 1024;
/** CMF: deflate, 32 KiB window. FLG: FLEVEL 3 (as Go's BestCompression), FDICT set, FCHECK making CMF·256+FLG a multiple of 31. */
const ZLIB_CMF = 0x78;
const ZLIB_FLG_DICT = 0xf9;
const DICT_ID = adler32(SPDY3_DICTIONARY);

export class SpdyProtocolError extends Error {
  override name = 'SpdyProtocolError';
}

/** The uncompressed form of a header block. Names are lower-cased, as SPDY requires. */
export function encodeHeaderBlock(headers: SpdyHeaders): Buffer {
  const names = Object.keys(headers);
  const parts: Buffer[] = [u32(names.length)];
  for (const name of names) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(headers[name].join('\0'), 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

/** Parses an uncompressed header block; throws SpdyProtocolError when it is malformed. */
export function decodeHeaderBlock(block: Buffer): Record<string, string[]> {
  let off = 0;
  const need = (n: number) => {
    if (off + n > block.length) throw new SpdyProtocolError('truncated header block');
  };
  need(4);
  const count = block.readUInt32BE(off);
  off += 4;
  const headers: Record<string, string[]> = {};
  for (let i = 0; i < count; i++) {
    need(4);
    const nlen = block.readUInt32BE(off);
    off += 4;
    need(nlen);
    const name = block.toString('utf8', off, off + nlen).toLowerCase();
    off += nlen;
    need(4);
    const vlen = block.readUInt32BE(off);
    off += 4;
    need(vlen);
    const values = block.toString('utf8', off, off + vlen).split('\0');
    off += vlen;
    (headers[name] ??= []).push(...values);
  }
  return headers;
}

/** One direction's compressor: the first block carries the zlib header naming the dictionary. */
export class HeaderCompressor {
  private window: Buffer = SPDY3_DICTIONARY;
  private started = false;

  compress(headers: SpdyHeaders): Buffer {
    const block = encodeHeaderBlock(headers);
    const deflated = deflateRawSync(block, {
      dictionary: this.window, level: zlibConstants.Z_BEST_COMPRESSION, finishFlush: zlibConstants.Z_SYNC_FLUSH,
    });
    this.window = tail(Buffer.concat([this.window, block]));
    if (this.started) return deflated;
    this.started = true;
    const head = Buffer.alloc(6);
    head[0] = ZLIB_CMF;
    head[1] = ZLIB_FLG_DICT;
    head.writeUInt32BE(DICT_ID, 2);
    return Buffer.concat([head, deflated]);
  }
}

/** One direction's decompressor, fed the compressed header blocks in the order they arrived. */
export class HeaderDecompressor {
  private window: Buffer | undefined;

  decompress(compressed: Buffer): Record<string, string[]> {
    let data = compressed;
    if (!this.window) {
      if (data.length < 2) throw new SpdyProtocolError('header block: truncated zlib header');
      const cmf = data[0];
      const flg = data[1];
      if ((cmf & 0x0f) !== 8 || ((cmf << 8) | flg) % 31 !== 0) throw new SpdyProtocolError('header block: not a zlib stream');
      if (flg & 0x20) {
        if (data.length < 6 || data.readUInt32BE(2) !== DICT_ID) throw new SpdyProtocolError('header block: unknown zlib dictionary');
        this.window = SPDY3_DICTIONARY;
        data = data.subarray(6);
      } else {
        this.window = Buffer.alloc(0);
        data = data.subarray(2);
      }
    }
    let block: Buffer;
    try {
      block = inflateRawSync(data, {
        ...(this.window.length > 0 ? { dictionary: this.window } : {}),
        finishFlush: zlibConstants.Z_SYNC_FLUSH,
      });
    } catch (e) {
      throw new SpdyProtocolError(`header block: ${(e as Error).message}`);
    }
    this.window = tail(Buffer.concat([this.window, block]));
    return decodeHeaderBlock(block);
  }
}

/** The first value of a header, or undefined. */
export function headerValue(headers: SpdyHeaders, name: string): string | undefined {
  return headers[name.toLowerCase()]?.[0];
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function tail(b: Buffer): Buffer {
  return b.length > WINDOW ? Buffer.from(b.subarray(b.length - WINDOW)) : b;
}
