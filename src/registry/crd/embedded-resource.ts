/**
 * Validation of objects a CRD schema marks `x-kubernetes-embedded-resource: true` (a Pod template
 * inside a custom resource, say), after apiextensions-apiserver
 * pkg/apiserver/schema/objectmeta/validation.go (Validate, validateEmbeddedResource): apiVersion
 * and kind are required strings (kind a mixed-case DNS-1035 label), and metadata, when present,
 * passes ValidateObjectMeta with path-segment names (a missing name is allowed).
 * The resource root itself is not checked here: its metadata is the Store's and strategy's job.
 */
import { type FieldError, invalidValue, required } from '../../api/field-error.ts';
import type { ObjectMeta } from '../../api/object.ts';
import { isDNS1035Label, validatePathSegmentName } from '../../api/validation/names.ts';
import { validateObjectMeta } from '../../api/validation/object-meta.ts';
import { type JSONSchemaProps, asSchema, isEmbeddedResource, isJsonObject } from './json-schema-props.ts';

export function validateEmbeddedResources(obj: unknown, schema: JSONSchemaProps | undefined): FieldError[] {
  const errs: FieldError[] = [];
  if (schema) walk(obj, schema, '', errs);
  return errs;
}

const child = (path: string, k: string) => (path === '' ? k : `${path}.${k}`);

function walk(x: unknown, s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  if (Array.isArray(x)) {
    const items = asSchema(s.items);
    if (items) x.forEach((v, i) => walk(v, items, `${path}[${i}]`, errs));
    return;
  }
  if (!isJsonObject(x)) return;
  if (isEmbeddedResource(s)) errs.push(...validateEmbedded(x, path));
  const props = isJsonObject(s.properties) ? s.properties : {};
  const additional = asSchema(s.additionalProperties);
  for (const [k, v] of Object.entries(x)) {
    if (Object.prototype.hasOwnProperty.call(props, k)) {
      const sub = asSchema(props[k]);
      if (sub) walk(v, sub, child(path, k), errs);
    } else if (additional) walk(v, additional, `${path}[${k}]`, errs);
  }
}

function validateEmbedded(x: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!('apiVersion' in x)) errs.push(required(child(path, 'apiVersion'), ''));
  if (!('kind' in x)) errs.push(required(child(path, 'kind'), ''));
  if ('apiVersion' in x) {
    const v = x.apiVersion;
    const p = child(path, 'apiVersion');
    if (typeof v !== 'string') errs.push(invalidValue(p, v, 'must be a string'));
    else if (v === '') errs.push(invalidValue(p, v, 'must not be empty'));
    else if (v.split('/').length > 2) errs.push(invalidValue(p, v, `unexpected GroupVersion string: ${v}`));
  }
  if ('kind' in x) {
    const v = x.kind;
    const p = child(path, 'kind');
    if (typeof v !== 'string') errs.push(invalidValue(p, v, 'must be a string'));
    else if (v === '') errs.push(invalidValue(p, v, 'must not be empty'));
    else if (isDNS1035Label(v.toLowerCase()).length > 0) errs.push(invalidValue(p, v, `may have mixed case, but should otherwise match: ${isDNS1035Label(v.toLowerCase()).join(',')}`));
  }
  if ('metadata' in x) {
    const p = child(path, 'metadata');
    if (!isJsonObject(x.metadata)) errs.push(invalidValue(p, x.metadata, 'must be an object'));
    else {
      const meta = { ...(x.metadata as ObjectMeta) };
      if (!meta.name) meta.name = 'fakename'; // as kube: a template needs no name
      errs.push(...validateObjectMeta(meta, { namespaced: meta.namespace ? true : false, nameFn: validatePathSegmentName, standardFinalizers: false, path: p }));
    }
  }
  return errs;
}
