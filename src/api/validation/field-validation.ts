/**
 * Server-side field validation: the `fieldValidation` query parameter of create, update and
 * patch (Strict, Warn, Ignore), as kube-apiserver v1.32 applies it to built-in kinds
 * (k8s.io/apiserver endpoints/handlers create.go, update.go, rest.go; apimachinery's strict
 * decoders, see strict-decoding.ts):
 *
 * - Strict: any unknown or duplicate field fails the request with 400 BadRequest,
 *   `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error:
 *   unknown field "spec.foo", duplicate field "spec.replicas"` (transformDecodeError);
 * - Warn: each violation becomes one warning (`Warning: 299 - "unknown field \"spec.foo\""`);
 *   a YAML duplicate-key error is split into one warning per line (parseYAMLWarnings);
 * - Ignore: nothing is reported.
 * In Warn and Ignore the object keeps what the typed decode keeps: unknown fields are dropped.
 *
 * Free-form values (RawExtension, apiextensions JSON, FieldsV1, map values such as labels and
 * ConfigMap data keys) have no unknown fields. Custom resources are validated the same way with
 * a SchemaNode built from their structural schema.
 */
import type { GroupVersionKind } from '../object.ts';
import { apiVersionOf, isObject, parseApiVersion } from '../object.ts';
import type { SchemaNode } from '../schema.ts';
import { invalidValue } from '../field-error.ts';
import { type StatusError, badRequest, invalid } from '../status.ts';
import { EMPTY_STRUCTS, MAX_STRICT_ERRORS, fieldOf, strictJsonErrors, yamlStrictError } from './strict-decoding.ts';

export { findDuplicateFields, findYamlDuplicateKeys } from './strict-decoding.ts';

export type FieldValidationMode = 'Strict' | 'Warn' | 'Ignore';

const isStruct = (node: SchemaNode) => node.kind === 'object' || EMPTY_STRUCTS.has(node.name);

/**
 * Visits every field of `value` that a typed decode would look at; `onUnknown` gets the path of
 * each unknown field, and its return value replaces the container's copy when pruning.
 */
function walk(value: unknown, node: SchemaNode, path: string, sortKeys: boolean, onUnknown: (path: string) => void, prune: boolean): unknown {
  if (Array.isArray(value)) {
    const items = node.kind === 'array' ? node.items() : undefined;
    if (items === undefined) return value;
    return value.map((v, i) => walk(v, items, `${path}[${i}]`, sortKeys, onUnknown, prune));
  }
  if (!isObject(value) || !(isStruct(node) || node.kind === 'map')) return value;
  const out: Record<string, unknown> = {};
  const keys = sortKeys ? Object.keys(value).sort() : Object.keys(value);
  for (const key of keys) {
    const at = path === '' ? key : `${path}.${key}`;
    const child = fieldOf(node, key);
    if (child === undefined) {
      onUnknown(at);
      if (!prune) out[key] = value[key];
      continue;
    }
    out[key] = walk(value[key], child, at, sortKeys, onUnknown, prune);
  }
  return out;
}

/**
 * Paths of the fields of `obj` its schema does not declare, as kube-apiserver names them in
 * `unknown field "<path>"` ("spec.template.spec.containers[0].imagePullPolcy", no leading dot).
 * Nothing below an unknown field is reported (the decoder skips its value).
 * @param options.sortKeys visit keys in sorted order, as the YAML path does (YAMLToJSON re-encodes
 *   through a Go map). @default false (the body's own order)
 */
export function findUnknownFields(obj: unknown, schema: SchemaNode, options: { sortKeys?: boolean } = {}): string[] {
  const found: string[] = [];
  walk(obj, schema, '', options.sortKeys ?? false, (p) => found.push(p), false);
  return found;
}

/** A copy of `obj` without the fields its schema does not declare (what a typed decode keeps). */
export function pruneUnknownFields<T>(obj: T, schema: SchemaNode): T {
  return walk(obj, schema, '', false, () => undefined, true) as T;
}

export interface StrictDecodingOptions {
  /**
   * The JSON or YAML request body as received. Without it only unknown fields can be found.
   * Protobuf bodies have no strict checks in kube-apiserver (unknown field numbers are skipped).
   */
  readonly rawBody?: string | Uint8Array;
  /** The body's Content-Type; `yaml` media types get go-yaml's duplicate-key check. */
  readonly contentType?: string;
  readonly schema: SchemaNode;
}

const isYaml = (contentType: string | undefined) => /^application\/(yaml|apply-patch\+yaml)\b/i.test((contentType ?? '').trim());

/**
 * The strict decoding errors of a body, each as Go's error text, in kube-apiserver's order:
 * for JSON unknown and duplicate fields interleaved in document order; for YAML first the
 * go-yaml duplicate-key error, then unknown fields in sorted key order.
 */
export function strictDecodingErrors(obj: unknown, options: StrictDecodingOptions): string[] {
  if (/^application\/vnd\.kubernetes\.protobuf\b/i.test((options.contentType ?? '').trim())) return [];
  const text = options.rawBody === undefined ? undefined : typeof options.rawBody === 'string' ? options.rawBody : new TextDecoder().decode(options.rawBody);
  if (text !== undefined && isYaml(options.contentType)) {
    const yamlError = yamlStrictError(text);
    const unknown = [...new Set(findUnknownFields(obj, options.schema, { sortKeys: true }))].map((p) => `unknown field ${JSON.stringify(p)}`);
    return [...(yamlError === undefined ? [] : [yamlError]), ...unknown.slice(0, MAX_STRICT_ERRORS)];
  }
  if (text !== undefined) return strictJsonErrors(text, options.schema);
  return [...new Set(findUnknownFields(obj, options.schema))].slice(0, MAX_STRICT_ERRORS).map((p) => `unknown field ${JSON.stringify(p)}`);
}

/** runtime.strictDecodingError's text. */
export function strictDecodingMessage(errors: readonly string[]): string {
  return `strict decoding error: ${errors.join(', ')}`;
}

/** apiserver parseYAMLWarnings: a go-yaml error becomes one warning per line, others stay whole. */
export function strictDecodingWarnings(errors: readonly string[]): string[] {
  const prefix = 'yaml: unmarshal errors:\n';
  return errors.flatMap((e) => (e.startsWith(prefix) ? e.slice(prefix.length).split('\n').map((l) => l.trim()) : [e]));
}

export interface FieldValidationOptions extends StrictDecodingOptions {
  readonly mode: FieldValidationMode;
  /** The kind the endpoint serves; also the default of the body's missing apiVersion and kind. */
  readonly gvk: GroupVersionKind;
}

export interface FieldValidationOutcome {
  /** Strict mode found violations: answer this 400 and stop. */
  readonly error?: StatusError;
  /** Warn mode: the texts of the `Warning: 299 - "<text>"` headers, in order. */
  readonly warnings: readonly string[];
  /** The object as the typed decode keeps it: unknown fields dropped (unchanged when there were none). */
  readonly object: unknown;
}

/**
 * Applies a `fieldValidation` mode to a decoded create or update body.
 * @example
 * const { error, warnings, object } = fieldValidationErrors(body, { rawBody, contentType, schema, mode: 'Strict', gvk });
 */
export function fieldValidationErrors(obj: unknown, options: FieldValidationOptions): FieldValidationOutcome {
  if (options.mode === 'Ignore') return { warnings: [], object: pruneUnknownFields(obj, options.schema) };
  const errors = strictDecodingErrors(obj, options);
  if (errors.length === 0) return { warnings: [], object: obj };
  if (options.mode === 'Warn') return { warnings: strictDecodingWarnings(errors), object: pruneUnknownFields(obj, options.schema) };
  // transformDecodeError: the body's own kind and version (defaulted from the endpoint) against the endpoint's kind.
  const body = isObject(obj) ? obj : {};
  const kind = typeof body.kind === 'string' && body.kind !== '' ? body.kind : options.gvk.kind;
  const apiVersion = typeof body.apiVersion === 'string' && body.apiVersion !== '' ? body.apiVersion : apiVersionOf(options.gvk.group, options.gvk.version);
  const { version } = parseApiVersion(apiVersion);
  return {
    error: badRequest(`${kind} in version ${JSON.stringify(version)} cannot be handled as a ${options.gvk.kind}: ${strictDecodingMessage(errors)}`),
    warnings: [],
    object: obj,
  };
}

/**
 * The Strict failure of a PATCH (patch.go applyPatchToCurrentObject / strategicPatchObject): 422
 * Invalid on the field "patch", valued with the patched object as the handler printed it (the
 * JSON text for JSON and merge patches, Go's `%+v` of the map for strategic merge patches):
 * ` "" is invalid: patch: Invalid value: "{…}": strict decoding error: unknown field "spec.foo"`.
 */
export function strictPatchError(errors: readonly string[], patched: string): StatusError {
  return invalid({ group: '', kind: '' }, '', [invalidValue('patch', patched, strictDecodingMessage(errors))]);
}

/**
 * The strict check of a server-side apply body (patch.go applyPatcher): only go-yaml's
 * duplicate keys, on the body read as YAML (JSON included). Unknown fields of an apply are not
 * a decoding matter: the field manager rejects them whatever the mode
 * (`failed to create typed patch object (…): .spec.foo: field not declared in schema`).
 */
export function applyPatchStrictness(text: string, mode: FieldValidationMode): { readonly error?: StatusError; readonly warnings: readonly string[] } {
  if (mode === 'Ignore') return { warnings: [] };
  const yamlError = yamlStrictError(text);
  if (yamlError === undefined) return { warnings: [] };
  // sigs.k8s.io/yaml UnmarshalStrict wraps the go-yaml error.
  const error = `error converting YAML to JSON: ${yamlError}`;
  if (mode === 'Warn') return { warnings: strictDecodingWarnings([yamlError]) };
  return { error: badRequest(`error strict decoding YAML: ${error}`), warnings: [] };
}
