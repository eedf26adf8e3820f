/**
 * The schema look-ups of a strategic merge patch, answering as kube-apiserver's
 * strategicpatch.PatchMetaFromStruct answers from the Go types (meta.go and the forked
 * encoding/json fields.go): the server applies patches with the Go structs, not with OpenAPI.
 * So a field is only found in a struct (an `object` node): looking a field up in a map, in
 * free-form JSON (RawExtension, FieldsV1: Go structs with no JSON fields) or in a field the struct
 * lacks fails with the Go message. The failures reach the client as 500s; they arise only when a
 * patch and the live object both hold a map or a list at such a place.
 */
import type { SchemaNode } from '../schema.ts';
import { errOther } from './strategic-merge-error.ts';

export interface PatchMeta {
  /** The `patchStrategy` tag split on commas: [''] when the field has none. */
  readonly strategies: readonly string[];
  /** The `patchMergeKey` tag, '' when none. */
  readonly mergeKey: string;
}

export interface FieldLookup {
  /** The schema of the field's value (for a slice: of its items). */
  readonly schema: SchemaNode;
  readonly meta: PatchMeta;
}

const GO_PRIMITIVE_KIND: Readonly<Record<string, string>> = { string: 'string', integer: 'int64', number: 'float64', boolean: 'bool' };

/** The Go type name of a node, as reflect's Type.Name() would print it ("PodSpec"). */
export function goTypeName(node: SchemaNode): string {
  return node.name.slice(node.name.lastIndexOf('.') + 1);
}

/** The reflect.Kind name of the Go type at a node, as PatchMetaFromStruct.Name() prints it. */
export function goKind(node: SchemaNode): string {
  switch (node.kind) {
    case 'object': case 'unknown': return 'struct';
    case 'map': return 'map';
    case 'array': return 'slice';
    default: return GO_PRIMITIVE_KIND[node.type ?? ''] ?? 'struct';
  }
}

/** LookupPatchMetadataForStruct: the field `key` of the struct at `parent`. */
export function lookupForStruct(parent: SchemaNode, key: string): FieldLookup {
  const kind = goKind(parent);
  if (kind !== 'struct') throw errOther(`merging an object in json but data type is not struct, instead is: ${kind}`);
  const field = parent.kind === 'object' ? parent.child(key) : undefined;
  if (field === undefined) throw errOther(`unable to find api field in struct ${goTypeName(parent)} for the json field "${key}"`);
  return { schema: field, meta: { strategies: (field.patchStrategy ?? '').split(','), mergeKey: field.patchMergeKey ?? '' } };
}

/** LookupPatchMetadataForSlice: the field `key` of the struct at `parent`, which must be a slice. */
export function lookupForSlice(parent: SchemaNode, key: string): FieldLookup {
  const { schema, meta } = lookupForStruct(parent, key);
  if (schema.kind !== 'array') throw errOther('expected slice or array type, but got: struct');
  const items = schema.items() as SchemaNode;
  if (items.kind === 'array') throw errOther('unexpected slice of slice');
  return { schema: items, meta };
}

/**
 * extractRetainKeysPatchStrategy: splits off `retainKeys` (which only matters when a patch is
 * computed; applying honours the `$retainKeys` directive wherever it appears) and returns the
 * other strategy, '' when none.
 */
export function mainStrategy(strategies: readonly string[]): string {
  if (strategies.length === 1) return strategies[0] === 'retainKeys' ? '' : strategies[0];
  if (strategies.length === 2) {
    if (strategies[0] === 'retainKeys') return strategies[1];
    if (strategies[1] === 'retainKeys') return strategies[0];
  }
  if (strategies.length === 0) return '';
  throw errOther(`unexpected patch strategy: [${strategies.join(' ')}]`);
}
