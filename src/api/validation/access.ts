/**
 * Reading and writing the untyped JSON objects that validation and defaulting work on. Objects
 * arrive as decoded JSON, so every accessor tolerates a wrong type and answers with Go's zero
 * value ("" / [] / undefined), which is what kube's typed code would have seen after decoding.
 * (Type errors themselves are reported by the schema layer, not here.)
 */
export type Obj = Record<string, unknown>;

/** The value as an object, or undefined when it is absent or not an object. */
export function asObj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** The value as an array ([] when absent or not an array). */
export function asArr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The value as a string ("" when absent or not a string), as Go reads an omitted string field. */
export function asStr(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** The value as a finite number, or undefined (a Go pointer left nil). */
export function asNum(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A map[string]string: only the string-valued entries of an object ({} when absent). */
export function asStrMap(v: unknown): Record<string, string> {
  const o = asObj(v);
  const out: Record<string, string> = {};
  if (!o) return out;
  for (const [k, val] of Object.entries(o)) if (typeof val === 'string') out[k] = val;
  return out;
}

/** The object under `key`, created empty when absent (or replaced when not an object). */
export function ensureObj(parent: Obj, key: string): Obj {
  const existing = asObj(parent[key]);
  if (existing) return existing;
  const created: Obj = {};
  parent[key] = created;
  return created;
}

/** The objects of the array under `key` (entries that are not objects are skipped). */
export function objects(v: unknown): Obj[] {
  return asArr(v).map(asObj).filter((o): o is Obj => o !== undefined);
}

/** The string entries of an array (non-strings skipped). */
export function strings(v: unknown): string[] {
  return asArr(v).filter((s): s is string => typeof s === 'string');
}

/** Number of own keys of an object value (0 when absent), as Go's len() of a map. */
export function mapLen(v: unknown): number {
  const o = asObj(v);
  return o ? Object.keys(o).length : 0;
}

/**
 * Deep equality of JSON values, as apiequality.Semantic.DeepEqual sees decoded objects: keys whose
 * value is undefined count as absent; arrays compare in order.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  const oa = asObj(a);
  const ob = asObj(b);
  if (!oa || !ob) return false;
  const ka = Object.keys(oa).filter((k) => oa[k] !== undefined);
  const kb = Object.keys(ob).filter((k) => ob[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(ob, k) && deepEqual(oa[k], ob[k]));
}

/** A deep copy of a JSON value. */
export function clone<T>(v: T): T {
  return v === undefined ? v : (structuredClone(v) as T);
}

/** Sets `obj[key] = value` only when the key is absent (undefined), as `if x == nil { x = ... }`. */
export function setDefault(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value;
}

/** Sets `obj[key] = value` when the key is absent or the empty string, as `if x == "" { x = ... }`. */
export function setDefaultString(o: Obj, key: string, value: string): void {
  if (o[key] === undefined || o[key] === null || o[key] === '') o[key] = value;
}
