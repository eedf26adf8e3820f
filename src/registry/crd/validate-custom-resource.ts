/**
 * Validation of a custom resource against its version's structural schema, after
 * apiextensions-apiserver pkg/apiserver/validation (ValidateCustomResource,
 * kubeOpenAPIResultToFieldErrors) running kube-openapi's SchemaValidator (pkg/validation/validate:
 * type.go, object_validator.go, slice_validator.go, values.go, schema_props.go) with `in` = "body".
 *
 * Paths and messages are kube's: `spec.replicas: Invalid value: "string": spec.replicas in body
 * must be of type integer: "string"`; arrays index as `spec.ports[0]`; enums become "Unsupported
 * value", required fields "Required value", maxLength "Too long", maxItems/maxProperties
 * "Too many", every other check "Invalid value" with kube-openapi's sentence as detail.
 * `x-kubernetes-int-or-string` is the type list "integer,string" (ConvertJSONSchemaProps).
 * Failures of anyOf/oneOf/allOf/not are not field errors in kube-openapi (errors.New), so kube
 * reports them on a nil path, printed "<nil>"; so does this.
 *
 * Ratcheting (CRDValidationRatcheting, on by default since 1.30): on update, a value deep-equal
 * to the value it correlates with in the stored object passes unchecked. Values correlate by
 * object key, and list items only in `x-kubernetes-list-type: map` lists, by their keys.
 *
 * `x-kubernetes-validations` (CEL rules) are not this file's: they run after it, in
 * validate-cel-rules.ts, when nothing here blocks them (custom-resource-strategy.ts). What is
 * evaluated there: every rule at every schema node, with `self` typed from the schema, transition
 * rules with `oldSelf` (and `optionalOldSelf`), message, messageExpression, reason, fieldPath and
 * ratcheting, with Kubernetes' CEL libraries (api/cel/libraries.ts). What is not: kube's static
 * cost estimate when the CRD is written (a runtime iteration budget guards evaluation instead),
 * rules inside allOf/anyOf/oneOf, order-insensitive equality of set and map lists, and the
 * warnings kube sends for ratcheted errors.
 */
import { type FieldError, invalidValue, notSupported, required, typeInvalid } from '../../api/field-error.ts';
import { deepEqual } from '../../api/validation/access.ts';
import { goFloat } from '../printers/crd.ts';
import { matchesFormat } from './formats.ts';
import { compileRE2 } from '../../api/cel/re2.ts';
import { type JSONSchemaProps, asSchema, childPath, indexPath, isJsonObject } from './json-schema-props.ts';

export interface SchemaValidationOptions {
  /** The stored object, on update: unchanged values are not checked again (ratcheting). */
  readonly old?: unknown;
}

/** Validates a whole custom resource (or any JSON value) against `schema`; no schema, no errors. */
export function validateAgainstSchema(value: unknown, schema: JSONSchemaProps | undefined, options: SchemaValidationOptions = {}): FieldError[] {
  if (!schema) return [];
  const errs: FieldError[] = [];
  const hasOld = Object.prototype.hasOwnProperty.call(options, 'old') && options.old !== undefined;
  validateNode(value, schema, '', hasOld ? { value: options.old } : undefined, errs);
  return errs;
}

/** The correlated old value, when there is one. */
type Old = { readonly value: unknown } | undefined;

/** The JSON type name kube-openapi infers from decoded data (int64 → integer, float64 → number). */
function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

const COMPOSITE_PATH = '<nil>';

function validateNode(v: unknown, s: JSONSchemaProps, path: string, old: Old, errs: FieldError[]): void {
  if (old && deepEqual(v, old.value)) return;
  const types = s['x-kubernetes-int-or-string'] === true ? ['integer', 'string'] : typeof s.type === 'string' && s.type !== '' ? [s.type] : [];
  const name = path;
  if (v === null || v === undefined) {
    if (types.length > 0 && s.nullable !== true) errs.push(typeInvalid(path, 'null', `${name} in body must be of type ${types.join(',')}: "null"`));
    if (Array.isArray(s.enum)) errs.push(notSupported(path, null, enumValues(s.enum)));
    return;
  }
  const actual = jsonType(v);
  if (types.length > 0 && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) {
    errs.push(typeInvalid(path, actual, `${name} in body must be of type ${types.join(',')}: "${actual}"`));
  }
  validateComposition(v, s, path, old, errs);
  if (typeof v === 'string') validateString(v, s, path, errs);
  if (typeof v === 'number') validateNumber(v, s, path, errs);
  if (Array.isArray(v)) validateArray(v, s, path, old, errs);
  if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, v))) errs.push(notSupported(path, v, enumValues(s.enum)));
  if (isJsonObject(v)) validateObject(v, s, path, old, errs);
}

/** Enum values as kube lists them: strings as is, anything else as JSON. */
const enumValues = (values: readonly unknown[]): string[] => values.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));

function validateString(v: string, s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const length = [...v].length; // utf8.RuneCount
  if (typeof s.maxLength === 'number' && length > s.maxLength) {
    // field.TooLong (1.32): the value is not printed.
    errs.push({ type: 'FieldValueTooLong', field: path, detail: `may not be more than ${s.maxLength} ${s.maxLength === 1 ? 'byte' : 'bytes'}` });
  }
  if (typeof s.minLength === 'number' && length < s.minLength) errs.push(invalidValue(path, v, `${path} in body should be at least ${s.minLength} chars long`));
  if (typeof s.pattern === 'string') {
    const re = compilePattern(s.pattern);
    if (re === undefined) errs.push(invalidValue(path, v, `${path} in body should match '${s.pattern}, but pattern is invalid'`));
    else if (!re.test(v)) errs.push(invalidValue(path, v, `${path} in body should match '${s.pattern}'`));
  }
  if (typeof s.format === 'string' && s.format !== '' && !matchesFormat(s.format, v)) {
    errs.push(typeInvalid(path, v, `${path} in body must be of type ${s.format}: ${JSON.stringify(v)}`));
  }
}

/**
 * kube-openapi matches `pattern` with Go's regexp (RE2): the same syntax here, on V8's linear-time
 * engine where it can, so that a pathological pattern in a CRD cannot hang the server.
 */
function compilePattern(p: string): RegExp | undefined {
  const compiled = compileRE2(p);
  return compiled.ok ? compiled.regexp : undefined;
}

/** An integer datum compares with int64(limit) and prints %d; a float datum prints Go's %v. */
const limitText = (v: number, limit: number): string => (Number.isInteger(v) ? String(Math.trunc(limit)) : goFloat(limit));

function validateNumber(v: number, s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
    const q = v / s.multipleOf;
    if (Math.abs(q - Math.round(q)) > 1e-9 * Math.max(1, Math.abs(q))) errs.push(invalidValue(path, v, `${path} in body should be a multiple of ${goFloat(s.multipleOf)}`));
  }
  if (typeof s.maximum === 'number') {
    const limit = Number.isInteger(v) ? Math.trunc(s.maximum) : s.maximum;
    const exclusive = s.exclusiveMaximum === true;
    if (exclusive ? v >= limit : v > limit) {
      errs.push(invalidValue(path, v, `${path} in body should be less than ${exclusive ? '' : 'or equal to '}${limitText(v, s.maximum)}`));
    }
  }
  if (typeof s.minimum === 'number') {
    const limit = Number.isInteger(v) ? Math.trunc(s.minimum) : s.minimum;
    const exclusive = s.exclusiveMinimum === true;
    if (exclusive ? v <= limit : v < limit) {
      errs.push(invalidValue(path, v, `${path} in body should be greater than ${exclusive ? '' : 'or equal to '}${limitText(v, s.minimum)}`));
    }
  }
}

function validateArray(v: unknown[], s: JSONSchemaProps, path: string, old: Old, errs: FieldError[]): void {
  const items = asSchema(s.items);
  if (items) {
    const oldItems = correlateItems(v, s, old);
    v.forEach((item, i) => validateNode(item, items, indexPath(path, i), oldItems[i], errs));
  }
  if (typeof s.minItems === 'number' && v.length < s.minItems) errs.push(invalidValue(path, v.length, `${path} in body should have at least ${s.minItems} items`));
  if (typeof s.maxItems === 'number' && v.length > s.maxItems) {
    errs.push({ type: 'FieldValueTooMany', field: path, badValue: v.length, detail: `must have at most ${s.maxItems} items` });
  }
  if (s.uniqueItems === true && v.some((x, i) => v.slice(0, i).some((y) => deepEqual(x, y)))) {
    errs.push(invalidValue(path, '', `${path} in body shouldn't contain duplicates`));
  }
}

/** Old items correlated by the list-map keys; other lists do not correlate item by item. */
function correlateItems(v: unknown[], s: JSONSchemaProps, old: Old): Old[] {
  const keys = Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'] : [];
  if (!old || !Array.isArray(old.value) || s['x-kubernetes-list-type'] !== 'map' || keys.length === 0) return v.map(() => undefined);
  const oldList = old.value;
  return v.map((item) => {
    if (!isJsonObject(item)) return undefined;
    const match = oldList.find((o) => isJsonObject(o) && keys.every((k) => deepEqual(o[k], item[k])));
    return match === undefined ? undefined : { value: match };
  });
}

function validateObject(v: Record<string, unknown>, s: JSONSchemaProps, path: string, old: Old, errs: FieldError[]): void {
  const n = Object.keys(v).length;
  if (typeof s.minProperties === 'number' && n < s.minProperties) {
    errs.push(invalidValue(path, n, `${path} in body should have at least ${s.minProperties} properties`));
    return;
  }
  if (typeof s.maxProperties === 'number' && n > s.maxProperties) {
    errs.push({ type: 'FieldValueTooMany', field: path, badValue: n, detail: `must have at most ${s.maxProperties} items` });
    return;
  }
  const props = isJsonObject(s.properties) ? s.properties : {};
  const oldObj = old && isJsonObject(old.value) ? old.value : undefined;
  const oldOf = (k: string): Old => (oldObj && Object.prototype.hasOwnProperty.call(oldObj, k) ? { value: oldObj[k] } : undefined);
  if (s.additionalProperties === false) {
    for (const k of Object.keys(v)) {
      // errors.PropertyNotAllowed names the object, with the key as the value.
      if (!Object.prototype.hasOwnProperty.call(props, k)) errs.push(invalidValue(path, k, `${path}.${k} in body is a forbidden property`));
    }
  } else {
    const additional = asSchema(s.additionalProperties);
    if (additional) {
      for (const k of Object.keys(v)) {
        if (!Object.prototype.hasOwnProperty.call(props, k)) validateNode(v[k], additional, childPath(path, k), oldOf(k), errs);
      }
    }
  }
  for (const [k, raw] of Object.entries(props)) {
    const sub = asSchema(raw);
    if (sub && Object.prototype.hasOwnProperty.call(v, k)) validateNode(v[k], sub, childPath(path, k), oldOf(k), errs);
  }
  for (const k of Array.isArray(s.required) ? s.required : []) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) errs.push(required(childPath(path, k), ''));
  }
}

function validateComposition(v: unknown, s: JSONSchemaProps, path: string, old: Old, errs: FieldError[]): void {
  const run = (sub: unknown): FieldError[] => {
    const out: FieldError[] = [];
    const schema = asSchema(sub);
    if (schema) validateNode(v, schema, path, old, out);
    return out;
  };
  const composite = (message: string) => errs.push(invalidValue(COMPOSITE_PATH, '', message));
  if (Array.isArray(s.anyOf) && s.anyOf.length > 0) {
    const results = s.anyOf.map(run);
    if (!results.some((r) => r.length === 0)) {
      composite(`"${path}" must validate at least one schema (anyOf)`);
      errs.push(...fewest(results));
    }
  }
  if (Array.isArray(s.oneOf) && s.oneOf.length > 0) {
    const results = s.oneOf.map(run);
    const valid = results.filter((r) => r.length === 0).length;
    if (valid !== 1) {
      composite(`"${path}" must validate one and only one schema (oneOf). ${valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`}`);
      if (valid === 0) errs.push(...fewest(results));
    }
  }
  if (Array.isArray(s.allOf) && s.allOf.length > 0) {
    const results = s.allOf.map(run);
    const valid = results.filter((r) => r.length === 0).length;
    for (const r of results) errs.push(...r);
    if (valid !== results.length) composite(`"${path}" must validate all the schemas (allOf)${valid === 0 ? '. None validated' : ''}`);
  }
  if (asSchema(s.not) && run(s.not).length === 0) composite(`"${path}" must not validate the schema (not)`);
}

/** The failures of the alternative that came closest (kube-openapi keeps the best MatchCount). */
function fewest(results: FieldError[][]): FieldError[] {
  return results.reduce((best, r) => (r.length < best.length ? r : best), results[0] ?? []);
}
