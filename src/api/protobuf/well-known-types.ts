/**
 * apimachinery types whose protobuf message and JSON form differ; each is read and written here
 * the way its Go Marshal/Unmarshal and MarshalJSON/UnmarshalJSON pair does:
 *
 * - meta/v1 Time: Timestamp{seconds, nanos}; JSON RFC3339 at second precision, zero → null.
 *   Go writes and reads only the seconds (time_proto.go); an empty message is the zero time.
 * - meta/v1 MicroTime: the same message; JSON RFC3339 with exactly 6 fractional digits.
 * - meta/v1 Duration: {duration: int64 ns}; JSON is Go's time.Duration string ("1m30s").
 * - intstr IntOrString: {type, intVal, strVal}; JSON is the number (type 0) or the string (1).
 * - resource Quantity / QuantityValue: {string}; JSON the string, "0" when absent. Go would
 *   also canonicalise it ("1000m" → "1"); the string is passed through unchanged here.
 * - meta/v1 FieldsV1: {Raw: bytes}; JSON is the embedded JSON document.
 *
 * RawExtension (which may embed a whole protobuf object) lives with the message codec.
 */
import type { JsonValue } from '../object.ts';
import { formatGoDuration, parseGoDuration } from './go-duration.ts';
import { type ProtoReader, WireType } from './proto-reader.ts';
import type { ProtoWriter } from './proto-writer.ts';
import { protobufError } from './protobuf-error.ts';

export interface WellKnownType {
  /** Reads the message body in [r.pos, end). */
  decode(r: ProtoReader, end: number): JsonValue;
  /** Writes the message body of a JSON value (null writes an empty body). */
  encode(w: ProtoWriter, value: unknown): void;
}

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a message body field by field; `on` returns false for fields it does not know. */
function eachField(r: ProtoReader, end: number, on: (num: number, wt: number) => boolean): void {
  while (r.pos < end) {
    const num = r.tag(end);
    const wt = r.wireType;
    if (!on(num, wt)) r.skip(wt, end, num);
  }
}

function expectWire(what: string, wt: number, want: number): void {
  if (wt !== want) throw protobufError(`${what}: wire type ${wt}, expected ${want}`);
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil); no Date objects. */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** The inverse, civil_from_days. */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** RFC3339 in UTC: "2024-01-02T03:04:05Z", or with `micros` six fractional digits. */
function formatRfc3339(seconds: number, micros?: number): string {
  const days = Math.floor(seconds / 86400);
  const secOfDay = seconds - days * 86400;
  const [year, month, day] = civilFromDays(days);
  // Go: "Time.MarshalJSON: year outside of range [0,9999]".
  if (year < 0 || year > 9999) throw protobufError(`time ${seconds}s is outside years 0-9999`);
  const h = Math.floor(secOfDay / 3600);
  const min = Math.floor((secOfDay % 3600) / 60);
  const base = `${String(year).padStart(4, '0')}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[h]}:${TWO_DIGITS[min]}:${TWO_DIGITS[secOfDay % 60]}`;
  return micros === undefined ? `${base}Z` : `${base}.${String(micros).padStart(6, '0')}Z`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** Parses RFC3339 into Unix seconds and nanoseconds, as Go's time.Parse(time.RFC3339, s). */
export function parseRfc3339(s: string): { seconds: number; nanos: number } | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || day < 1) return undefined;
  if (day > (month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1])) return undefined; // Feb 30 and the like
  let seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  if (m[8]) {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 23 || om > 59) return undefined;
    seconds -= (m[8] === '+' ? 1 : -1) * (oh * 3600 + om * 60);
  }
  const nanos = m[7] ? Number(m[7].padEnd(9, '0')) : 0;
  return { seconds, nanos };
}

function timeCodec(micro: boolean): WellKnownType {
  const what = micro ? 'MicroTime' : 'Time';
  return {
    decode(r, end) {
      if (r.pos === end) return null;
      let seconds = 0;
      let nanos = 0;
      eachField(r, end, (num, wt) => {
        if (num === 1) { expectWire(`${what}.seconds`, wt, WireType.Varint); seconds = r.int64(end); return true; }
        if (num === 2) { expectWire(`${what}.nanos`, wt, WireType.Varint); nanos = r.int32(end); return true; }
        return false;
      });
      if (!micro) return formatRfc3339(seconds);
      // Go: time.Unix(seconds, nanos), then formatted with microseconds (truncating).
      const total = seconds + Math.floor(nanos / 1e9);
      const rest = nanos - Math.floor(nanos / 1e9) * 1e9;
      return formatRfc3339(total, Math.floor(rest / 1000));
    },
    encode(w, value) {
      if (value === null) return; // the zero time: Go writes an empty message
      if (typeof value !== 'string') throw protobufError(`${what} must be an RFC3339 string or null`);
      const t = parseRfc3339(value);
      if (!t) throw protobufError(`${what} ${JSON.stringify(value)} is not RFC3339`);
      // As Go's ProtoTime/ProtoMicroTime: both fields always; Time drops the fraction.
      w.tag(1, WireType.Varint); w.int64(t.seconds);
      w.tag(2, WireType.Varint); w.int64(micro ? Math.floor(t.nanos / 1000) * 1000 : 0);
    },
  };
}

const duration: WellKnownType = {
  decode(r, end) {
    let ns = 0n;
    eachField(r, end, (num, wt) => {
      if (num !== 1) return false;
      expectWire('Duration.duration', wt, WireType.Varint);
      ns = r.int64Big(end);
      return true;
    });
    return formatGoDuration(ns);
  },
  encode(w, value) {
    if (value === null) return;
    const ns = typeof value === 'string' ? parseGoDuration(value) : undefined;
    if (ns === undefined) throw protobufError(`Duration ${JSON.stringify(value)} is not a Go duration such as "1m30s"`);
    w.tag(1, WireType.Varint); w.int64Big(ns);
  },
};

const intOrString: WellKnownType = {
  decode(r, end) {
    let type = 0;
    let intVal = 0;
    let strVal = '';
    eachField(r, end, (num, wt) => {
      if (num === 1) { expectWire('IntOrString.type', wt, WireType.Varint); type = r.int64(end); return true; }
      if (num === 2) { expectWire('IntOrString.intVal', wt, WireType.Varint); intVal = r.int32(end); return true; }
      if (num === 3) { expectWire('IntOrString.strVal', wt, WireType.LengthDelimited); strVal = r.string(end); return true; }
      return false;
    });
    // intstr.go MarshalJSON: Int → the number, String → the string; any other type is an error.
    if (type === 0) return intVal;
    if (type === 1) return strVal;
    throw protobufError(`IntOrString has unknown type ${type}`);
  },
  encode(w, value) {
    if (value === null) return;
    const isInt = typeof value === 'number';
    if (isInt ? !Number.isInteger(value) || value < -2147483648 || value > 2147483647 : typeof value !== 'string') {
      throw protobufError(`IntOrString must be an int32 or a string, got ${JSON.stringify(value)}`);
    }
    // As Go's generated marshaller: all three fields, always.
    w.tag(1, WireType.Varint); w.int64(isInt ? 0 : 1);
    w.tag(2, WireType.Varint); w.int64(isInt ? value : 0);
    w.tag(3, WireType.LengthDelimited); w.string(isInt ? '' : (value as string));
  },
};

const quantity: WellKnownType = {
  decode(r, end) {
    let s = '';
    eachField(r, end, (num, wt) => {
      if (num !== 1) return false;
      expectWire('Quantity.string', wt, WireType.LengthDelimited);
      s = r.string(end);
      return true;
    });
    return s === '' ? '0' : s;
  },
  encode(w, value) {
    if (value === null) return;
    // Go's Quantity.UnmarshalJSON also accepts a bare JSON number.
    if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
    if (typeof value !== 'string') throw protobufError(`Quantity must be a string, got ${JSON.stringify(value)}`);
    w.tag(1, WireType.LengthDelimited); w.string(value);
  },
};

/** JSON text carried in a bytes field (FieldsV1.Raw); an absent or empty document is null. */
export function parseJsonBytes(bytes: Uint8Array, what: string): JsonValue {
  if (bytes.length === 0) return null;
  try { return JSON.parse(utf8.decode(bytes)) as JsonValue; } catch (e) {
    throw protobufError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Writes JSON text as a bytes field's payload (a length-prefixed UTF-8 string is the same bytes). */
export function writeJsonBytes(w: ProtoWriter, value: unknown): void { w.string(JSON.stringify(value)); }

const fieldsV1: WellKnownType = {
  decode(r, end) {
    let raw: Uint8Array = new Uint8Array(0);
    eachField(r, end, (num, wt) => {
      if (num !== 1) return false;
      expectWire('FieldsV1.Raw', wt, WireType.LengthDelimited);
      raw = r.bytes(end);
      return true;
    });
    return parseJsonBytes(raw, 'FieldsV1');
  },
  encode(w, value) {
    if (value === null) return;
    w.tag(1, WireType.LengthDelimited); writeJsonBytes(w, value);
  },
};

export const WELL_KNOWN_TYPES: ReadonlyMap<string, WellKnownType> = new Map([
  [`${META}.Time`, timeCodec(false)],
  [`${META}.MicroTime`, timeCodec(true)],
  [`${META}.Duration`, duration],
  [`${META}.FieldsV1`, fieldsV1],
  ['k8s.io.apimachinery.pkg.util.intstr.IntOrString', intOrString],
  ['k8s.io.apimachinery.pkg.api.resource.Quantity', quantity],
  ['k8s.io.apimachinery.pkg.api.resource.QuantityValue', quantity],
]);
