/**
 * The structured-merge-diff view of a SchemaNode: what kube-openapi's schemaconv (smd.go) makes
 * of an OpenAPI schema, resolved against a value as typed/helpers.go deduceAtom does.
 *
 * - struct (`object`) and `map` nodes are maps; `x-kubernetes-map-type: atomic` makes one a leaf;
 *   a struct's undeclared fields are schema errors;
 * - arrays: `x-kubernetes-list-type` decides (atomic, set, map + list-map-keys); without it a
 *   `x-kubernetes-patch-strategy` of `merge` or `merge,retainKeys` makes the list associative,
 *   keyed by the patch merge key, or a set when there is none; anything else is atomic;
 * - scalars are numeric, string or boolean; IntOrString, Quantity and formatted strings
 *   (date-time, ...) are "untyped" scalars;
 * - free-form JSON is "deduced" (maps granular, lists atomic), as for custom resources without a
 *   schema or with x-kubernetes-preserve-unknown-fields; a RawExtension is "untyped atomic"
 *   (maps atomic too), as schemaconv makeRef special-cases it.
 */
import type { SchemaNode } from '../schema.ts';

export type ScalarType = 'numeric' | 'string' | 'boolean' | 'untyped';

/** A schema position: a generated node, or one of schemaconv's two free-form types. */
export type TypeRef = SchemaNode | 'deduced' | 'untyped-atomic';

export type Atom =
  | { readonly kind: 'scalar'; readonly scalar: ScalarType }
  | { readonly kind: 'list'; readonly atomic: boolean; readonly keys: readonly string[]; readonly item: TypeRef; readonly keyDefaults: KeyDefaults }
  | {
      readonly kind: 'map'; readonly atomic: boolean;
      /** The type of a declared field, else of any key's value; undefined: not declared (a struct's unknown field). */
      readonly field: (name: string) => TypeRef | undefined;
      /** True when `name` is a declared struct field (members of maps are keys, not fields). */
      readonly isField: (name: string) => boolean;
    };

/** Key field → default value, for associative list items that omit a key field. */
export type KeyDefaults = Readonly<Record<string, unknown>>;

/**
 * Defaults of list-map key fields, which structured-merge-diff reads from the OpenAPI `default`
 * (typed/helpers.go getAssociativeKeyDefault). They come from `+default="TCP"` in
 * k8s.io/api/core/v1/types.go and appear in /openapi/v3 but not in the v2 document the schema is
 * generated from, so they are listed here by item definition.
 */
const KEY_DEFAULTS: Readonly<Record<string, KeyDefaults>> = {
  'io.k8s.api.core.v1.ContainerPort': { protocol: 'TCP' },
  'io.k8s.api.core.v1.ServicePort': { protocol: 'TCP' },
};
const NO_DEFAULTS: KeyDefaults = Object.freeze({});
const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const NO_KEYS: readonly string[] = Object.freeze([]);

const DEDUCED_LIST: Atom = { kind: 'list', atomic: true, keys: NO_KEYS, item: 'untyped-atomic', keyDefaults: NO_DEFAULTS };
const UNTYPED_SCALAR: Atom = { kind: 'scalar', scalar: 'untyped' };
const DEDUCED_MAP: Atom = { kind: 'map', atomic: false, field: () => 'deduced', isField: () => false };
const ATOMIC_MAP: Atom = { kind: 'map', atomic: true, field: () => 'untyped-atomic', isField: () => false };

const cache = new WeakMap<SchemaNode, Atom>();

/**
 * The atom of `type` for `value` (deduceAtom): free-form types pick list, map or scalar by the
 * value's shape; a schema node has one atom whatever the value.
 */
export function atomOf(type: TypeRef, value: unknown): Atom {
  if (type === 'deduced' || type === 'untyped-atomic') {
    if (Array.isArray(value)) return DEDUCED_LIST;
    if (typeof value === 'object' && value !== null) return type === 'deduced' ? DEDUCED_MAP : ATOMIC_MAP;
    return UNTYPED_SCALAR;
  }
  let atom = cache.get(type);
  if (atom === undefined) {
    atom = schemaAtom(type);
    if (atom !== undefined) cache.set(type, atom);
  }
  return atom ?? atomOf(type.name === RAW_EXTENSION ? 'untyped-atomic' : 'deduced', value);
}

function schemaAtom(node: SchemaNode): Atom | undefined {
  switch (node.kind) {
    case 'object': {
      const field = memo((name) => node.child(name));
      return { kind: 'map', atomic: node.mapType === 'atomic', field, isField: (name) => field(name) !== undefined };
    }
    case 'map': {
      const element = node.child('') ?? 'deduced';
      return { kind: 'map', atomic: node.mapType === 'atomic', field: () => element, isField: () => false };
    }
    case 'array': {
      const item = node.items() ?? 'deduced';
      const { atomic, keys } = listSemantics(node);
      const itemName = typeof item === 'string' ? '' : item.name;
      return { kind: 'list', atomic, keys, item, keyDefaults: KEY_DEFAULTS[itemName] ?? NO_DEFAULTS };
    }
    case 'primitive': return { kind: 'scalar', scalar: scalarType(node) };
    default: return undefined;
  }
}

// Field lookups by name, remembered per struct (the names of a struct are finite).
function memo(lookup: (name: string) => TypeRef | undefined): (name: string) => TypeRef | undefined {
  const known = new Map<string, TypeRef | undefined>();
  return (name) => {
    const k = known.get(name);
    if (k !== undefined || known.has(name)) return k;
    const t = lookup(name);
    if (known.size < 1000) known.set(name, t);
    return t;
  };
}

/** schemaconv VisitArray: list-type first, then the patch strategy, else atomic. */
function listSemantics(node: SchemaNode): { atomic: boolean; keys: readonly string[] } {
  switch (node.listType) {
    case 'atomic': return { atomic: true, keys: NO_KEYS };
    case 'set': return { atomic: false, keys: NO_KEYS };
    case 'map': return { atomic: false, keys: node.listMapKeys };
    default: break;
  }
  if (node.patchStrategy === 'merge' || node.patchStrategy === 'merge,retainKeys') {
    return { atomic: false, keys: node.patchMergeKey === undefined ? NO_KEYS : [node.patchMergeKey] };
  }
  return { atomic: true, keys: NO_KEYS };
}

// schemaconv VisitPrimitive: Quantity and strings with a format other than "byte" are untyped.
function scalarType(node: SchemaNode): ScalarType {
  if (node.name === QUANTITY || node.isIntOrString) return 'untyped';
  switch (node.type) {
    case 'integer': case 'number': return 'numeric';
    case 'boolean': return 'boolean';
    case 'string': return node.format === undefined || node.format === '' || node.format === 'byte' ? 'string' : 'untyped';
    default: return 'untyped';
  }
}

/** The root type of an object: its schema, or `deduced` when there is none (custom resources). */
export function rootType(schema: SchemaNode | undefined): TypeRef {
  return schema ?? 'deduced';
}
