/**
 * Total readers for the untyped JSON of a {@link KubeObject}. Printers see objects as decoded from
 * storage, so every field may be absent or of the wrong type; these readers return the Go zero
 * value instead (`""`, `0`, empty map/list), which is what kube-apiserver's printers see after
 * decoding into typed structs. They allocate nothing, so a 10,000-row Table stays cheap.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

const EMPTY_OBJECT: JsonObject = Object.freeze({});
const EMPTY_ARRAY: readonly unknown[] = Object.freeze([]);

/** The value if it is a JSON object, else an empty object. */
export function obj(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : EMPTY_OBJECT;
}

/** The value if it is a JSON object, else undefined: for Go pointer-to-struct fields where nil matters. */
export function optObj(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** The value if it is a JSON array, else an empty array. */
export function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : EMPTY_ARRAY;
}

/** The value if it is a string, else "". */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The value if it is a finite number, else 0. */
export function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** The value if it is a number, else undefined: for Go pointer fields (`*int32`) where nil matters. */
export function optNum(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The value if it is a string, else undefined: for Go `*string` fields where nil matters. */
export function optStr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value if it is a boolean, else undefined: for Go `*bool` fields. */
export function optBool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** Number of keys of a JSON object (0 when absent), as Go's len(map). */
export function size(value: unknown): number {
  let n = 0;
  for (const key in obj(value)) if (Object.hasOwn(value as object, key)) n++;
  return n;
}

/**
 * A resource.Quantity as kube prints it. Quantities are canonical strings on the wire (the API
 * server canonicalises them when decoding), so the stored string is printed as is; a number
 * (possible in hand-written JSON) is printed in decimal.
 * @param missing what Go prints for an absent quantity: "0" for a value (`map[...]` lookup),
 *   "<nil>" for a nil `*Quantity`.
 */
export function quantity(value: unknown, missing: '0' | '<nil>'): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return missing;
}

/** intstr.IntOrString.String(): the integer in decimal or the string as is. */
export function intOrString(value: unknown): string {
  return typeof value === 'number' ? String(Math.trunc(value)) : str(value);
}
