/**
 * The patch verb of a resource or its status: JSON patch, merge patch and strategic merge patch
 * applied to the current object with field tracking and UPDATE admission, retried on conflict
 * (guaranteedUpdate); and server-side apply (application/apply-patch+yaml), which creates an
 * absent object and otherwise merges with field ownership and conflicts (409).
 */
import { apiVersionOf, type KubeObject } from '../api/object.ts';
import { schemaForKind } from '../api/schema.ts';
import { badRequest, invalid } from '../api/status.ts';
import { applyPatchStrictness, findUnknownFields, pruneUnknownFields, strictPatchError } from '../api/validation/field-validation.ts';
import { asKubeObject, decodeBody, mediaTypeOf } from './body.ts';
import { applyManagerOf, managerOf, serverSideApply, trackUpdate } from './field-manager.ts';
import type { ApiRequest } from './http-types.ts';
import { applyPatch } from './patch.ts';
import { dryRunOf, fieldValidationMode, namespaceOf } from './request-options.ts';
import type { NegotiatedRequest, ResolvedTarget, VerbContext } from './resource-handler.ts';

export async function patchResource(ctx: VerbContext, call: NegotiatedRequest): Promise<void> {
  const { req, t } = call;
  const ns = namespaceOf(t);
  const dryRun = dryRunOf(req.query);
  const body = await req.body();
  const contentType = req.headers['content-type'];
  const subresource = t.info.subresource === 'status' ? 'status' : '';
  const force = req.query.get('force');
  if (mediaTypeOf(contentType) === 'application/apply-patch+yaml') return apply(ctx, call, body);
  if (force !== null) {
    throw invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [{ type: 'FieldValueForbidden', field: 'force', detail: 'may not be specified for non-apply patch' }]);
  }
  const manager = managerOf(req);
  const updated = await t.store.guaranteedUpdate(ns, t.info.name, async (current) => {
    const old = structuredClone(current);
    const patched = applyPatch(current, body, contentType, { schemaKind: builtinKind(t) });
    let obj = asKubeObject(patched, { apiVersion: apiVersionOf(t.resource.group, t.resource.version), kind: t.resource.kind });
    strictPatchCheck(req, t, obj);
    if (!subresource) t.store.strategy.applyDefaults?.(obj);
    obj = trackUpdate(ctx.fieldManager(t), old, obj, manager);
    await ctx.admit(call, { operation: 'UPDATE', object: obj, oldObject: old });
    return obj;
  }, { dryRun, subresource });
  ctx.send(call, { status: 200, object: updated });
}

/** Server-side apply: create-if-absent, else merge with field ownership and conflicts (409). */
async function apply(ctx: VerbContext, call: NegotiatedRequest, body: Buffer): Promise<void> {
  const { req, t } = call;
  const ns = namespaceOf(t);
  const dryRun = dryRunOf(req.query);
  const subresource = t.info.subresource === 'status' ? 'status' : '';
  const manager = applyManagerOf(req);
  const force = req.query.get('force') === 'true';
  const strictness = applyPatchStrictness(body.toString('utf8'), fieldValidationMode(req.query));
  if (strictness.error) throw strictness.error;
  const raw = decodeBody(body, 'application/apply-patch+yaml');
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('the apply patch must be an object');
  const applied = raw as KubeObject;
  applied.metadata ??= {};
  if (applied.metadata.name && applied.metadata.name !== t.info.name) {
    throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${t.info.name})`);
  }
  let live: KubeObject | undefined;
  try { live = await t.store.get(ns, t.info.name); } catch (e) { if ((e as { code?: number }).code !== 404) throw e; }
  if (!live && !subresource) {
    const defaulted = structuredClone(applied);
    let obj = serverSideApply(ctx.fieldManager(t), undefined, defaulted, { manager, force });
    obj.metadata.name = t.info.name;
    obj = asKubeObject(obj, { apiVersion: apiVersionOf(t.resource.group, t.resource.version), kind: t.resource.kind });
    t.store.strategy.applyDefaults?.(obj);
    await ctx.admit(call, { operation: 'CREATE', object: obj, name: t.info.name });
    const created = await t.store.create(ns, obj, { dryRun, fieldManager: manager });
    return ctx.send(call, { status: 201, object: created, warnings: strictness.warnings });
  }
  const updated = await t.store.guaranteedUpdate(ns, t.info.name, async (current) => {
    const old = structuredClone(current);
    const obj = serverSideApply(ctx.fieldManager(t), current, applied, { manager, force });
    if (!subresource) t.store.strategy.applyDefaults?.(obj);
    await ctx.admit(call, { operation: 'UPDATE', object: obj, oldObject: old });
    return obj;
  }, { dryRun, subresource });
  ctx.send(call, { status: 200, object: updated, warnings: strictness.warnings });
}

/** The GVK whose schema drives strategic merge patch: built-in kinds only (CRs have no SMP). */
function builtinKind(t: ResolvedTarget) {
  const gvk = { group: t.resource.group, version: t.resource.version, kind: t.resource.kind };
  return schemaForKind(gvk) ? gvk : undefined;
}

/**
 * Strict field validation of a patched object, as kube's patcher: unknown fields after applying
 * the patch are a 422 on `patch` under Strict; Warn and Ignore drop them (the typed decode does).
 */
function strictPatchCheck(req: ApiRequest, t: ResolvedTarget, obj: KubeObject): void {
  const schema = schemaForKind({ group: t.resource.group, version: t.resource.version, kind: t.resource.kind });
  if (!schema) return;
  const mode = fieldValidationMode(req.query);
  const unknown = findUnknownFields(obj, schema);
  if (unknown.length === 0) return;
  if (mode === 'Strict') throw strictPatchError(unknown.map((p) => `unknown field "${p}"`), JSON.stringify(obj));
  const pruned = pruneUnknownFields(obj, schema) as KubeObject;
  for (const k of Object.keys(obj)) delete obj[k];
  Object.assign(obj, pruned);
}
