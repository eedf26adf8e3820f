/**
 * Applies a strategic merge patch (`application/strategic-merge-patch+json`) the way kube-apiserver
 * does: k8s.io/apimachinery/pkg/util/strategicpatch StrategicMergeMapPatch with the Go types of the
 * kind as schema, and the error codes of apiserver/pkg/endpoints/handlers/patch.go.
 *
 * Rules, by the schema of each field (x-kubernetes-patch-strategy / -patch-merge-key):
 * - maps merge recursively; a null value deletes the key; `$patch: replace` in a map replaces it
 *   with the rest of the patch map, `$patch: delete` empties it; `$retainKeys: [..]` clears the
 *   live keys it does not list;
 * - a field with patch strategy `replace` takes the patch map as is;
 * - lists: see strategic-merge-list.ts (merge by key, union of primitives, or replace), ordered by
 *   element-order.ts, with `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`;
 * - a value whose JSON type differs from the live one replaces it.
 * Values new to the live object are copied with their nulls and `$patch` maps dropped.
 *
 * Kinds without a schema (custom resources) cannot take a strategic merge patch: kube-apiserver
 * refuses the content type for them (415) and callers must use a JSON merge patch instead; called
 * without a schema this throws the 400 that strategicpatch answers for unstructured objects.
 */
import type { GroupVersionKind } from '../object.ts';
import { schemaForKind, type SchemaNode } from '../schema.ts';
import { badRequest } from '../status.ts';
import { GoPanic, goHashKey, goTypeOf } from './go-value.ts';
import { isMap } from './element-order.ts';
import { lookupForSlice, lookupForStruct, mainStrategy } from './patch-meta.ts';
import { applySetElementOrder, mergeListField } from './strategic-merge-list.ts';
import {
  DELETE_DIRECTIVE, DELETE_FROM_PRIMITIVE_LIST_PREFIX, DIRECTIVE_MARKER, REPLACE_DIRECTIVE, RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX, cloneJson, discardNullValues, extractKey, removeDirectives, setField,
} from './directives.ts';
import { StrategicMergeError, errBadPatchFormatForRetainKeys, errBadPatchType, errUnsupportedStrategicMergePatchFormat, toStatusError } from './strategic-merge-error.ts';

type JsonMap = Record<string, unknown>;

export interface StrategicMergePatchOptions {
  /** The schema of the object's kind (`schemaForKind`); undefined for kinds without one. */
  readonly schema: SchemaNode | undefined;
}

/** The object's kind, whose built-in schema is looked up, or the schema itself. */
export type StrategicMergePatchTarget = GroupVersionKind | StrategicMergePatchOptions;

/**
 * The object that `patch` makes of `original`; neither argument is modified.
 *
 * @param patch the decoded request body: a JSON object (null leaves the object as it is).
 * @param target the kind of `original` (its built-in schema is used), or `{ schema }`.
 * @throws StatusError 400 for a patch that is not a JSON object, a malformed directive or a kind
 *   without schema; 422 for lists of lists; 500 for a patch that does not fit the object (a list
 *   item without its merge key, a field the kind does not have where both hold maps), as
 *   kube-apiserver answers.
 * @example
 * applyStrategicMergePatch(deployment, { spec: { replicas: 3 } }, { group: 'apps', version: 'v1', kind: 'Deployment' })
 */
export function applyStrategicMergePatch(original: Readonly<JsonMap>, patch: unknown, target: StrategicMergePatchTarget): JsonMap {
  if (patch !== null && !isMap(patch)) {
    // kube-apiserver unmarshals the body into a map[string]interface{} first.
    const what = Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
    throw badRequest(`json: cannot unmarshal ${what} into Go value of type map[string]interface {}`);
  }
  const schema = 'schema' in target ? target.schema : schemaForKind(target);
  if (schema === undefined) throw toStatusError(errUnsupportedStrategicMergePatchFormat());
  const result = cloneJson(original) as JsonMap;
  if (patch === null) return result;
  try {
    return mergeMap(result, cloneJson(patch), schema);
  } catch (err) {
    if (err instanceof StrategicMergeError || err instanceof GoPanic) throw toStatusError(err);
    throw err;
  }
}

/** mergeMap: merges `patch` into `original` (both mutated) at a position described by `schema`. */
function mergeMap(original: JsonMap, patch: JsonMap, schema: SchemaNode): JsonMap {
  if (Object.hasOwn(patch, DIRECTIVE_MARKER)) {
    const directive = patch[DIRECTIVE_MARKER];
    if (directive === REPLACE_DIRECTIVE) {
      delete patch[DIRECTIVE_MARKER];
      return patch;
    }
    if (directive === DELETE_DIRECTIVE) return {};
    throw errBadPatchType(directive, patch);
  }
  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, schema, mergeMap);

  for (const patchKey of Object.keys(patch)) {
    const patchV = patch[patchKey];
    const isDeleteList = patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX);
    const k = isDeleteList ? extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST_PREFIX) : patchKey;
    if (patchV === null) {
      // Deletes the field, even for a `$deleteFromPrimitiveList/<field>: null`.
      delete original[k];
      continue;
    }
    if (!Object.hasOwn(original, k) || goTypeOf(original[k]) !== goTypeOf(patchV)) {
      if (!isDeleteList) store(original, k, patchV, { discardNulls: true });
      continue;
    }
    const live = original[k];
    if (isMap(live)) {
      const { schema: sub, meta } = lookupForStruct(schema, k);
      setField(original, k, mainStrategy(meta.strategies) === REPLACE_DIRECTIVE ? patchV : mergeMap(live, patchV as JsonMap, sub));
    } else if (Array.isArray(live)) {
      const { schema: items, meta } = lookupForSlice(schema, k);
      const field = { items, strategy: mainStrategy(meta.strategies), mergeKey: meta.mergeKey, isDeleteList };
      setField(original, k, mergeListField(live, patchV, field, mergeMap));
    } else {
      store(original, k, patchV, { discardNulls: false });
    }
  }
  return original;
}

/** Sets `original[k]` to the patch value less its `$patch` maps (and nulls), or deletes it if nothing is left. */
function store(original: JsonMap, k: string, value: unknown, opts: { discardNulls: boolean }): void {
  if (opts.discardNulls) discardNullValues(value);
  const r = removeDirectives(value);
  if (r.keep) setField(original, k, r.value);
  else delete original[k];
}

/**
 * applyRetainKeysDirective: with `$retainKeys: [..]` in the patch map, every key of the patch
 * (other than nulls and list directives) must be listed (else 400), and live keys not listed are
 * cleared. Used by union-like structs: Deployment strategy, volume sources.
 */
function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const list = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(list)) throw errBadPatchFormatForRetainKeys();
  const retained = new Set(list.map(goHashKey));
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || k.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    if (!retained.has(goHashKey(k))) throw errBadPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) {
    if (!retained.has(goHashKey(k))) delete original[k];
  }
}
