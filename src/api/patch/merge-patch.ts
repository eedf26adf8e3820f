/**
 * JSON merge patch (RFC 7386, `application/merge-patch+json`) as kube-apiserver applies it: with
 * gopkg.in/evanphx/json-patch.v4 (v4.12) MergePatch, called from the apiserver's patch handler
 * (k8s.io/apiserver/pkg/endpoints/handlers/patch.go).
 *
 * Rules: a `null` member deletes the key; an object member merges recursively; anything else
 * (arrays included) replaces. Nulls inside a value that lands where there was nothing to merge
 * with are pruned, because a merge patch cannot store a null. Inputs are never mutated and
 * results share no objects with them.
 */
import type { JsonValue } from '../object.ts';
import { badRequest } from '../status.ts';

export type JsonObject = { [key: string]: JsonValue };

const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Defines `key` as an own data property, so a "__proto__" key from JSON stays a plain key. */
function put(obj: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Applies a decoded merge patch body (the parsed request JSON) to `original`, a decoded JSON
 * document such as a KubeObject, as kube-apiserver does:
 * - `null` or a scalar body is 400 `Invalid JSON Patch` (evanphx ErrBadJSONPatch);
 * - an array body replaces the document (its objects pruned of nulls); the handler then fails to
 *   decode it as an object, which is the caller's 422;
 * - an object body merges into an object document, or replaces a non-object one.
 */
export function applyMergePatch(original: unknown, patch: unknown): JsonValue {
  if (patch === null || typeof patch !== 'object') throw badRequest('Invalid JSON Patch');
  return mergePatch(original as JsonValue, patch as JsonValue);
}

/**
 * The value-level merge: `patch` applied to `target`. An object patch merges into an object
 * target; a non-object patch replaces the target (RFC 7386 section 2), pruned of nulls when it
 * is an array (evanphx pruneAryNulls keeps null elements but prunes the objects inside).
 */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (Array.isArray(patch)) return pruneNulls(patch);
  if (!isObject(patch)) return patch;
  if (!isObject(target)) return pruneNulls(patch);
  return mergeInto(clone(target) as JsonObject, patch);
}

/** Merges `patch` into `out`, which is our own copy. */
function mergeInto(out: JsonObject, patch: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
      continue;
    }
    const cur = Object.hasOwn(out, key) ? out[key] : null;
    if (cur === null || !isObject(cur)) {
      // a new key, one holding null, or a non-object: nothing to merge with, so nulls inside are dropped
      put(out, key, pruneNulls(value));
    } else if (!isObject(value)) {
      // as evanphx merge(): a non-object replacing an object is taken as is, without pruning
      put(out, key, clone(value));
    } else {
      mergeInto(cur, value);
    }
  }
  return out;
}

/** A deep copy, so results share nothing with the inputs. */
function clone(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(clone);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) put(out, k, clone(v));
  return out;
}

/** evanphx pruneNulls: drops null members of objects at every depth; null array elements stay. */
function pruneNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map((v) => (v === null ? null : pruneNulls(v)));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) put(out, k, pruneNulls(v));
  return out;
}

/**
 * The merge patch that turns `original` into `modified` (evanphx CreateMergePatch): changed and
 * added keys with their new values, removed keys as null, nested objects diffed recursively,
 * arrays and scalars replaced whole when not deeply equal.
 */
export function createMergePatch(original: JsonObject, modified: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const [key, b] of Object.entries(modified)) {
    if (!Object.hasOwn(original, key)) {
      put(patch, key, b);
      continue;
    }
    const a = original[key];
    if (isObject(a) && isObject(b)) {
      const nested = createMergePatch(a, b);
      if (Object.keys(nested).length > 0) put(patch, key, nested);
    } else if (!jsonEqual(a, b)) {
      put(patch, key, b);
    }
  }
  for (const key of Object.keys(original)) if (!Object.hasOwn(modified, key)) put(patch, key, null);
  return patch;
}

/** Deep equality of JSON values (evanphx matchesValue): same types, same members, same order in arrays. */
export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}
