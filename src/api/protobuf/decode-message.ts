/**
 * Protobuf message bytes → the JSON value Kubernetes' JSON encoder would write for the same Go
 * object. What the wire cannot say comes from the generated JSON shape: Go's protobuf encoder
 * writes every non-pointer scalar, zero or not, so a zero scalar is dropped unless the field is
 * a pointer or lacks omitempty (`keepZero`); message fields are always kept (Go's JSON encoder
 * never omits a struct, so an empty one is `{}`); repeated and map fields appear only with
 * elements. Unknown field numbers are skipped, as protobuf requires.
 */
import type { JsonValue } from '../object.ts';
import { hasKubernetesProtobufMagic, unwrapEnvelope } from './envelope.ts';
import { type FieldSchema, type MessageSchema, SCALAR_WIRE, type ScalarType, messageForKind, messageSchema } from './message-schema.ts';
import { WELL_KNOWN_TYPES, parseJsonBytes } from './well-known-types.ts';
import { ProtoReader, WireType } from './proto-reader.ts';
import { ProtobufError, protobufError } from './protobuf-error.ts';

type JsonObject = { [key: string]: JsonValue };

const RAW_EXTENSION = 'k8s.io.apimachinery.pkg.runtime.RawExtension';
/**
 * The message graph of the built-in types has no cycles, so only objects embedded in
 * RawExtensions can nest without bound; this caps them so hostile input is a 400, not a stack overflow.
 */
const MAX_EMBEDDED_DEPTH = 16;
let embeddedDepth = 0;

/** Decodes an envelope-free object message of a known kind; apiVersion and kind come first. */
export function decodeTypedObject(apiVersion: string, kind: string, raw: Uint8Array): JsonObject {
  const name = messageForKind(apiVersion, kind);
  if (name === undefined) throw protobufError(`no protobuf message is known for kind "${kind}" in "${apiVersion}"`);
  const out: JsonObject = { apiVersion, kind };
  decodeFields(new ProtoReader(raw), raw.length, requireSchema(name), out);
  return out;
}

/** Decodes a whole message body of the named type into its JSON value. */
export function decodeMessage(name: string, bytes: Uint8Array): JsonValue {
  const r = new ProtoReader(bytes);
  return decodeMessageValue(r, bytes.length, name, undefined);
}

function requireSchema(name: string): MessageSchema {
  const schema = messageSchema(name);
  if (!schema) throw new Error(`proto-messages.json has no message ${name}; regenerate it`);
  return schema;
}

function decodeFields(r: ProtoReader, end: number, schema: MessageSchema, target: JsonObject): void {
  const byNumber = schema.byNumber;
  while (r.pos < end) {
    const num = r.tag(end);
    const wt = r.wireType;
    const f = byNumber[num];
    if (f === undefined) { r.skip(wt, end, num); continue; }
    try {
      decodeField(r, end, f, wt, target);
    } catch (e) {
      // An inline struct has no key of its own in the JSON path.
      if (e instanceof ProtobufError && !f.inline) e.path.unshift(f.json);
      throw e;
    }
  }
}

function wireMismatch(f: FieldSchema, wt: number): ProtobufError {
  return protobufError(`wire type ${wt}, expected ${f.wireType}`);
}

function decodeField(r: ProtoReader, end: number, f: FieldSchema, wt: number, target: JsonObject): void {
  if (f.map) {
    if (wt !== WireType.LengthDelimited) throw wireMismatch(f, wt);
    const obj = (target[f.json] ??= {}) as JsonObject;
    const [key, value] = decodeMapEntry(r, r.delimitedEnd(end), f);
    // A key named __proto__ must become an own property, as JSON.parse makes it, not a prototype.
    if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
    else obj[key] = value;
    return;
  }
  if (f.repeated) {
    const list = (target[f.json] ??= []) as JsonValue[];
    if (f.scalar !== undefined && wt === WireType.LengthDelimited && f.wireType !== WireType.LengthDelimited) {
      const stop = r.delimitedEnd(end); // packed numbers; Kubernetes does not pack, but protobuf allows it
      while (r.pos < stop) list.push(readScalar(r, stop, f.scalar));
      return;
    }
    if (wt !== f.wireType) throw wireMismatch(f, wt);
    try {
      list.push(f.scalar !== undefined ? readScalar(r, end, f.scalar) : decodeNested(r, end, f.message!, undefined));
    } catch (e) {
      if (e instanceof ProtobufError) e.path.unshift(list.length);
      throw e;
    }
    return;
  }
  if (wt !== f.wireType) throw wireMismatch(f, wt);
  if (f.scalar !== undefined) {
    const v = readScalar(r, end, f.scalar);
    if (!f.keepZero && (v === '' || v === 0 || v === false)) delete target[f.json];
    else target[f.json] = v;
    return;
  }
  if (f.inline) {
    // A Go struct embedded inline: its fields belong to the parent's JSON object.
    const stop = r.delimitedEnd(end);
    decodeFields(r, stop, requireSchema(f.message!), target);
    return;
  }
  // A repeated occurrence of a singular message merges into the first, as protobuf specifies.
  const existing = target[f.json];
  target[f.json] = decodeNested(r, end, f.message!, existing);
}

/** A length-delimited nested message at the reader. */
function decodeNested(r: ProtoReader, end: number, name: string, existing: JsonValue | undefined): JsonValue {
  const stop = r.delimitedEnd(end);
  const v = decodeMessageValue(r, stop, name, existing);
  r.pos = stop;
  return v;
}

function decodeMessageValue(r: ProtoReader, end: number, name: string, existing: JsonValue | undefined): JsonValue {
  const wellKnown = WELL_KNOWN_TYPES.get(name);
  if (wellKnown) return wellKnown.decode(r, end);
  if (name === RAW_EXTENSION) return decodeRawExtension(r, end);
  const schema = requireSchema(name);
  if (schema.array) {
    const holder: JsonObject = {};
    decodeFields(r, end, schema, holder);
    return holder.items ?? [];
  }
  const target = existing !== null && typeof existing === 'object' && !Array.isArray(existing) ? existing : {};
  decodeFields(r, end, schema, target);
  return target;
}

/**
 * runtime.RawExtension {1 raw}: an embedded object. Its bytes are JSON when a client sent JSON,
 * or a whole enveloped protobuf object (watch events, lists encoded by the apiserver). Go's
 * MarshalJSON writes nil as null.
 */
function decodeRawExtension(r: ProtoReader, end: number): JsonValue {
  let raw: Uint8Array | undefined;
  while (r.pos < end) {
    const num = r.tag(end);
    const wt = r.wireType;
    if (num !== 1) { r.skip(wt, end, num); continue; }
    if (wt !== WireType.LengthDelimited) throw protobufError(`RawExtension.raw: wire type ${wt}, expected 2`);
    raw = r.bytes(end);
  }
  if (raw === undefined) return null;
  if (hasKubernetesProtobufMagic(raw)) {
    if (embeddedDepth >= MAX_EMBEDDED_DEPTH) throw protobufError(`objects embedded more than ${MAX_EMBEDDED_DEPTH} deep`);
    const env = unwrapEnvelope(raw);
    embeddedDepth++;
    try {
      return decodeTypedObject(env.apiVersion, env.kind, env.raw);
    } finally {
      embeddedDepth--;
    }
  }
  return parseJsonBytes(raw, 'RawExtension');
}

function decodeMapEntry(r: ProtoReader, end: number, f: FieldSchema): [string, JsonValue] {
  let key = '';
  let value: JsonValue | undefined;
  while (r.pos < end) {
    const num = r.tag(end);
    const wt = r.wireType;
    if (num === 1) {
      if (f.keyScalar === undefined) throw protobufError('map key type is not a scalar');
      if (wt !== SCALAR_WIRE[f.keyScalar]) throw protobufError(`map key: wire type ${wt}, expected ${SCALAR_WIRE[f.keyScalar]}`);
      const k = readScalar(r, end, f.keyScalar);
      key = String(k);
    } else if (num === 2) {
      const want = f.scalar !== undefined ? SCALAR_WIRE[f.scalar] : WireType.LengthDelimited;
      if (wt !== want) throw protobufError(`map value: wire type ${wt}, expected ${want}`);
      value = f.scalar !== undefined ? readScalar(r, end, f.scalar) : decodeNested(r, end, f.message!, undefined);
    } else r.skip(wt, end, num);
  }
  if (value === undefined) {
    // An entry without a value holds the zero value of the value type.
    value = f.scalar !== undefined ? zeroOf(f.scalar) : decodeMessageValue(r, r.pos, f.message!, undefined);
  }
  return [key, value];
}

function zeroOf(t: ScalarType): JsonValue {
  return t === 'string' || t === 'bytes' ? '' : t === 'bool' ? false : 0;
}

function readScalar(r: ProtoReader, end: number, t: ScalarType): JsonValue {
  switch (t) {
    case 'string': return r.string(end);
    case 'int32': return r.int32(end);
    case 'int64': return r.int64(end);
    case 'bool': return r.bool(end);
    case 'bytes': {
      // Go's JSON encoder writes []byte as standard base64 with padding.
      const b = r.bytes(end);
      return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
    }
    case 'uint32': return r.uint32(end);
    case 'uint64': return r.uint64(end);
    case 'sint32': return r.sint32(end);
    case 'sint64': return r.sint64(end);
    case 'fixed32': return r.fixed32(end);
    case 'fixed64': return r.fixed64(end);
    case 'sfixed32': return r.sfixed32(end);
    case 'sfixed64': return r.sfixed64(end);
    case 'float': return r.float(end);
    case 'double': return r.double(end);
  }
}
