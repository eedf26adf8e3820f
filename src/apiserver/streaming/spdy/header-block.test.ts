import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constants, createDeflate, createInflate, type Deflate } from 'node:zlib';
import { adler32, SPDY3_DICTIONARY } from './dictionary.ts';
import { decodeHeaderBlock, encodeHeaderBlock, HeaderCompressor, HeaderDecompressor, type SpdyHeaders, SpdyProtocolError } from './header-block.ts';

/** node's streaming zlib, flushed with Z_SYNC_FLUSH after each block, as Go's SPDY framer does. */
function streamingCompressor(): (block: Buffer) => Promise<Buffer> {
  const deflate: Deflate = createDeflate({ dictionary: SPDY3_DICTIONARY, level: 9 });
  return (block) => new Promise((resolve) => {
    const out: Buffer[] = [];
    const onData = (c: Buffer) => out.push(c);
    deflate.on('data', onData);
    deflate.write(block);
    deflate.flush(constants.Z_SYNC_FLUSH, () => { deflate.off('data', onData); resolve(Buffer.concat(out)); });
  });
}

test('the dictionary is the 1423-byte SPDY/3 one (its Adler-32 is the DICTID Go and node write)', () => {
  assert.equal(SPDY3_DICTIONARY.length, 1423);
  assert.equal(adler32(SPDY3_DICTIONARY), 0xe3c6a7c2);
  assert.equal(SPDY3_DICTIONARY.subarray(0, 11).toString('latin1'), '\0\0\0\x07options');
  assert.ok(SPDY3_DICTIONARY.toString('latin1').endsWith('utf-,*,enq=0.'));
});

test('uncompressed header blocks: lower-cased names, NUL-joined values', () => {
  const block = encodeHeaderBlock({ StreamType: ['error'], multi: ['a', 'b'] });
  assert.deepEqual(decodeHeaderBlock(block), { streamtype: ['error'], multi: ['a', 'b'] });
  assert.throws(() => decodeHeaderBlock(block.subarray(0, block.length - 1)), SpdyProtocolError);
});

test('several header blocks compressed by node zlib as one stream with the dictionary decode in order', async () => {
  const compress = streamingCompressor();
  const decompressor = new HeaderDecompressor();
  const sent: SpdyHeaders[] = [
    { streamtype: ['error'], port: ['80'], requestid: ['0'] },
    { streamtype: ['data'], port: ['80'], requestid: ['0'] },
    { streamtype: ['error'], port: ['80'], requestid: ['1'] },
    { 'x-big': ['y'.repeat(40_000)] }, // pushes the window past 32 KiB
    { streamtype: ['stdout'] },
  ];
  for (const headers of sent) {
    const compressed = await compress(encodeHeaderBlock(headers));
    assert.deepEqual(decompressor.decompress(compressed), headers);
  }
});

test('our blocks are one zlib stream: node streaming inflate with the dictionary reads them back to back', async () => {
  const compressor = new HeaderCompressor();
  const blocks: SpdyHeaders[] = [{ a: ['1'] }, { streamtype: ['stdin'] }, { 'x-big': ['z'.repeat(50_000)] }, { a: ['1'] }];
  const wire = blocks.map((h) => compressor.compress(h));
  assert.deepEqual([...wire[0].subarray(0, 6)], [0x78, 0xf9, 0xe3, 0xc6, 0xa7, 0xc2], 'zlib header naming the SPDY dictionary');
  for (const b of wire) assert.deepEqual([...b.subarray(-4)], [0x00, 0x00, 0xff, 0xff], 'every block ends on a sync flush');
  assert.ok(wire.slice(1).every((b) => b[0] !== 0x78 || b[1] !== 0xf9), 'only the first block carries the zlib header');

  const inflate = createInflate({ dictionary: SPDY3_DICTIONARY });
  const out: Buffer[] = [];
  inflate.on('data', (c: Buffer) => out.push(c));
  for (const b of wire) inflate.write(b);
  await new Promise<void>((r) => inflate.flush(constants.Z_SYNC_FLUSH, () => r()));
  assert.deepEqual(Buffer.concat(out), Buffer.concat(blocks.map(encodeHeaderBlock)));
});

test('our compressor emits the same bytes as a continuous node deflate stream', async () => {
  const ours = new HeaderCompressor();
  const theirs = streamingCompressor();
  for (const headers of [{ streamtype: ['error'] }, { streamtype: ['stdout'] }, { streamtype: ['error'] }]) {
    assert.deepEqual(ours.compress(headers), await theirs(encodeHeaderBlock(headers)));
  }
});

test('a zlib stream naming another dictionary is a protocol error', () => {
  const bad = Buffer.from([0x78, 0xf9, 0, 0, 0, 1, 0x03, 0x00]);
  assert.throws(() => new HeaderDecompressor().decompress(bad), /unknown zlib dictionary/);
});
