/**
 * The bridge between client-side apply (the kubectl.kubernetes.io/last-applied-configuration
 * annotation) and server-side apply, for the field manager `kubectl` only, as
 * managedfields/internal/lastappliedmanager.go and lastappliedupdater.go do:
 *
 * - upgrade: a server-side apply by `kubectl` that conflicts only on fields which the live
 *   object's last-applied configuration sets to their live values is retried with force, so
 *   switching `kubectl apply` to `--server-side` takes those fields over from
 *   `kubectl-client-side-apply` without a conflict;
 * - sync: after a server-side apply by `kubectl`, an object that carries the annotation gets it
 *   rewritten to the applied configuration, so a later client-side apply diffs against it.
 */
import type { KubeObject } from '../object.ts';
import { compareTyped } from './compare.ts';
import type { FieldSet } from './field-set.ts';
import { fieldSetOf, isMap } from './typed-fields.ts';
import { goJson } from './path-element.ts';
import type { SchemaNode } from '../schema.ts';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** The one field manager whose applies are bridged (`kubectl apply --server-side`'s default). */
export const KUBECTL_SSA_MANAGER = 'kubectl';

/**
 * The fields that the live object's last-applied configuration sets, minus those whose live
 * value differs from it (allowedConflictsFromLastApplied); undefined when there is no usable
 * annotation (absent, not JSON, or of another apiVersion).
 */
export function fieldsFromLastApplied(live: KubeObject, apiVersion: string, schema: SchemaNode | undefined): FieldSet | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  if (text === undefined || text === '') return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isMap(lastApplied) || lastApplied['apiVersion'] !== apiVersion) return undefined;
  const c = compareTyped(lastApplied, live, schema);
  return fieldSetOf(lastApplied, schema).difference(c.modified).difference(c.added).difference(c.removed);
}

/**
 * buildLastApplied: the applied configuration without the annotation itself, as Go's
 * json.Encoder writes it (keys sorted, trailing newline). An annotations map emptied by the
 * removal stays as `{}`, as unstructured.SetAnnotations keeps a non-nil map.
 */
export function buildLastApplied(applied: KubeObject): string {
  const copy = JSON.parse(JSON.stringify(applied)) as KubeObject;
  const annotations = copy.metadata?.annotations;
  if (annotations !== undefined && annotations !== null) delete annotations[LAST_APPLIED_ANNOTATION];
  return `${goJson(copy)}\n`;
}

const utf8 = new TextEncoder();

/** Annotations may total 256 KiB (apimachinery ValidateAnnotationsSize, TotalAnnotationSizeLimitB). */
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/**
 * SetLastApplied: sets the annotation on `obj`, or removes it when the annotations would then
 * exceed the size limit (the client-side apply annotation is best effort).
 */
export function setLastApplied(obj: KubeObject, value: string): void {
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  annotations[LAST_APPLIED_ANNOTATION] = value;
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) size += utf8.encode(k).length + utf8.encode(v).length;
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) delete annotations[LAST_APPLIED_ANNOTATION];
  obj.metadata.annotations = annotations;
}

export function hasLastApplied(obj: KubeObject): boolean {
  const v = obj.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  return v !== undefined && v !== '';
}
