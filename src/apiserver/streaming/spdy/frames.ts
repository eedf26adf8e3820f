/**
 * SPDY/3.1 framing (SPDY Protocol draft 3.1 §2.2): every frame has an 8-byte header.
 *
 *   control: |1| version(15) | type(16) |  flags(8) | length(24) | payload
 *   data:    |0| stream-id(31)          |  flags(8) | length(24) | payload
 *
 * Control payloads are fixed-layout except the header blocks of SYN_STREAM, SYN_REPLY and
 * HEADERS, which go through the session's {@link HeaderCompressor}/{@link HeaderDecompressor}
 * (so frames must be encoded and decoded in wire order). Unknown control frame types are
 * returned as `unknown` for the session to ignore, as the draft requires.
 */
import { type HeaderCompressor, type HeaderDecompressor, type SpdyHeaders, SpdyProtocolError } from './header-block.ts';

export const SPDY_VERSION = 3;
export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;
/** Largest payload a 24-bit length allows. */
export const MAX_FRAME_PAYLOAD = 0xffffff;

export const ControlType = {
  SYN_STREAM: 1, SYN_REPLY: 2, RST_STREAM: 3, SETTINGS: 4, PING: 6, GOAWAY: 7, HEADERS: 8, WINDOW_UPDATE: 9,
} as const;

/** RST_STREAM status codes (§2.6.3). */
export const RstStatus = {
  PROTOCOL_ERROR: 1, INVALID_STREAM: 2, REFUSED_STREAM: 3, UNSUPPORTED_VERSION: 4, CANCEL: 5, INTERNAL_ERROR: 6,
  FLOW_CONTROL_ERROR: 7, STREAM_IN_USE: 8, STREAM_ALREADY_CLOSED: 9, FRAME_TOO_LARGE: 11,
} as const;

/** GOAWAY status codes (§2.6.6). */
export const GoAwayStatus = { OK: 0, PROTOCOL_ERROR: 1, INTERNAL_ERROR: 2 } as const;

/** SETTINGS ids (§2.6.4) the session reads. */
export const SETTINGS_INITIAL_WINDOW_SIZE = 7;

export interface SettingsEntry { readonly flags: number; readonly id: number; readonly value: number }

export type SpdyFrame =
  | { readonly type: 'data'; readonly streamId: number; readonly fin: boolean; readonly data: Buffer }
  | {
    readonly type: 'syn_stream'; readonly streamId: number; readonly associatedStreamId: number; readonly priority: number;
    readonly slot: number; readonly fin: boolean; readonly unidirectional: boolean; readonly headers: SpdyHeaders;
  }
  | { readonly type: 'syn_reply'; readonly streamId: number; readonly fin: boolean; readonly headers: SpdyHeaders }
  | { readonly type: 'rst_stream'; readonly streamId: number; readonly status: number }
  | { readonly type: 'settings'; readonly clear: boolean; readonly entries: readonly SettingsEntry[] }
  | { readonly type: 'ping'; readonly id: number }
  | { readonly type: 'goaway'; readonly lastGoodStreamId: number; readonly status: number }
  | { readonly type: 'headers'; readonly streamId: number; readonly fin: boolean; readonly headers: SpdyHeaders }
  | { readonly type: 'window_update'; readonly streamId: number; readonly delta: number }
  | { readonly type: 'unknown'; readonly controlType: number; readonly version: number; readonly flags: number; readonly payload: Buffer };

function header(first: number, flags: number, length: number): Buffer {
  if (length > MAX_FRAME_PAYLOAD) throw new RangeError(`SPDY frame payload of ${length} bytes exceeds ${MAX_FRAME_PAYLOAD}`);
  const h = Buffer.alloc(8);
  h.writeUInt32BE(first >>> 0, 0);
  h.writeUInt32BE(((flags & 0xff) << 24 | length) >>> 0, 4);
  return h;
}

function control(type: number, flags: number, payload: Buffer): Buffer {
  return Buffer.concat([header((0x8000 | SPDY_VERSION) << 16 | type, flags, payload.length), payload]);
}

function words(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

/** Encodes one frame. Header blocks are compressed by `compressor`, so encode in send order. */
export function encodeFrame(frame: SpdyFrame, compressor: HeaderCompressor): Buffer {
  switch (frame.type) {
    case 'data':
      return Buffer.concat([header(frame.streamId & 0x7fffffff, frame.fin ? FLAG_FIN : 0, frame.data.length), frame.data]);
    case 'syn_stream': {
      const fixed = Buffer.alloc(10);
      fixed.writeUInt32BE(frame.streamId & 0x7fffffff, 0);
      fixed.writeUInt32BE(frame.associatedStreamId & 0x7fffffff, 4);
      fixed[8] = (frame.priority & 0x7) << 5;
      fixed[9] = frame.slot & 0xff;
      const flags = (frame.fin ? FLAG_FIN : 0) | (frame.unidirectional ? FLAG_UNIDIRECTIONAL : 0);
      return control(ControlType.SYN_STREAM, flags, Buffer.concat([fixed, compressor.compress(frame.headers)]));
    }
    case 'syn_reply':
      return control(ControlType.SYN_REPLY, frame.fin ? FLAG_FIN : 0, Buffer.concat([words(frame.streamId & 0x7fffffff), compressor.compress(frame.headers)]));
    case 'headers':
      return control(ControlType.HEADERS, frame.fin ? FLAG_FIN : 0, Buffer.concat([words(frame.streamId & 0x7fffffff), compressor.compress(frame.headers)]));
    case 'rst_stream':
      return control(ControlType.RST_STREAM, 0, words(frame.streamId & 0x7fffffff, frame.status));
    case 'settings':
      return control(ControlType.SETTINGS, frame.clear ? 1 : 0, Buffer.concat([
        words(frame.entries.length), ...frame.entries.map((e) => words(((e.flags & 0xff) << 24 | (e.id & 0xffffff)) >>> 0, e.value)),
      ]));
    case 'ping':
      return control(ControlType.PING, 0, words(frame.id));
    case 'goaway':
      return control(ControlType.GOAWAY, 0, words(frame.lastGoodStreamId & 0x7fffffff, frame.status));
    case 'window_update':
      return control(ControlType.WINDOW_UPDATE, 0, words(frame.streamId & 0x7fffffff, frame.delta & 0x7fffffff));
    case 'unknown':
      return Buffer.concat([header((0x8000 | frame.version) << 16 | frame.controlType, frame.flags, frame.payload.length), frame.payload]);
  }
}

/**
 * Incremental decoder for a byte stream of frames (a socket, or the concatenated binary messages
 * of a WebSocket tunnel, where one frame may span several messages). `push` returns the frames
 * completed by the chunk, header blocks decompressed in arrival order.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly decompressor: HeaderDecompressor) {}

  push(chunk: Buffer): SpdyFrame[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: SpdyFrame[] = [];
    for (;;) {
      if (this.buffered < 8) break;
      const head = this.peek(8);
      const length = head.readUInt32BE(4) & 0xffffff;
      if (this.buffered < 8 + length) break;
      const bytes = this.take(8 + length);
      frames.push(this.decode(bytes.subarray(0, 8), bytes.subarray(8)));
    }
    return frames;
  }

  private peek(n: number): Buffer {
    if (this.chunks[0].length < n) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0].subarray(0, n);
  }

  private take(n: number): Buffer {
    if (this.chunks[0].length < n) this.chunks = [Buffer.concat(this.chunks)];
    const first = this.chunks[0];
    const out = first.subarray(0, n);
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.buffered -= n;
    return out;
  }

  private decode(head: Buffer, payload: Buffer): SpdyFrame {
    const first = head.readUInt32BE(0);
    const flags = head[4];
    if ((first & 0x80000000) === 0) {
      return { type: 'data', streamId: first & 0x7fffffff, fin: (flags & FLAG_FIN) !== 0, data: Buffer.from(payload) };
    }
    const version = (first >>> 16) & 0x7fff;
    const type = first & 0xffff;
    const need = (n: number) => {
      if (payload.length < n) throw new SpdyProtocolError(`control frame type ${type}: payload of ${payload.length} bytes, need ${n}`);
    };
    if (version !== SPDY_VERSION) return { type: 'unknown', controlType: type, version, flags, payload: Buffer.from(payload) };
    switch (type) {
      case ControlType.SYN_STREAM:
        need(10);
        return {
          type: 'syn_stream', streamId: payload.readUInt32BE(0) & 0x7fffffff, associatedStreamId: payload.readUInt32BE(4) & 0x7fffffff,
          priority: payload[8] >>> 5, slot: payload[9], fin: (flags & FLAG_FIN) !== 0, unidirectional: (flags & FLAG_UNIDIRECTIONAL) !== 0,
          headers: this.decompressor.decompress(payload.subarray(10)),
        };
      case ControlType.SYN_REPLY:
        need(4);
        return { type: 'syn_reply', streamId: payload.readUInt32BE(0) & 0x7fffffff, fin: (flags & FLAG_FIN) !== 0, headers: this.decompressor.decompress(payload.subarray(4)) };
      case ControlType.HEADERS:
        need(4);
        return { type: 'headers', streamId: payload.readUInt32BE(0) & 0x7fffffff, fin: (flags & FLAG_FIN) !== 0, headers: this.decompressor.decompress(payload.subarray(4)) };
      case ControlType.RST_STREAM:
        need(8);
        return { type: 'rst_stream', streamId: payload.readUInt32BE(0) & 0x7fffffff, status: payload.readUInt32BE(4) };
      case ControlType.SETTINGS: {
        need(4);
        const count = payload.readUInt32BE(0);
        need(4 + count * 8);
        const entries: SettingsEntry[] = [];
        for (let i = 0; i < count; i++) {
          const idWord = payload.readUInt32BE(4 + i * 8);
          entries.push({ flags: idWord >>> 24, id: idWord & 0xffffff, value: payload.readUInt32BE(8 + i * 8) });
        }
        return { type: 'settings', clear: (flags & 1) !== 0, entries };
      }
      case ControlType.PING:
        need(4);
        return { type: 'ping', id: payload.readUInt32BE(0) };
      case ControlType.GOAWAY:
        need(4);
        // SPDY/2 peers send no status; SPDY/3 always does.
        return { type: 'goaway', lastGoodStreamId: payload.readUInt32BE(0) & 0x7fffffff, status: payload.length >= 8 ? payload.readUInt32BE(4) : 0 };
      case ControlType.WINDOW_UPDATE:
        need(8);
        return { type: 'window_update', streamId: payload.readUInt32BE(0) & 0x7fffffff, delta: payload.readUInt32BE(4) & 0x7fffffff };
      default:
        return { type: 'unknown', controlType: type, version, flags, payload: Buffer.from(payload) };
    }
  }
}
