/**
 * Writes the protobuf wire format into a growable buffer. Length-delimited values are written in
 * place: `beginDelimited` reserves one length byte and `endDelimited` widens it if the value
 * reached 128 bytes or more, so nested messages need no size pre-pass.
 */
import { type WireType } from './proto-reader.ts';

const TWO_32 = 4294967296;
const utf8Encoder = new TextEncoder();

export class ProtoWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(initialSize = 1024) { this.buf = new Uint8Array(initialSize); }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  raw(bytes: Uint8Array): void { this.ensure(bytes.length); this.buf.set(bytes, this.pos); this.pos += bytes.length; }

  tag(fieldNumber: number, wireType: WireType): void { this.uint32((fieldNumber << 3) | wireType); }

  /** Unsigned varint of a value in [0, 2^32). */
  uint32(v: number): void {
    this.ensure(5);
    const buf = this.buf;
    while (v > 0x7f) { buf[this.pos++] = (v & 0x7f) | 0x80; v >>>= 7; }
    buf[this.pos++] = v;
  }

  /**
   * Varint of any safe integer; negative values are written as their 64-bit two's complement
   * (10 bytes), which is how protobuf writes negative int32 and int64 alike.
   */
  int64(v: number): void {
    if (v >= 0 && v < TWO_32) { this.uint32(v); return; }
    let lo: number;
    let hi: number;
    if (v >= 0) { lo = v >>> 0; hi = Math.floor(v / TWO_32) >>> 0; }
    else {
      const mag = -v;
      lo = mag >>> 0; hi = Math.floor(mag / TWO_32) >>> 0;
      hi = ~hi >>> 0; lo = ~lo >>> 0;
      if (lo === 0xffffffff) { lo = 0; hi = (hi + 1) >>> 0; } else lo += 1;
    }
    this.ensure(10);
    const buf = this.buf;
    while (hi > 0 || lo > 0x7f) {
      buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[this.pos++] = lo;
  }

  int64Big(v: bigint): void {
    let u = BigInt.asUintN(64, v);
    this.ensure(10);
    while (u > 0x7fn) { this.buf[this.pos++] = Number(u & 0x7fn) | 0x80; u >>= 7n; }
    this.buf[this.pos++] = Number(u);
  }

  sint64(v: number): void { this.int64(v >= 0 ? v * 2 : -v * 2 - 1); }

  bool(v: boolean): void { this.ensure(1); this.buf[this.pos++] = v ? 1 : 0; }

  private fixed(n: number, write: (view: DataView, at: number) => void): void {
    this.ensure(n);
    write(new DataView(this.buf.buffer, this.buf.byteOffset), this.pos);
    this.pos += n;
  }

  fixed32(v: number): void { this.fixed(4, (d, at) => d.setUint32(at, v, true)); }
  sfixed32(v: number): void { this.fixed(4, (d, at) => d.setInt32(at, v, true)); }
  float(v: number): void { this.fixed(4, (d, at) => d.setFloat32(at, v, true)); }
  double(v: number): void { this.fixed(8, (d, at) => d.setFloat64(at, v, true)); }
  fixed64(v: number): void {
    const lo = v >>> 0; const hi = Math.floor(v / TWO_32) >>> 0;
    this.fixed(8, (d, at) => { d.setUint32(at, lo, true); d.setUint32(at + 4, hi, true); });
  }
  sfixed64(v: number): void {
    if (v >= 0) { this.fixed64(v); return; }
    const mag = -v;
    let lo = ~(mag >>> 0) >>> 0; let hi = ~(Math.floor(mag / TWO_32) >>> 0) >>> 0;
    if (lo === 0xffffffff) { lo = 0; hi = (hi + 1) >>> 0; } else lo += 1;
    this.fixed(8, (d, at) => { d.setUint32(at, lo, true); d.setUint32(at + 4, hi, true); });
  }

  bytes(v: Uint8Array): void { this.uint32(v.length); this.raw(v); }

  string(v: string): void {
    // Reserve one length byte, encode in place, then widen the length if it needed more.
    this.ensure(v.length * 3 + 5);
    const start = this.pos;
    let n: number;
    let ascii = v.length < 128;
    if (ascii) {
      const buf = this.buf;
      for (let i = 0; i < v.length; i++) {
        const c = v.charCodeAt(i);
        if (c >= 0x80) { ascii = false; break; }
        buf[start + 1 + i] = c;
      }
    }
    if (ascii) n = v.length;
    else n = utf8Encoder.encodeInto(v, this.buf.subarray(start + 1)).written;
    this.pos = start + 1 + n;
    this.endDelimited(start);
  }

  /** Starts a length-delimited value; returns the token for `endDelimited`. */
  beginDelimited(): number { this.ensure(1); return this.pos++; }

  endDelimited(start: number): void {
    const len = this.pos - start - 1;
    let size = 1;
    for (let v = len; v > 0x7f; v >>>= 7) size++;
    if (size > 1) {
      this.ensure(size - 1);
      this.buf.copyWithin(start + size, start + 1, start + 1 + len);
    }
    let at = start;
    let v = len;
    while (v > 0x7f) { this.buf[at++] = (v & 0x7f) | 0x80; v >>>= 7; }
    this.buf[at] = v;
    this.pos = start + size + len;
  }

  finish(): Uint8Array { return this.buf.slice(0, this.pos); }
}
