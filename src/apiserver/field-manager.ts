/**
 * Field ownership on every write, as kube-apiserver's fieldmanager: non-apply writes record the
 * changed fields under the writer's manager (operation Update); server-side apply
 * (application/apply-patch+yaml) merges the applied configuration with conflict detection.
 * Status is a reset field of the main resource and spec of /status, as the kinds' strategies say.
 */
import { applyPatch, FieldSet, fieldElement, managerOrUserAgent, updateManagedFields } from '../api/apply/index.ts';
import type { KubeObject } from '../api/object.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import { schemaForKind } from '../api/schema.ts';
import { invalid } from '../api/status.ts';
import type { Strategy } from '../registry/strategy.ts';
import { rfc3339 } from '../util/clock.ts';
import type { ApiRequest } from './http-types.ts';

export interface FieldManagerContext {
  readonly resource: ResourceInfo;
  readonly strategy: Strategy;
  /** "status", "scale" or "" */
  readonly subresource: string;
  readonly now: number;
}

const apiVersionOf = (r: ResourceInfo) => (r.group === '' ? r.version : `${r.group}/${r.version}`);

function resetFields(ctx: FieldManagerContext): FieldSet | undefined {
  if (!ctx.strategy.status) return undefined;
  return new FieldSet([[fieldElement(ctx.subresource === 'status' ? 'spec' : 'status')]]);
}

/** The manager of a non-apply write: fieldManager, else the User-Agent's program name. */
export function managerOf(req: ApiRequest): string {
  return managerOrUserAgent(req.query.get('fieldManager') ?? undefined, String(req.headers['user-agent'] ?? ''));
}

/** Records a non-apply write's fields in `next.metadata.managedFields`. */
export function trackUpdate(ctx: FieldManagerContext, old: KubeObject | undefined, next: KubeObject, manager: string): KubeObject {
  const r = ctx.resource;
  const { object, managedFields } = updateManagedFields(old, next, {
    manager, operation: 'Update', now: rfc3339(ctx.now), apiVersion: apiVersionOf(r),
    subresource: ctx.subresource || undefined, schema: schemaForKind({ group: r.group, version: r.version, kind: r.kind }),
    resetFields: resetFields(ctx),
  });
  object.metadata.managedFields = managedFields;
  return object;
}

/** The manager of an apply: fieldManager is required (422 otherwise), as kube's patch handler. */
export function applyManagerOf(req: ApiRequest): string {
  const m = req.query.get('fieldManager');
  if (!m) {
    throw invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [{ type: 'FieldValueRequired', field: 'fieldManager', detail: 'is required for apply patch' }]);
  }
  return m;
}

/** Server-side apply of `applied` onto `live` (undefined: create-if-absent). */
export function serverSideApply(ctx: FieldManagerContext, live: KubeObject | undefined, applied: KubeObject, options: { manager: string; force: boolean }): KubeObject {
  const r = ctx.resource;
  const { object, managedFields } = applyPatch(live, applied, {
    manager: options.manager, force: options.force, now: rfc3339(ctx.now), apiVersion: apiVersionOf(r), kind: r.kind,
    subresource: ctx.subresource || undefined, schema: schemaForKind({ group: r.group, version: r.version, kind: r.kind }),
    resetFields: resetFields(ctx),
  });
  object.metadata.managedFields = managedFields;
  return object;
}
