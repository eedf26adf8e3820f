/**
 * Server-side apply (`PATCH` with `application/apply-patch+yaml`), as kube-apiserver's
 * FieldManager.Apply runs it (k8s.io/apimachinery/pkg/util/managedfields/internal): merge the
 * applied configuration into the live object, remove what the manager stopped applying, move
 * field ownership in metadata.managedFields, and refuse (409) to change fields other managers own
 * unless forced.
 *
 * Pure: the caller (the PATCH handler) decodes the body, defaults and validates the result, and
 * stores it. Status subresource and main-resource endpoints differ only by `subresource` and the
 * Strategy's `resetFields`.
 */
import type { KubeObject, ManagedFieldsEntry } from '../object.ts';
import type { SchemaNode } from '../schema.ts';
import { applyConflict, invalidObjectType, unknownError } from './apply-errors.ts';
import { applyChain } from './field-manager.ts';
import { FieldSet } from './field-set.ts';
import { decodeManagedFields, encodeManagedFields, ManagedFieldsError, rfc3339, type Managed } from './managed-fields-codec.ts';
import { ConflictsError } from './updater.ts';

export interface ApplyOptions {
  /** The fieldManager query parameter (required for apply; the handler rejects an empty one). */
  readonly manager: string;
  /** The force query parameter: take conflicting fields over instead of failing. */
  readonly force: boolean;
  /** The kind's schema; undefined for a custom resource without one (free-form). */
  readonly schema?: SchemaNode | undefined;
  /** The time recorded in the manager's entry (any Date-parsable form; stored as RFC 3339 seconds). */
  readonly now: string;
  /** The endpoint's apiVersion ("apps/v1"): the applied object must carry it. */
  readonly apiVersion: string;
  /** The endpoint's kind; when given, the applied object must carry it too (versioncheck.go). */
  readonly kind?: string | undefined;
  /** "status", "scale", ... for a subresource endpoint; entries are keyed by it. */
  readonly subresource?: string | undefined;
  /**
   * The Strategy's reset fields (GetResetFields): paths this endpoint never gives ownership of,
   * e.g. `status` on the main resource, `spec` on the status subresource.
   * @default none
   */
  readonly resetFields?: FieldSet | undefined;
}

export interface ApplyPatchResult {
  /** The object to store: merged, pruned, with `metadata.managedFields` set (or absent when empty). */
  readonly object: KubeObject;
  readonly managedFields: ManagedFieldsEntry[];
}

/**
 * Applies `applied` over `live` (undefined: the object does not exist; it is created from the
 * configuration, as the PATCH handler's createNewObject does).
 *
 * @throws StatusError 409 Conflict (reason Conflict, causes FieldManagerConflict) on conflicts;
 *   400 for a wrong apiVersion/kind or a managedFields member in `applied`; 500 (reason "") for
 *   a configuration the schema rejects or undecodable live managedFields.
 */
export function applyPatch(live: KubeObject | undefined, applied: KubeObject, options: ApplyOptions): ApplyPatchResult {
  // versioncheck.go
  const appliedApiVersion = typeof applied.apiVersion === 'string' ? applied.apiVersion : '';
  const appliedKind = typeof applied.kind === 'string' ? applied.kind : '';
  if (appliedApiVersion !== options.apiVersion || (options.kind !== undefined && appliedKind !== options.kind)) {
    throw invalidObjectType(appliedApiVersion, appliedKind);
  }
  let managed: Managed;
  try {
    managed = decodeManagedFields(live?.metadata?.managedFields);
  } catch (err) {
    if (err instanceof ManagedFieldsError) throw unknownError(`failed to decode managed fields: ${err.message}`);
    throw err;
  }
  let result;
  try {
    result = applyChain(live, { ...applied, metadata: applied.metadata ?? {} }, managed, options.manager, options.force, {
      schema: options.schema,
      apiVersion: options.apiVersion,
      subresource: options.subresource || undefined,
      now: rfc3339(options.now),
      resetFields: options.resetFields ?? new FieldSet(),
    });
  } catch (err) {
    if (err instanceof ConflictsError) throw applyConflict(err.conflicts);
    throw err;
  }
  const managedFields = encodeManagedFields(result.managed) ?? [];
  const object = result.object;
  object.metadata ??= {};
  if (managedFields.length > 0) object.metadata.managedFields = managedFields;
  else delete object.metadata.managedFields;
  return { object, managedFields };
}
