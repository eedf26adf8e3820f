/**
 * Reads the protobuf wire format (https://protobuf.dev/programming-guides/encoding/): varints,
 * fixed 32/64-bit values, length-delimited bytes, from a Uint8Array, throwing ProtobufError on
 * malformed input. Every read takes the end offset of the enclosing message, so a length can
 * never reach past its parent.
 *
 * Integers are JavaScript numbers. A 64-bit value outside ±(2^53-1) cannot be represented
 * exactly, so reading one is an error rather than a silent rounding (`int64Big` reads the full
 * range where a field needs it).
 */
import { protobufError } from './protobuf-error.ts';

export const WireType = { Varint: 0, Fixed64: 1, LengthDelimited: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

const TWO_32 = 4294967296;
const utf8Decoder = new TextDecoder('utf-8');

export class ProtoReader {
  pos = 0;
  /** Low and high 32 bits of the last varint read by `varint()`. */
  private lo = 0;
  private hi = 0;
  private view: DataView | undefined;

  constructor(readonly buf: Uint8Array) {}

  /** Reads a varint into lo/hi; at most 10 bytes, all before `end`. */
  private varint(end: number): void {
    const buf = this.buf;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) throw protobufError(`truncated varint at offset ${this.pos}`);
      const b = buf[pos++];
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) { this.pos = pos; this.lo = lo >>> 0; this.hi = 0; return; }
    }
    // Byte 5 carries bits 28..34: 4 into lo, 3 into hi.
    if (pos >= end) throw protobufError(`truncated varint at offset ${this.pos}`);
    let b = buf[pos++];
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x7f) >> 4;
    if (b >= 0x80) {
      for (let shift = 3; ; shift += 7) {
        if (shift > 31) throw protobufError(`varint longer than 10 bytes at offset ${this.pos}`);
        if (pos >= end) throw protobufError(`truncated varint at offset ${this.pos}`);
        b = buf[pos++];
        hi |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
    }
    this.pos = pos;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** The wire type of the key last read by `tag`. */
  wireType = 0;

  /** Reads a field key; returns the field number and leaves its wire type in `wireType` (no allocation per field). */
  tag(end: number): number {
    this.varint(end);
    if (this.hi !== 0 || this.lo >>> 3 === 0) throw protobufError(`illegal field number at offset ${this.pos}`);
    this.wireType = this.lo & 7;
    return this.lo >>> 3;
  }

  /** uint32 varint (lengths, tags); larger values are an error. */
  uint32(end: number): number {
    this.varint(end);
    if (this.hi !== 0) throw protobufError(`varint exceeds 32 bits at offset ${this.pos}`);
    return this.lo;
  }

  /** int32: the low 32 bits, as protobuf specifies (negative values arrive sign-extended to 64). */
  int32(end: number): number { this.varint(end); return this.lo | 0; }

  uint64(end: number): number {
    this.varint(end);
    const v = this.hi * TWO_32 + this.lo;
    if (v > Number.MAX_SAFE_INTEGER) throw protobufError(`uint64 ${v} exceeds 2^53-1`);
    return v;
  }

  /** int64 as a number; values outside the safe integer range are an error. */
  int64(end: number): number {
    this.varint(end);
    return this.toInt64(this.lo, this.hi);
  }

  private toInt64(lo: number, hi: number): number {
    if (hi & 0x80000000) {
      const mag = (~hi >>> 0) * TWO_32 + (~lo >>> 0) + 1;
      if (mag > Number.MAX_SAFE_INTEGER) throw protobufError(`int64 -${mag} is below -(2^53-1)`);
      return -mag;
    }
    const v = hi * TWO_32 + lo;
    if (v > Number.MAX_SAFE_INTEGER) throw protobufError(`int64 ${v} exceeds 2^53-1`);
    return v;
  }

  /** The full int64 range, for values that may exceed 2^53 (Go durations in nanoseconds). */
  int64Big(end: number): bigint {
    this.varint(end);
    return BigInt.asIntN(64, (BigInt(this.hi) << 32n) | BigInt(this.lo));
  }

  sint32(end: number): number { this.varint(end); return (this.lo >>> 1) ^ -(this.lo & 1); }

  sint64(end: number): number {
    this.varint(end);
    const sign = this.lo & 1;
    const lo = ((this.lo >>> 1) | (this.hi << 31)) >>> 0;
    const hi = this.hi >>> 1;
    return sign ? -this.toInt64(lo, hi) - 1 : this.toInt64(lo, hi);
  }

  bool(end: number): boolean { this.varint(end); return this.lo !== 0 || this.hi !== 0; }

  private dataView(): DataView {
    return (this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
  }

  private need(n: number, end: number): number {
    const at = this.pos;
    if (at + n > end) throw protobufError(`truncated ${n}-byte value at offset ${at}`);
    this.pos = at + n;
    return at;
  }

  fixed32(end: number): number { return this.dataView().getUint32(this.need(4, end), true); }
  sfixed32(end: number): number { return this.dataView().getInt32(this.need(4, end), true); }
  float(end: number): number { return this.dataView().getFloat32(this.need(4, end), true); }
  double(end: number): number { return this.dataView().getFloat64(this.need(8, end), true); }
  fixed64(end: number): number { const at = this.need(8, end); const v = this.dataView(); return this.checkedUnsigned(v.getUint32(at, true), v.getUint32(at + 4, true)); }
  sfixed64(end: number): number { const at = this.need(8, end); const v = this.dataView(); return this.toInt64(v.getUint32(at, true), v.getUint32(at + 4, true)); }

  private checkedUnsigned(lo: number, hi: number): number {
    const v = hi * TWO_32 + lo;
    if (v > Number.MAX_SAFE_INTEGER) throw protobufError(`fixed64 ${v} exceeds 2^53-1`);
    return v;
  }

  /** The end offset of a length-delimited value starting at the current position. */
  delimitedEnd(end: number): number {
    const len = this.uint32(end);
    const stop = this.pos + len;
    if (stop > end) throw protobufError(`length ${len} at offset ${this.pos} runs past the end of its message`);
    return stop;
  }

  bytes(end: number): Uint8Array {
    const stop = this.delimitedEnd(end);
    const out = this.buf.subarray(this.pos, stop);
    this.pos = stop;
    return out;
  }

  string(end: number): string {
    const stop = this.delimitedEnd(end);
    const buf = this.buf;
    let pos = this.pos;
    this.pos = stop;
    // Short ASCII strings (names, labels, enums) are most strings; skip TextDecoder for them.
    if (stop - pos <= 64) {
      let s = '';
      for (; pos < stop; pos++) {
        const c = buf[pos];
        if (c >= 0x80) return s + utf8Decoder.decode(buf.subarray(pos, stop));
        s += String.fromCharCode(c);
      }
      return s;
    }
    return utf8Decoder.decode(buf.subarray(pos, stop));
  }

  /** Skips one value of the given wire type (the tag has been read). */
  skip(wireType: number, end: number, fieldNumber: number): void {
    switch (wireType) {
      case WireType.Varint: this.varint(end); return;
      case WireType.Fixed64: this.need(8, end); return;
      case WireType.Fixed32: this.need(4, end); return;
      case WireType.LengthDelimited: this.pos = this.delimitedEnd(end); return;
      case WireType.StartGroup:
        for (;;) {
          if (this.pos >= end) throw protobufError(`unterminated group ${fieldNumber}`);
          const n = this.tag(end);
          const wt = this.wireType;
          if (wt === WireType.EndGroup) {
            if (n !== fieldNumber) throw protobufError(`group ${fieldNumber} ended by ${n}`);
            return;
          }
          this.skip(wt, end, n);
        }
      default: throw protobufError(`illegal wire type ${wireType} for field ${fieldNumber}`);
    }
  }
}

