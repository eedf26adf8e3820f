/**
 * The protobuf schema of the Kubernetes built-in types, compiled on first use from two generated
 * tables: proto-messages.json (field numbers and types from the .proto IDL, scripts/gen-proto.ts)
 * and proto-json-shape.json (how Go's JSON encoder names and omits those fields, from the Go
 * struct tags, scripts/gen-proto-json-shape.ts).
 */
import protoMessages from '../generated/proto-messages.json' with { type: 'json' };
import protoJsonShape from '../generated/proto-json-shape.json' with { type: 'json' };
import { WireType } from './proto-reader.ts';

export type ScalarType = 'double' | 'float' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'sint32' | 'sint64'
  | 'fixed32' | 'fixed64' | 'sfixed32' | 'sfixed64' | 'bool' | 'string' | 'bytes';

interface GeneratedField { name: string; number: number; label: string; type: string; keyType?: string }
interface GeneratedShape { json?: Record<string, string>; inline?: number[]; keepZero?: number[] }
interface Generated {
  groupVersions: Record<string, string>;
  kinds: Record<string, Record<string, string>>;
  messages: Record<string, GeneratedField[]>;
}

const generated = protoMessages as Generated;
const shapes = (protoJsonShape as { messages: Record<string, GeneratedShape> }).messages;
const arrayMessages = new Set((protoJsonShape as { arrays: string[] }).arrays);

export interface FieldSchema {
  readonly number: number;
  /** The key in the JSON object (the proto name unless the Go json tag differs). */
  readonly json: string;
  readonly repeated: boolean;
  readonly map: boolean;
  /** The value type when it is a scalar (for maps: the map value). */
  readonly scalar: ScalarType | undefined;
  /** The fully-qualified value message when it is a message (for maps: the map value). */
  readonly message: string | undefined;
  readonly keyScalar: ScalarType | undefined;
  /** A Go struct embedded with `json:",inline"`: its fields live in the parent's JSON object. */
  readonly inline: boolean;
  /** A scalar whose zero value Go's JSON encoder writes (pointer, or no omitempty). */
  readonly keepZero: boolean;
  /** The wire type of one value: 2 for messages, strings, bytes and map entries. */
  readonly wireType: WireType;
}

export interface MessageSchema {
  readonly name: string;
  /** Ascending field number: the order Go's protobuf encoder writes them. */
  readonly fields: readonly FieldSchema[];
  /** Field by number (sparse). */
  readonly byNumber: readonly (FieldSchema | undefined)[];
  /** A Go named slice (`type Verbs []string`): the JSON value is the `items` array. */
  readonly array: boolean;
}

/** The wire type each scalar type is written with. */
export const SCALAR_WIRE: Readonly<Record<ScalarType, WireType>> = {
  double: WireType.Fixed64, float: WireType.Fixed32, int32: WireType.Varint, int64: WireType.Varint,
  uint32: WireType.Varint, uint64: WireType.Varint, sint32: WireType.Varint, sint64: WireType.Varint,
  fixed32: WireType.Fixed32, fixed64: WireType.Fixed64, sfixed32: WireType.Fixed32, sfixed64: WireType.Fixed64,
  bool: WireType.Varint, string: WireType.LengthDelimited, bytes: WireType.LengthDelimited,
};

const isScalar = (t: string): t is ScalarType => Object.hasOwn(SCALAR_WIRE, t);

const compiled = new Map<string, MessageSchema>();

/** The schema of a fully-qualified message, e.g. `k8s.io.api.apps.v1.Deployment`; undefined if unknown. */
export function messageSchema(name: string): MessageSchema | undefined {
  const hit = compiled.get(name);
  if (hit) return hit;
  const fields = generated.messages[name];
  if (!fields) return undefined;
  const shape = shapes[name] ?? {};
  const list: FieldSchema[] = fields.map((f) => {
    const scalar = isScalar(f.type) ? f.type : undefined;
    const map = f.label === 'map';
    return {
      number: f.number,
      json: shape.json?.[String(f.number)] ?? f.name,
      repeated: f.label === 'repeated',
      map,
      scalar,
      message: scalar ? undefined : f.type,
      keyScalar: f.keyType !== undefined && isScalar(f.keyType) ? f.keyType : undefined,
      inline: shape.inline?.includes(f.number) ?? false,
      keepZero: shape.keepZero?.includes(f.number) ?? false,
      wireType: map || !scalar ? WireType.LengthDelimited : SCALAR_WIRE[scalar],
    };
  }).sort((a, b) => a.number - b.number);
  const byNumber: (FieldSchema | undefined)[] = [];
  for (const f of list) byNumber[f.number] = f;
  const schema: MessageSchema = { name, fields: list, byNumber, array: arrayMessages.has(name) };
  compiled.set(name, schema);
  return schema;
}

/**
 * The message of a kind as the API serves it: `("apps/v1", "Deployment")` →
 * `k8s.io.api.apps.v1.Deployment`; meta kinds every group registers (`DeleteOptions`,
 * `WatchEvent`) map to meta/v1. Undefined for kinds without a protobuf form (CRs, Table).
 */
export function messageForKind(apiVersion: string, kind: string): string | undefined {
  const kinds = generated.kinds[apiVersion];
  return kinds && Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
}

/** The proto package of an apiVersion (`rbac.authorization.k8s.io/v1` → `k8s.io.api.rbac.v1`). */
export function protoPackageOf(apiVersion: string): string | undefined {
  return Object.hasOwn(generated.groupVersions, apiVersion) ? generated.groupVersions[apiVersion] : undefined;
}

/** Every apiVersion with built-in protobuf types, e.g. for tests and discovery. */
export function protobufApiVersions(): string[] { return Object.keys(generated.kinds); }

/** The kinds of one apiVersion, mapped to their messages. */
export function protobufKinds(apiVersion: string): Readonly<Record<string, string>> { return generated.kinds[apiVersion] ?? {}; }
