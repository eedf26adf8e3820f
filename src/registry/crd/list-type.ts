/**
 * The uniqueness invariants of `x-kubernetes-list-type`, after apiextensions-apiserver
 * pkg/apiserver/schema/listtype/validation.go (ValidateListSetsAndMaps):
 * - `set`: every item is unique; each value seen again is reported once, at its second index;
 * - `map`: items are objects (or null) whose `x-kubernetes-list-map-keys` values are unique; the
 *   duplicate is reported with just its key fields as the value.
 * Paths: `spec.list[1]`, and map values by key, `spec.map[key]` (field.Path.Key).
 */
import { type FieldError, duplicate, invalidValue } from '../../api/field-error.ts';
import { deepEqual } from '../../api/validation/access.ts';
import { type JSONSchemaProps, asSchema, isJsonObject } from './json-schema-props.ts';

/** Validates the lists of a whole object against its schema. */
export function validateListSetsAndMaps(obj: unknown, schema: JSONSchemaProps | undefined): FieldError[] {
  const errs: FieldError[] = [];
  if (schema) walk(obj, schema, '', errs);
  return errs;
}

const child = (path: string, k: string) => (path === '' ? k : `${path}.${k}`);

function walk(x: unknown, s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  if (Array.isArray(x)) {
    validateList(x, s, path, errs);
    const items = asSchema(s.items);
    if (items) x.forEach((v, i) => walk(v, items, `${path}[${i}]`, errs));
    return;
  }
  if (!isJsonObject(x)) return;
  const additional = asSchema(s.additionalProperties);
  if (additional) for (const [k, v] of Object.entries(x)) walk(v, additional, `${path}[${k}]`, errs);
  const props = isJsonObject(s.properties) ? s.properties : undefined;
  if (props) {
    for (const [k, v] of Object.entries(x)) {
      const sub = Object.prototype.hasOwnProperty.call(props, k) ? asSchema(props[k]) : undefined;
      if (sub) walk(v, sub, child(path, k), errs);
    }
  }
}

/** Indexes of the second appearance of each repeated value (validateListSet). */
function secondAppearances(values: readonly unknown[]): number[] {
  const out: number[] = [];
  values.forEach((v, i) => {
    const earlier = values.slice(0, i).filter((w) => deepEqual(v, w)).length;
    if (earlier === 1) out.push(i);
  });
  return out;
}

function validateList(list: unknown[], s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const type = s['x-kubernetes-list-type'];
  if (type === 'set') {
    for (const i of secondAppearances(list)) errs.push(duplicate(`${path}[${i}]`, list[i]));
    return;
  }
  if (type !== 'map') return;
  const bad = list.findIndex((x) => x !== null && !isJsonObject(x));
  if (bad >= 0) {
    errs.push(invalidValue(`${path}[${bad}]`, list[bad], 'must be an object for an array of list-type map'));
    return;
  }
  const keyFields = Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'] : [];
  const keys = list.map((x) => {
    const key: Record<string, unknown> = {};
    if (isJsonObject(x)) for (const f of keyFields) if (Object.prototype.hasOwnProperty.call(x, f)) key[f] = x[f];
    return key;
  });
  for (const i of secondAppearances(keys)) errs.push(duplicate(`${path}[${i}]`, keys[i]));
}
