import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtoReader, WireType } from './proto-reader.ts';
import { ProtoWriter } from './proto-writer.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** [field number, wire type] of the next key. */
const key = (r: ProtoReader, end: number) => { const n = r.tag(end); return [n, r.wireType]; };

function written(f: (w: ProtoWriter) => void): string {
  const w = new ProtoWriter(4); // small on purpose: exercises growth
  f(w);
  return hex(w.finish());
}

describe('ProtoWriter varints', () => {
  it('writes the spec examples (150 = 96 01) and 1-byte values', () => {
    assert.equal(written((w) => w.uint32(150)), '9601');
    assert.equal(written((w) => w.uint32(0)), '00');
    assert.equal(written((w) => w.uint32(127)), '7f');
    assert.equal(written((w) => w.uint32(128)), '8001');
    assert.equal(written((w) => w.uint32(0xffffffff)), 'ffffffff0f');
  });

  it('writes negative int32/int64 as 10-byte two\'s complement, as protobuf requires', () => {
    assert.equal(written((w) => w.int64(-1)), 'ffffffffffffffffff01');
    assert.equal(written((w) => w.int64(-2147483648)), '80808080f8ffffffff01');
  });

  it('writes values above 2^32 exactly', () => {
    assert.equal(written((w) => w.int64(2 ** 32)), '8080808010');
    assert.equal(written((w) => w.int64(Number.MAX_SAFE_INTEGER)), 'ffffffffffffff0f');
    assert.equal(written((w) => w.int64Big((1n << 63n) - 1n)), 'ffffffffffffffff7f');
    assert.equal(written((w) => w.int64Big(-1n)), 'ffffffffffffffffff01');
  });
});

describe('ProtoWriter length-delimited values', () => {
  it('widens the length prefix when a nested value reaches 128 and 16384 bytes', () => {
    for (const size of [0, 127, 128, 16383, 16384, 70000]) {
      const w = new ProtoWriter(8);
      w.tag(1, WireType.LengthDelimited);
      const at = w.beginDelimited();
      w.tag(2, WireType.LengthDelimited);
      w.string('z'.repeat(size));
      w.endDelimited(at);
      const out = w.finish();
      const r = new ProtoReader(out);
      assert.deepEqual(key(r, out.length), [1, 2]);
      const end = r.delimitedEnd(out.length);
      assert.equal(end, out.length);
      r.tag(end);
      assert.equal(r.string(end).length, size);
    }
  });
});
