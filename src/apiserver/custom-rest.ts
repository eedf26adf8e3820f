/**
 * The resources and subresources that kube-apiserver serves with a REST of their own instead of
 * the generic Store's verbs: the review resources (reviews.ts), bindings and pods/binding
 * (BindingREST, binding.ts), pods/eviction (EvictionREST, eviction.ts), namespaces/finalize
 * (FinalizeREST) and the streaming subresources (streaming/). Any other subresource than status
 * and scale is 405 MethodNotSupported.
 */
import { apiVersionOf, type KubeObject } from '../api/object.ts';
import { methodNotSupported, success } from '../api/status.ts';
import { bindPod } from './binding.ts';
import { asKubeObject, decodeBody } from './body.ts';
import { evictPod } from './eviction.ts';
import { negotiate } from './negotiation.ts';
import { dryRunOf } from './request-options.ts';
import type { VerbContext, VerbRequest } from './resource-handler.ts';
import { writeObject } from './respond.ts';
import { answerReview, REVIEW_RESOURCES } from './reviews.ts';
import { handleStreamingRequest, isStreamingRequest } from './streaming/index.ts';

/**
 * Serves the request when it addresses one of these and returns true; false when the generic
 * verbs serve it. Runs after the verb was checked against the resource's verbs.
 */
export async function serveCustomRest(ctx: VerbContext, call: VerbRequest): Promise<boolean> {
  const { info, resource } = call.t;
  const gr = `${resource.group}/${resource.resource}`;
  if (REVIEW_RESOURCES.has(gr) && info.verb === 'create' && !info.subresource) await review(ctx, call);
  else if ((gr === '/bindings' && info.verb === 'create') || (gr === '/pods' && info.subresource === 'binding')) await bind(ctx, call);
  else if (gr === '/pods' && info.subresource === 'eviction') await evict(ctx, call);
  else if (gr === '/namespaces' && info.subresource === 'finalize') await finalizeNamespace(ctx, call);
  else if (isStreamingRequest(call.t)) await handleStreamingRequest(call.req, call.res, call.t, { registry: ctx.deps.registry });
  else if (info.subresource && !['status', 'scale'].includes(info.subresource)) {
    throw methodNotSupported({ group: resource.group, resource: `${resource.resource}/${info.subresource}` }, info.verb);
  } else return false;
  return true;
}

/** A review computes its answer from the request (201 with status filled); nothing is stored. */
async function review(ctx: VerbContext, call: VerbRequest): Promise<void> {
  const { req, res, t } = call;
  const body = await decodeObjectBody(ctx, call);
  const answer = await answerReview(ctx.deps.reviews, { kind: t.resource.kind, body, user: req.user!, namespace: t.info.namespace });
  writeObject(res, 201, answer, negotiate(req.headers.accept, { protobuf: !!ctx.deps.protobufEncode }), ctx.deps.protobufEncode);
}

/** A Binding names its pod in the URL (pods/binding) or in its own metadata (bindings). */
async function bind(ctx: VerbContext, call: VerbRequest): Promise<void> {
  const { req, res, t } = call;
  const raw = decodeBody(await req.body(), req.headers['content-type'], ctx.deps.protobufDecode);
  const body = asKubeObject(raw, { apiVersion: 'v1', kind: 'Binding' });
  const name = t.info.subresource ? t.info.name : (body.metadata.name ?? '');
  await ctx.admit(call, { operation: 'CREATE', object: body, name });
  const pods = ctx.deps.registry.storeFor('', 'v1', 'pods')!;
  await bindPod(pods, { namespace: t.info.namespace, name, body, now: ctx.deps.clock.now(), dryRun: dryRunOf(req.query) });
  writeObject(res, 201, success(), negotiate(req.headers.accept));
}

/** An Eviction answers with the Status evictPod decides (201, or 429 when a budget forbids it). */
async function evict(ctx: VerbContext, call: VerbRequest): Promise<void> {
  const { req, res, t } = call;
  const raw = decodeBody(await req.body(), req.headers['content-type'], ctx.deps.protobufDecode);
  const body = asKubeObject(raw, { apiVersion: (raw as { apiVersion?: string })?.apiVersion === 'policy/v1beta1' ? 'policy/v1beta1' : 'policy/v1', kind: 'Eviction' });
  await ctx.admit(call, { operation: 'CREATE', object: body });
  const pods = ctx.deps.registry.storeFor('', 'v1', 'pods')!;
  const pdbs = ctx.deps.registry.storeFor('policy', 'v1', 'poddisruptionbudgets')!;
  const status = await evictPod({ pods, pdbs, clock: ctx.deps.clock }, { namespace: t.info.namespace, name: t.info.name, body, dryRun: dryRunOf(req.query) });
  writeObject(res, status.code, status, negotiate(req.headers.accept));
}

/** as the namespace FinalizeREST: only spec.finalizers changes, without the Strategy's rules. */
async function finalizeNamespace(ctx: VerbContext, call: VerbRequest): Promise<void> {
  const { req, res, t } = call;
  const body = await decodeObjectBody(ctx, call);
  const finalizers = ((body.spec ?? {}) as { finalizers?: string[] }).finalizers ?? [];
  const updated = await t.store.rawUpdate(undefined, t.info.name, (ns) => {
    ns.spec = { ...((ns.spec ?? {}) as object), finalizers };
    if (finalizers.length === 0) delete (ns.spec as { finalizers?: string[] }).finalizers;
    return ns;
  }, { dryRun: dryRunOf(req.query) });
  writeObject(res, 200, updated, negotiate(req.headers.accept));
}

/** The body as an object of the addressed kind (JSON, YAML or protobuf). */
async function decodeObjectBody(ctx: VerbContext, { req, t }: VerbRequest): Promise<KubeObject> {
  const raw = decodeBody(await req.body(), req.headers['content-type'], ctx.deps.protobufDecode);
  return asKubeObject(raw, { apiVersion: apiVersionOf(t.resource.group, t.resource.version), kind: t.resource.kind });
}
