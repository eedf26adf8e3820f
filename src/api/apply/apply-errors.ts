/**
 * The Status errors of server-side apply, worded as kube-apiserver words them:
 * - 409 Conflict with causes FieldManagerConflict (managedfields/internal/conflict.go
 *   NewConflictError, apimachinery errors.NewApplyConflict: no name, group or kind in details);
 * - 400 for requests apply refuses (versioncheck.go, structuredmerge.go);
 * - 500 with no reason for an object the schema rejects: kube-apiserver returns that plain Go
 *   error, which responsewriters turn into a Status of reason "" (StatusReasonUnknown).
 */
import { badRequest, StatusError, type StatusCause } from '../status.ts';
import { parseManagerIdentifier } from './managed-fields-codec.ts';
import { pathString } from './path-element.ts';
import type { Conflict } from './updater.ts';

/** printManager: `"kubectl"`, `"kubectl-client-side-apply" using apps/v1`, `"x" with subresource "status"`. */
export function printManager(id: string): string {
  const info = parseManagerIdentifier(id);
  let s = JSON.stringify(info.manager);
  if (info.subresource) s += ` with subresource ${JSON.stringify(info.subresource)}`;
  if (info.operation === 'Update') s += ` using ${info.apiVersion ?? ''}`;
  return s;
}

/**
 * `Apply failed with 1 conflict: conflict with "m" using apps/v1: .spec.replicas`, or for several
 * `Apply failed with N conflicts: conflicts with "m":\n- .a\n- .b` grouped by sorted manager.
 */
export function applyConflict(conflicts: readonly Conflict[]): StatusError {
  const causes: StatusCause[] = conflicts.map((c) => ({
    reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.manager)}`, field: pathString(c.path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0]!.manager)}: ${pathString(conflicts[0]!.path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const paths = byManager.get(c.manager) ?? [];
      paths.push(pathString(c.path));
      byManager.set(c.manager, paths);
    }
    const lines: string[] = [];
    for (const manager of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${printManager(manager)}:`);
      for (const p of byManager.get(manager)!) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Conflict',
    details: { causes }, code: 409,
  });
}

/** versioncheck.go: the applied object's apiVersion/kind differ from the endpoint's. */
export function invalidObjectType(apiVersion: string, kind: string): StatusError {
  const slash = apiVersion.indexOf('/');
  const gv = slash < 0 ? `/${apiVersion}` : apiVersion;
  return badRequest(`invalid object type: ${gv}, Kind=${kind}`);
}

export function managedFieldsMustBeNil(): StatusError {
  return badRequest('metadata.managedFields must be nil');
}

/**
 * A Go error surfaced as-is by kube-apiserver: 500, reason "", the error text as message
 * (e.g. `failed to create typed patch object (default/web; apps/v1, Kind=Deployment): ...`).
 */
export function unknownError(message: string): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: '', code: 500 });
}

/** objectGVKNN: `namespace/name; group/version, Kind=Kind`. */
export function describeObject(obj: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: string; namespace?: string } }): string {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const gv = apiVersion.includes('/') ? apiVersion : `/${apiVersion}`;
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}; ${gv}, Kind=${typeof obj.kind === 'string' ? obj.kind : ''}`;
}

/** ValidationErrors.Error(): one error alone, or `errors:` and each on its own indented line. */
export function joinValidationErrors(errors: readonly string[]): string {
  return errors.length === 1 ? errors[0]! : ['errors:', ...errors.map((e) => `  ${e}`)].join('\n');
}
