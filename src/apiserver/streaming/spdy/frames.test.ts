import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeFrame, FrameDecoder, type SpdyFrame } from './frames.ts';
import { HeaderCompressor, HeaderDecompressor } from './header-block.ts';

const ALL: SpdyFrame[] = [
  { type: 'syn_stream', streamId: 1, associatedStreamId: 0, priority: 0, slot: 0, fin: false, unidirectional: false, headers: { streamtype: ['error'], port: ['80'], requestid: ['0'] } },
  { type: 'syn_reply', streamId: 1, fin: false, headers: {} },
  { type: 'data', streamId: 3, fin: false, data: Buffer.from('GET / HTTP/1.1\r\n\r\n') },
  { type: 'data', streamId: 3, fin: true, data: Buffer.alloc(0) },
  { type: 'rst_stream', streamId: 5, status: 5 },
  { type: 'settings', clear: false, entries: [{ flags: 0, id: 7, value: 65536 }, { flags: 1, id: 4, value: 100 }] },
  { type: 'ping', id: 0x7fffffff },
  { type: 'goaway', lastGoodStreamId: 7, status: 0 },
  { type: 'headers', streamId: 1, fin: true, headers: { a: ['1', '2'] } },
  { type: 'window_update', streamId: 0, delta: 32768 },
  { type: 'syn_stream', streamId: 0x7ffffffd, associatedStreamId: 3, priority: 7, slot: 2, fin: true, unidirectional: true, headers: { streamtype: ['data'] } },
];

test('every frame type survives an encode/decode round trip, header blocks sharing one zlib stream', () => {
  const compressor = new HeaderCompressor();
  const wire = Buffer.concat(ALL.map((f) => encodeFrame(f, compressor)));
  const decoded = new FrameDecoder(new HeaderDecompressor()).push(wire);
  assert.deepEqual(decoded, ALL);
});

test('frames split at every byte boundary decode the same (WebSocket tunnels split frames anywhere)', () => {
  const compressor = new HeaderCompressor();
  const wire = Buffer.concat(ALL.map((f) => encodeFrame(f, compressor)));
  const decoder = new FrameDecoder(new HeaderDecompressor());
  const out: SpdyFrame[] = [];
  for (let i = 0; i < wire.length; i++) out.push(...decoder.push(wire.subarray(i, i + 1)));
  assert.deepEqual(out, ALL);
});

test('the header layout matches the SPDY/3 draft: control bit, version 3, type, flags and 24-bit length', () => {
  const c = new HeaderCompressor();
  assert.deepEqual([...encodeFrame({ type: 'ping', id: 1 }, c)], [0x80, 3, 0, 6, 0, 0, 0, 4, 0, 0, 0, 1]);
  assert.deepEqual([...encodeFrame({ type: 'goaway', lastGoodStreamId: 3, status: 0 }, c)], [0x80, 3, 0, 7, 0, 0, 0, 8, 0, 0, 0, 3, 0, 0, 0, 0]);
  assert.deepEqual([...encodeFrame({ type: 'rst_stream', streamId: 1, status: 5 }, c)], [0x80, 3, 0, 3, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 5]);
  assert.deepEqual([...encodeFrame({ type: 'data', streamId: 3, fin: true, data: Buffer.from('hi') }, c)], [0, 0, 0, 3, 1, 0, 0, 2, 0x68, 0x69]);
});

test('an unknown control frame type or version is surfaced as unknown, not an error', () => {
  const raw = Buffer.from([0x80, 3, 0, 0x0a, 0, 0, 0, 2, 0xab, 0xcd, 0x80, 2, 0, 6, 0, 0, 0, 4, 0, 0, 0, 1]);
  const frames = new FrameDecoder(new HeaderDecompressor()).push(raw);
  assert.deepEqual(frames.map((f) => f.type), ['unknown', 'unknown']);
  assert.deepEqual(frames[0], { type: 'unknown', controlType: 10, version: 3, flags: 0, payload: Buffer.from([0xab, 0xcd]) });
});

test('a payload over 24 bits cannot be encoded', () => {
  assert.throws(() => encodeFrame({ type: 'data', streamId: 1, fin: false, data: Buffer.alloc(0x1000000) }, new HeaderCompressor()), RangeError);
});
