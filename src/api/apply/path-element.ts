/**
 * Path elements as sigs.k8s.io/structured-merge-diff (fieldpath/element.go, serialize-pe.go) names
 * them: the step from a value to one of its children.
 *
 * - `field` `f:<name>`: a field of a struct or a key of a map;
 * - `key` `k:{"name":"x"}`: the item of an associative list (listType map) whose key fields have
 *   these values; the fields are kept sorted by name, as structured-merge-diff sorts them;
 * - `value` `v:<json>`: the item of a set (listType set) with this scalar value;
 * - `index` `i:<n>`: an item by position. Server-side apply never produces one (atomic lists are
 *   owned whole), but FieldsV1 may hold them, so they parse and print.
 *
 * Every element carries `id`, its FieldsV1 spelling, which is also its identity: two elements
 * are equal exactly when their ids are.
 */
import type { JsonValue } from '../object.ts';

export interface KeyField { readonly name: string; readonly value: JsonValue }

export type PathElement =
  | { readonly kind: 'field'; readonly id: string; readonly name: string }
  | { readonly kind: 'key'; readonly id: string; readonly fields: readonly KeyField[] }
  | { readonly kind: 'value'; readonly id: string; readonly value: JsonValue }
  | { readonly kind: 'index'; readonly id: string; readonly index: number };

export type Path = readonly PathElement[];

/** Field elements are shared: the same few names recur in every object (bounded, reset when full). */
const fieldCache = new Map<string, PathElement>();
const FIELD_CACHE_LIMIT = 10_000;

export function fieldElement(name: string): PathElement {
  let pe = fieldCache.get(name);
  if (pe === undefined) {
    if (fieldCache.size >= FIELD_CACHE_LIMIT) fieldCache.clear();
    pe = Object.freeze({ kind: 'field', id: `f:${name}`, name }) as PathElement;
    fieldCache.set(name, pe);
  }
  return pe;
}

/** @param fields in any order; sorted by name here (FieldList.Sort). */
export function keyElement(fields: readonly KeyField[]): PathElement {
  // Every list item of every write gets one: the copy and sort only when the order is wrong.
  const sorted = isSortedByName(fields) ? fields : [...fields].sort((a, b) => compareStrings(a.name, b.name));
  let json = '{';
  for (let i = 0; i < sorted.length; i++) json += `${i > 0 ? ',' : ''}${goJson(sorted[i]!.name)}:${goJson(sorted[i]!.value)}`;
  return { kind: 'key', id: `k:${json}}`, fields: sorted };
}

function isSortedByName(fields: readonly KeyField[]): boolean {
  for (let i = 1; i < fields.length; i++) if (compareStrings(fields[i - 1]!.name, fields[i]!.name) > 0) return false;
  return true;
}

export function valueElement(value: JsonValue): PathElement {
  return { kind: 'value', id: `v:${goJson(value)}`, value };
}

export function indexElement(index: number): PathElement {
  return { kind: 'index', id: `i:${index}`, index };
}

/** Why a FieldsV1 key is not a path element; `unknown-type` ones are skipped, as upstream does. */
export class PathElementError extends Error {
  override name = 'PathElementError';
  constructor(message: string, readonly unknownType = false) { super(message); }
}

/** Parses a FieldsV1 key (DeserializePathElement). */
export function parsePathElement(s: string): PathElement {
  if (s.length < 2) throw new PathElementError('key must be 2 characters long');
  if (s[1] !== ':') throw new PathElementError(`missing colon: ${s}`);
  const body = s.slice(2);
  switch (s[0]) {
    case 'f': return fieldElement(body);
    case 'v': return valueElement(parseJson(body) as JsonValue);
    case 'k': {
      const obj = parseJson(body);
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new PathElementError(`key element is not a JSON object: ${s}`);
      return keyElement(Object.entries(obj as Record<string, JsonValue>).map(([name, value]) => ({ name, value })));
    }
    case 'i': {
      if (!/^-?\d+$/.test(body)) throw new PathElementError(`strconv.Atoi: parsing ${JSON.stringify(body)}: invalid syntax`);
      return indexElement(Number(body));
    }
    default: throw new PathElementError('unknown path element type', true);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PathElementError((err as Error).message);
  }
}

/** The order of fieldpath PathElement.Compare: fields, then keys, then values, then indexes. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return RANK[a.kind] - RANK[b.kind];
  switch (a.kind) {
    case 'field': return compareStrings(a.name, (b as typeof a).name);
    case 'key': {
      const bf = (b as typeof a).fields;
      for (let i = 0; ; i++) {
        if (i >= a.fields.length || i >= bf.length) return Math.sign(a.fields.length - bf.length);
        const c = compareStrings(a.fields[i]!.name, bf[i]!.name) || compareValues(a.fields[i]!.value, bf[i]!.value);
        if (c !== 0) return c;
      }
    }
    case 'value': return compareValues(a.value, (b as typeof a).value);
    case 'index': return Math.sign(a.index - (b as typeof a).index);
  }
}

const RANK = { field: 0, key: 1, value: 2, index: 3 } as const;

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** value.Compare: numbers, then strings, booleans, lists, maps and null; a total order. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0: return Math.sign((a as number) - (b as number));
    case 1: return compareStrings(a as string, b as string);
    case 2: return a === b ? 0 : a ? 1 : -1;
    case 3: {
      const la = a as unknown[];
      const lb = b as unknown[];
      for (let i = 0; ; i++) {
        if (i >= la.length || i >= lb.length) return Math.sign(la.length - lb.length);
        const c = compareValues(la[i], lb[i]);
        if (c !== 0) return c;
      }
    }
    case 4: {
      const ka = Object.keys(a as object).sort(compareStrings);
      const kb = Object.keys(b as object).sort(compareStrings);
      for (let i = 0; ; i++) {
        if (i >= ka.length || i >= kb.length) return Math.sign(ka.length - kb.length);
        const c = compareStrings(ka[i]!, kb[i]!) || compareValues((a as Record<string, unknown>)[ka[i]!], (b as Record<string, unknown>)[kb[i]!]);
        if (c !== 0) return c;
      }
    }
    default: return 0;
  }
}

function valueRank(v: unknown): number {
  switch (typeof v) {
    case 'number': return 0;
    case 'string': return 1;
    case 'boolean': return 2;
    default: return Array.isArray(v) ? 3 : v === null || v === undefined ? 5 : 4;
  }
}

/**
 * PathElement.String(), the spelling of conflict messages: `.name`, `[name="x",port=80]`,
 * `[="x"]`, `[0]`; strings are Go-quoted (%q), as value.ToString prints them.
 */
export function pathElementString(pe: PathElement): string {
  switch (pe.kind) {
    case 'field': return `.${pe.name}`;
    case 'key': return `[${pe.fields.map((f) => `${f.name}=${valueString(f.value)}`).join(',')}]`;
    case 'value': return `[=${valueString(pe.value)}]`;
    case 'index': return `[${pe.index}]`;
  }
}

/** Path.String(): the element strings joined, e.g. `.spec.template.spec.containers[name="web"].image`. */
export function pathString(path: Path): string {
  return path.map(pathElementString).join('');
}

function valueString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(valueString).join(',')}]`;
  if (typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k}=${valueString(x)}`).join('');
  return String(v);
}

/**
 * JSON as Go's encoding/json (jsoniter ConfigCompatibleWithStandardLibrary) writes it inside a
 * FieldsV1 key: object keys sorted, and `<`, `>`, `&`, U+2028, U+2029 escaped (EscapeHTML).
 */
export function goJson(v: unknown): string {
  // Every list item key of every write is spelled here, mostly plain strings and numbers: those
  // need no JSON.stringify call (~70 ns in V8) to come out the same.
  if (typeof v === 'string' && !NEEDS_ESCAPE.test(v)) return `"${v}"`;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  const json = JSON.stringify(typeof v === 'object' && v !== null ? sortKeys(v) : v);
  return HTML_UNSAFE.test(json) ? json.replace(HTML_UNSAFE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

/** What JSON.stringify escapes in a string (quote, backslash, controls, lone surrogates) or EscapeHTML does. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;
const HTML_UNSAFE = /[<>&\u2028\u2029]/;
const HTML_UNSAFE_ALL = /[<>&\u2028\u2029]/g;

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  const out = Object.create(null) as Record<string, unknown>; // a "__proto__" key stays a key
  for (const k of Object.keys(v).sort(compareStrings)) out[k] = sortKeys((v as Record<string, unknown>)[k]);
  return out;
}
