/**
 * Defaulting from a structural schema's `default` values, after apiextensions-apiserver
 * pkg/apiserver/schema/defaulting: first PruneNonNullableNullsWithoutDefaults (prunenulls.go: a
 * null where the schema is not `nullable` and has no default is removed), then Default
 * (algorithm.go: an absent field, or a non-nullable null, gets a deep copy of its property's
 * default; a null array item or map value gets the items'/additionalProperties' default; then
 * defaulting recurses into every value, the freshly defaulted ones included).
 *
 * kube runs this on every decoded request body (after pruning) and on every read from storage;
 * ekslite runs it on create and update bodies (see custom-resource-strategy.ts).
 */
import { type JSONSchemaProps, asSchema, fieldSchema, isJsonObject } from './json-schema-props.ts';

/** Applies both steps to `x` in place. */
export function applySchemaDefaults(x: unknown, s: JSONSchemaProps | undefined): void {
  pruneNonNullableNullsWithoutDefaults(x, s);
  applyDefaults(x, s);
}

const nonNullableNull = (v: unknown, s: JSONSchemaProps | undefined): boolean => v === null && !!s && s.nullable !== true;

export function pruneNonNullableNullsWithoutDefaults(x: unknown, s: JSONSchemaProps | undefined): void {
  if (Array.isArray(x)) {
    const items = asSchema(s?.items);
    for (const v of x) pruneNonNullableNullsWithoutDefaults(v, items);
    return;
  }
  if (!isJsonObject(x)) return;
  for (const k of Object.keys(x)) {
    const sub = fieldSchema(s, k);
    if (nonNullableNull(x[k], sub) && sub!.default === undefined) delete x[k];
    else pruneNonNullableNullsWithoutDefaults(x[k], sub);
  }
}

export function applyDefaults(x: unknown, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (Array.isArray(x)) {
    const items = asSchema(s.items);
    for (let i = 0; i < x.length; i++) {
      if (nonNullableNull(x[i], items) && items!.default !== undefined) x[i] = structuredClone(items!.default);
      applyDefaults(x[i], items);
    }
    return;
  }
  if (!isJsonObject(x)) return;
  if (isJsonObject(s.properties)) {
    for (const [k, raw] of Object.entries(s.properties)) {
      const prop = asSchema(raw);
      if (prop?.default === undefined) continue;
      if (!(k in x) || nonNullableNull(x[k], prop)) x[k] = structuredClone(prop.default);
    }
  }
  const additional = asSchema(s.additionalProperties);
  for (const k of Object.keys(x)) {
    if (isJsonObject(s.properties) && Object.prototype.hasOwnProperty.call(s.properties, k)) {
      applyDefaults(x[k], asSchema(s.properties[k]));
    } else if (additional) {
      if (nonNullableNull(x[k], additional) && additional.default !== undefined) x[k] = structuredClone(additional.default);
      applyDefaults(x[k], additional);
    }
  }
}
