import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtoReader, WireType } from './proto-reader.ts';
import { ProtoWriter } from './proto-writer.ts';
import { ProtobufError } from './protobuf-error.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** [field number, wire type] of the next key. */
const key = (r: ProtoReader, end: number) => { const n = r.tag(end); return [n, r.wireType]; };
const bytes = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

function written(f: (w: ProtoWriter) => void): string {
  const w = new ProtoWriter(4); // small on purpose: exercises growth
  f(w);
  return hex(w.finish());
}

describe('ProtoReader varints', () => {
  const read = <T>(h: string, f: (r: ProtoReader, end: number) => T): T => { const b = bytes(h); return f(new ProtoReader(b), b.length); };

  it('round-trips int64 across the safe range, including negatives', () => {
    for (const v of [0, 1, -1, 127, 128, 300, -300, 2 ** 31, -(2 ** 31), 2 ** 32 + 5, -(2 ** 40) - 7, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) {
      assert.equal(read(written((w) => w.int64(v)), (r, e) => r.int64(e)), v, `value ${v}`);
    }
  });

  it('reads int32 from the sign-extended 10-byte form', () => {
    assert.equal(read('ffffffffffffffffff01', (r, e) => r.int32(e)), -1);
    assert.equal(read('80808080f8ffffffff01', (r, e) => r.int32(e)), -2147483648);
  });

  it('reads the full int64 range as bigint', () => {
    assert.equal(read('ffffffffffffffff7f', (r, e) => r.int64Big(e)), (1n << 63n) - 1n);
    assert.equal(read('80808080808080808001', (r, e) => r.int64Big(e)), -(1n << 63n));
  });

  it('rejects int64 values a JavaScript number cannot hold exactly', () => {
    assert.throws(() => read('ffffffffffffffff7f', (r, e) => r.int64(e)), /exceeds 2\^53-1/);
    assert.throws(() => read('80808080808080808001', (r, e) => r.int64(e)), /below -\(2\^53-1\)/);
  });

  it('rejects a truncated varint and one longer than 10 bytes', () => {
    assert.throws(() => read('9696', (r, e) => r.int64(e)), (e: unknown) => e instanceof ProtobufError && /truncated varint/.test(e.message));
    assert.throws(() => read('ffffffffffffffffffff01', (r, e) => r.int64(e)), /longer than 10 bytes/);
  });

  it('reads zigzag sint32/sint64', () => {
    assert.equal(read('03', (r, e) => r.sint32(e)), -2);
    assert.equal(read('04', (r, e) => r.sint64(e)), 2);
    assert.equal(read(written((w) => w.sint64(-123456789012)), (r, e) => r.sint64(e)), -123456789012);
  });
});

describe('ProtoReader fields', () => {
  it('reads tags and rejects field number 0', () => {
    const b = bytes('0801');
    assert.deepEqual(key(new ProtoReader(b), b.length), [1, WireType.Varint]);
    const zero = bytes('0001');
    assert.throws(() => new ProtoReader(zero).tag(zero.length), /illegal field number/);
  });

  it('rejects a length that runs past its message', () => {
    const b = bytes('0a05616263');
    const r = new ProtoReader(b);
    r.tag(b.length);
    assert.throws(() => r.string(b.length), /runs past the end/);
  });

  it('skips every wire type, groups included, and rejects illegal ones', () => {
    // varint, fixed64, length-delimited, group {varint}, fixed32, then field 9 = 1
    const b = bytes('08 96 01  11 0102030405060708  1a 02 6869  23 08 01 24  2d 01020304  48 01');
    const r = new ProtoReader(b);
    for (let i = 0; i < 5; i++) { const [n, wt] = key(r, b.length); r.skip(wt, b.length, n); }
    assert.deepEqual(key(r, b.length), [9, WireType.Varint]);
    const bad = bytes('0f');
    const r2 = new ProtoReader(bad);
    const [n, wt] = key(r2, bad.length);
    assert.throws(() => r2.skip(wt, bad.length, n), /illegal wire type 7/);
  });

  it('decodes UTF-8 strings, short and long', () => {
    for (const s of ['', 'x', 'héllo wörld ✓', 'a'.repeat(200), `${'é'.repeat(100)}z`]) {
      const b = bytes(written((w) => w.string(s)));
      assert.equal(new ProtoReader(b).string(b.length), s);
    }
  });
});
