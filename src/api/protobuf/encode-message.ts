/**
 * JSON value → protobuf message bytes, the inverse of decode-message.ts. Fields are written in
 * ascending number, map entries in key order, as Go's generated marshallers do; a field absent
 * from the JSON (or null) is not written, except null for a Time, which Go writes as an empty
 * message (the zero time, `creationTimestamp: null`). Inline structs are always written, like
 * any non-pointer Go struct. JSON keys the message does not have are ignored.
 */
import { isObject } from '../object.ts';
import { writeEnvelope } from './envelope.ts';
import { type FieldSchema, type MessageSchema, SCALAR_WIRE, type ScalarType, messageForKind, messageSchema } from './message-schema.ts';
import { WELL_KNOWN_TYPES, writeJsonBytes } from './well-known-types.ts';
import { WireType } from './proto-reader.ts';
import type { ProtoWriter } from './proto-writer.ts';
import { ProtobufError, protobufError } from './protobuf-error.ts';

const RAW_EXTENSION = 'k8s.io.apimachinery.pkg.runtime.RawExtension';
const NULL_AS_EMPTY = new Set(['k8s.io.apimachinery.pkg.apis.meta.v1.Time', 'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime']);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** How RawExtension values are embedded: as JSON text, or as enveloped protobuf objects. */
export type EmbedMode = 'json' | 'protobuf';

/** Writes `k8s\0` + Unknown{typeMeta, raw} for an object with apiVersion and kind. */
export function writeTypedObject(w: ProtoWriter, obj: Record<string, unknown>, embed: EmbedMode): void {
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '') {
    throw protobufError('the object has no apiVersion and kind');
  }
  const name = messageForKind(apiVersion, kind);
  if (name === undefined) throw protobufError(`no protobuf message is known for kind "${kind}" in "${apiVersion}"`);
  writeEnvelope(w, apiVersion, kind, (out) => encodeFields(out, requireSchema(name), obj, embed));
}

/** Writes the body of the named message from its JSON value. */
export function encodeMessage(w: ProtoWriter, name: string, value: unknown, embed: EmbedMode): void {
  encodeMessageValue(w, name, value, embed);
}

function requireSchema(name: string): MessageSchema {
  const schema = messageSchema(name);
  if (!schema) throw new Error(`proto-messages.json has no message ${name}; regenerate it`);
  return schema;
}

function encodeFields(w: ProtoWriter, schema: MessageSchema, obj: Record<string, unknown>, embed: EmbedMode): void {
  for (const f of schema.fields) {
    if (f.inline) {
      w.tag(f.number, WireType.LengthDelimited);
      const at = w.beginDelimited();
      encodeFields(w, requireSchema(f.message!), obj, embed);
      w.endDelimited(at);
      continue;
    }
    const v = obj[f.json];
    if (v === undefined) continue;
    try {
      encodeField(w, f, v, embed);
    } catch (e) {
      if (e instanceof ProtobufError) e.path.unshift(f.json);
      throw e;
    }
  }
}

function encodeField(w: ProtoWriter, f: FieldSchema, v: unknown, embed: EmbedMode): void {
  if (v === null) {
    if (f.message !== undefined && !f.repeated && !f.map && NULL_AS_EMPTY.has(f.message)) {
      w.tag(f.number, WireType.LengthDelimited); w.uint32(0);
    }
    return;
  }
  if (f.map) {
    if (!isObject(v)) throw protobufError(`expected an object, got ${typeName(v)}`);
    for (const key of Object.keys(v).sort()) {
      w.tag(f.number, WireType.LengthDelimited);
      const at = w.beginDelimited();
      try {
        writeScalar(w, 1, f.keyScalar ?? 'string', f.keyScalar === 'string' || f.keyScalar === undefined ? key : Number(key));
        writeValue(w, 2, f, v[key], embed);
      } catch (e) {
        if (e instanceof ProtobufError) e.path.unshift(key);
        throw e;
      }
      w.endDelimited(at);
    }
    return;
  }
  if (f.repeated) {
    if (!Array.isArray(v)) throw protobufError(`expected an array, got ${typeName(v)}`);
    for (let i = 0; i < v.length; i++) {
      try {
        writeValue(w, f.number, f, v[i], embed);
      } catch (e) {
        if (e instanceof ProtobufError) e.path.unshift(i);
        throw e;
      }
    }
    return;
  }
  writeValue(w, f.number, f, v, embed);
}

/** One value of the field's element type under field number `num`; null is the zero value. */
function writeValue(w: ProtoWriter, num: number, f: FieldSchema, v: unknown, embed: EmbedMode): void {
  if (f.scalar !== undefined) {
    writeScalar(w, num, f.scalar, v ?? zeroOf(f.scalar));
    return;
  }
  w.tag(num, WireType.LengthDelimited);
  const at = w.beginDelimited();
  encodeMessageValue(w, f.message!, v, embed);
  w.endDelimited(at);
}

function encodeMessageValue(w: ProtoWriter, name: string, v: unknown, embed: EmbedMode): void {
  const wellKnown = WELL_KNOWN_TYPES.get(name);
  if (wellKnown) { wellKnown.encode(w, v ?? null); return; }
  if (name === RAW_EXTENSION) { encodeRawExtension(w, v, embed); return; }
  if (v === null || v === undefined) return;
  const schema = requireSchema(name);
  if (schema.array) {
    if (!Array.isArray(v)) throw protobufError(`expected an array, got ${typeName(v)}`);
    encodeFields(w, schema, { items: v }, embed);
    return;
  }
  if (!isObject(v)) throw protobufError(`expected an object, got ${typeName(v)}`);
  encodeFields(w, schema, v, embed);
}

function encodeRawExtension(w: ProtoWriter, v: unknown, embed: EmbedMode): void {
  if (v === null || v === undefined) return;
  w.tag(1, WireType.LengthDelimited);
  if (embed === 'protobuf' && isObject(v)) {
    const at = w.beginDelimited();
    writeTypedObject(w, v, embed);
    w.endDelimited(at);
  } else {
    writeJsonBytes(w, v);
  }
}

function zeroOf(t: ScalarType): string | number | boolean {
  return t === 'string' || t === 'bytes' ? '' : t === 'bool' ? false : 0;
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function integer(v: unknown, min: number, max: number, t: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw protobufError(`expected ${t}, got ${typeof v === 'number' ? v : typeName(v)}`);
  }
  return v;
}

const INT32 = [-2147483648, 2147483647] as const;
const UINT32 = [0, 4294967295] as const;
const INT64 = [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] as const;
const UINT64 = [0, Number.MAX_SAFE_INTEGER] as const;

function writeScalar(w: ProtoWriter, num: number, t: ScalarType, v: unknown): void {
  w.tag(num, SCALAR_WIRE[t]);
  switch (t) {
    case 'string':
      if (typeof v !== 'string') throw protobufError(`expected a string, got ${typeName(v)}`);
      w.string(v);
      return;
    case 'bool':
      if (typeof v !== 'boolean') throw protobufError(`expected a boolean, got ${typeName(v)}`);
      w.bool(v);
      return;
    case 'bytes':
      if (typeof v !== 'string' || !BASE64.test(v)) throw protobufError('expected a base64 string');
      w.bytes(Buffer.from(v, 'base64'));
      return;
    case 'int32': w.int64(integer(v, ...INT32, 'an int32')); return;
    case 'int64': w.int64(integer(v, ...INT64, 'an int64 within ±(2^53-1)')); return;
    case 'uint32': w.int64(integer(v, ...UINT32, 'a uint32')); return;
    case 'uint64': w.int64(integer(v, ...UINT64, 'a uint64 below 2^53')); return;
    case 'sint32': w.sint64(integer(v, ...INT32, 'an int32')); return;
    case 'sint64': w.sint64(integer(v, ...INT64, 'an int64 within ±(2^53-1)')); return;
    case 'fixed32': w.fixed32(integer(v, ...UINT32, 'a uint32')); return;
    case 'sfixed32': w.sfixed32(integer(v, ...INT32, 'an int32')); return;
    case 'fixed64': w.fixed64(integer(v, ...UINT64, 'a uint64 below 2^53')); return;
    case 'sfixed64': w.sfixed64(integer(v, ...INT64, 'an int64 within ±(2^53-1)')); return;
    case 'float':
    case 'double':
      if (typeof v !== 'number') throw protobufError(`expected a number, got ${typeName(v)}`);
      if (t === 'float') w.float(v); else w.double(v);
  }
}
