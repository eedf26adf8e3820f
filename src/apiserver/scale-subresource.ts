/**
 * The scale subresource of kinds whose Strategy has a `scale` (the replicated workloads, and
 * custom resources with a scale subresource), as kube's ScaleREST: an autoscaling/v1 Scale is
 * read from the object, and an update or patch of it writes only the object's replica count,
 * with UPDATE admission of the object. Always answered untransformed (no Table).
 */
import type { KubeObject } from '../api/object.ts';
import { badRequest, notFound } from '../api/status.ts';
import { parseJson } from './body.ts';
import { applyPatch } from './patch.ts';
import { dryRunOf, namespaceOf } from './request-options.ts';
import type { NegotiatedRequest, ResolvedTarget, VerbContext } from './resource-handler.ts';

export async function getScale(ctx: VerbContext, call: NegotiatedRequest): Promise<void> {
  const obj = await call.t.store.get(namespaceOf(call.t), call.t.info.name);
  sendScale(ctx, call, obj);
}

/** PUT of a Scale: only spec.replicas is read from the body. */
export async function updateScale(ctx: VerbContext, call: NegotiatedRequest): Promise<void> {
  const dryRun = dryRunOf(call.req.query);
  const raw = parseJson(await call.req.body());
  const replicas = (raw as { spec?: { replicas?: unknown } })?.spec?.replicas;
  sendScale(ctx, call, await writeScale(ctx, call, { replicas, dryRun }));
}

/** PATCH of a Scale: the patch applies to the current Scale (no strategic merge schema). */
export async function patchScale(ctx: VerbContext, call: NegotiatedRequest): Promise<void> {
  const { req, t } = call;
  const dryRun = dryRunOf(req.query);
  const body = await req.body();
  const obj = await t.store.get(namespaceOf(t), t.info.name);
  const patched = applyPatch(toScale(t, obj) as unknown as KubeObject, body, req.headers['content-type'], { schemaKind: undefined });
  const replicas = (patched as { spec?: { replicas?: unknown } }).spec?.replicas;
  sendScale(ctx, call, await writeScale(ctx, call, { replicas, dryRun }));
}

async function writeScale(ctx: VerbContext, call: NegotiatedRequest, write: { replicas: unknown; dryRun: boolean }): Promise<KubeObject> {
  const { t } = call;
  const { replicas } = write;
  const scale = t.store.strategy.scale;
  if (!scale) throw notFound({ group: t.resource.group, resource: `${t.resource.resource}/scale` }, t.info.name);
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw badRequest(`Scale.autoscaling "${t.info.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`);
  }
  return t.store.guaranteedUpdate(namespaceOf(t), t.info.name, async (current) => {
    scale.setReplicas(current, replicas);
    await ctx.admit(call, { operation: 'UPDATE', object: current });
    return current;
  }, { dryRun: write.dryRun });
}

function sendScale(ctx: VerbContext, call: NegotiatedRequest, obj: KubeObject): void {
  ctx.send({ ...call, negotiated: { ...call.negotiated, as: undefined } }, { status: 200, object: toScale(call.t, obj) });
}

/** The autoscaling/v1 Scale of an object with a scale subresource. */
function toScale(t: ResolvedTarget, obj: KubeObject) {
  const scale = t.store.strategy.scale;
  if (!scale) throw notFound({ group: t.resource.group, resource: `${t.resource.resource}/scale` }, t.info.name);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: scale.replicas(obj) },
    status: { replicas: scale.statusReplicas(obj), selector: scale.selector(obj) },
  };
}
