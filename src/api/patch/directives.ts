/**
 * The directives of a strategic merge patch (apimachinery strategicpatch/patch.go; design docs
 * "strategic-merge-patch.md", "preserve order in strategic merge patch", "add new patchStrategy
 * to clear fields not present in patch"):
 * - `$patch: replace | delete` in a map (or a list item): replace the map / delete it (or the item);
 *   `$patch: merge` is reserved and rejected;
 * - `$retainKeys: [..]` in a map: clear the live map's other keys;
 * - `$setElementOrder/<list>: [..]` beside a list: the order of the merged list;
 * - `$deleteFromPrimitiveList/<list>: [..]` beside a list of primitives: values to remove.
 */
import { isMap } from './element-order.ts';
import { errBadPatchFormatForPrimitiveList, errBadPatchFormatForSetElementOrderList } from './strategic-merge-error.ts';

export const DIRECTIVE_MARKER = '$patch';
export const DELETE_DIRECTIVE = 'delete';
export const REPLACE_DIRECTIVE = 'replace';
export const MERGE_DIRECTIVE = 'merge';
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

/**
 * removeDirectives: a value to store as is, less every map carrying `$patch` (and list items that
 * are such maps); `keep` is false when the value itself is one. Other directives (`$retainKeys`,
 * `$setElementOrder/..`) are left in place, as Kubernetes leaves them: its decoder then reports or
 * drops them as unknown fields. Mutates `value`.
 */
export function removeDirectives(value: unknown): { value: unknown; keep: boolean } {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const r = removeDirectives(item);
      if (r.keep) out.push(r.value);
    }
    return { value: out, keep: true };
  }
  if (isMap(value)) {
    if (Object.hasOwn(value, DIRECTIVE_MARKER)) return { value: null, keep: false };
    for (const key of Object.keys(value)) {
      const r = removeDirectives(value[key]);
      if (r.keep) setField(value, key, r.value);
      else delete value[key];
    }
  }
  return { value, keep: true };
}

/** discardNullValuesFromPatch: drops null-valued keys from maps at any depth (null list items stay). Mutates. */
export function discardNullValues(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) discardNullValues(item);
  } else if (isMap(value)) {
    for (const key of Object.keys(value)) {
      if (value[key] === null) delete value[key];
      else discardNullValues(value[key]);
    }
  }
}

/** extractKey: `$setElementOrder/containers` → `containers`; a malformed directive key is a 400. */
export function extractKey(key: string, prefix: typeof DELETE_FROM_PRIMITIVE_LIST_PREFIX | typeof SET_ELEMENT_ORDER_PREFIX): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === SET_ELEMENT_ORDER_PREFIX ? errBadPatchFormatForSetElementOrderList() : errBadPatchFormatForPrimitiveList();
  }
  return key.slice(slash + 1);
}

/**
 * Sets a field of a decoded JSON object. JSON.parse makes "__proto__" an ordinary own key, but an
 * assignment to it would change the object's prototype instead, so that one is defined.
 */
export function setField(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/**
 * A deep copy of a JSON value, faster than structuredClone on plain data. Like JSON.stringify,
 * it drops properties whose value is undefined and turns undefined list items into null.
 */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => (v === undefined ? null : cloneJson(v))) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) setField(out, key, cloneJson(v));
    }
    return out as T;
  }
  return value;
}
