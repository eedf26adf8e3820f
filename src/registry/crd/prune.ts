/**
 * Pruning of fields a structural schema does not specify, after apiextensions-apiserver
 * pkg/apiserver/schema/pruning/algorithm.go (PruneWithOptions, prune, skipPrune):
 * - an object field without a property schema (and no additionalProperties) is removed;
 * - below `x-kubernetes-preserve-unknown-fields: true` nothing unknown is removed, but the
 *   properties the schema does specify are still pruned inside;
 * - the resource root, and every `x-kubernetes-embedded-resource` object, keep apiVersion, kind
 *   and metadata; metadata is then cut down to the ObjectMeta fields, as kube's objectmeta.Coerce
 *   does when it decodes metadata into metav1.ObjectMeta.
 *
 * Mutates `obj` in place and returns the paths of the removed fields (kube turns these into
 * `unknown field "spec.foo"` warnings or, with fieldValidation=Strict, a 400).
 */
import {
  type JSONSchemaProps, type JsonObject, OBJECT_META_FIELDS, asSchema, childPath, hasProperty, indexPath, isEmbeddedResource,
  isJsonObject, preservesUnknownFields,
} from './json-schema-props.ts';

const TYPE_META = new Set(['apiVersion', 'kind']);

/** Prunes a whole custom resource against its version's openAPIV3Schema (the root counts as an embedded resource). */
export function pruneCustomResource(obj: JsonObject, schema: JSONSchemaProps | undefined): string[] {
  const removed: string[] = [];
  const root: JSONSchemaProps = { ...(schema ?? {}), 'x-kubernetes-embedded-resource': true };
  prune(obj, root, '', removed);
  return removed;
}

function prune(x: unknown, s: JSONSchemaProps | undefined, path: string, removed: string[]): void {
  if (preservesUnknownFields(s)) {
    skipPrune(x, s!, path, removed);
    return;
  }
  if (Array.isArray(x)) {
    x.forEach((v, i) => prune(v, asSchema(s?.items), indexPath(path, i), removed));
    return;
  }
  if (!isJsonObject(x)) return;
  for (const k of Object.keys(x)) {
    if (isEmbeddedResource(s) && keepTypeAndObjectMeta(x, k)) continue;
    if (s && hasProperty(s, k)) prune(x[k], asSchema(s.properties![k]), childPath(path, k), removed);
    else if (s && s.additionalProperties !== undefined) prune(x[k], asSchema(s.additionalProperties), childPath(path, k), removed);
    else {
      removed.push(childPath(path, k));
      delete x[k];
    }
  }
}

/** Inside x-kubernetes-preserve-unknown-fields: unknown fields stay, known ones are pruned below. */
function skipPrune(x: unknown, s: JSONSchemaProps, path: string, removed: string[]): void {
  if (Array.isArray(x)) {
    const items = asSchema(s.items);
    if (items) x.forEach((v, i) => skipPrune(v, items, indexPath(path, i), removed));
    return;
  }
  if (!isJsonObject(x)) return;
  for (const k of Object.keys(x)) {
    if (isEmbeddedResource(s) && keepTypeAndObjectMeta(x, k)) continue;
    if (hasProperty(s, k)) prune(x[k], asSchema(s.properties![k]), childPath(path, k), removed);
    else if (isJsonObject(s.additionalProperties)) prune(x[k], asSchema(s.additionalProperties), childPath(path, k), removed);
  }
}

/** apiVersion, kind and metadata of an embedded resource are not the schema's business; metadata is coerced. */
function keepTypeAndObjectMeta(x: JsonObject, k: string): boolean {
  if (TYPE_META.has(k)) return true;
  if (k !== 'metadata') return false;
  const meta = x[k];
  if (isJsonObject(meta)) for (const f of Object.keys(meta)) if (!OBJECT_META_FIELDS.has(f)) delete meta[f];
  return true;
}
