/**
 * The update verbs of the generic Store, after store.go's Update and the etcd3 store's
 * GuaranteedUpdate: the body brought in line with the stored object (kube's BeforeUpdate), the
 * Strategy's rules for the main resource or its status, generation bumps on spec changes, and a
 * compare-and-swap on the revision the update was based on. rawUpdate bypasses the Strategy.
 */
import type { KubeObject } from '../api/object.ts';
import { badRequest, conflict, invalid, notFound } from '../api/status.ts';
import { ConflictError, NotFoundError } from '../storage/backend.ts';
import { MAX_CAS_RETRIES, type StoreContext } from './store-context.ts';
import { createObject } from './store-create.ts';
import type { UpdateOptions, WriteOptions } from './store-types.ts';

/** Options of the Store's update (PUT). */
export interface PutOptions extends UpdateOptions {
  /**
   * The object as the caller just read it with the Store's get() and has not changed since (the
   * API server reads it for field tracking and admission), so that the update need not read it
   * again. As kube's GuaranteedUpdate with a cachedExistingObject, only a successful
   * compare-and-swap against its resourceVersion proves it current: any other outcome is decided
   * again from a fresh read, so the answer is the one the read would have given.
   */
  readonly cachedExisting?: KubeObject;
}

export interface UpdateTarget {
  readonly namespace: string | undefined;
  readonly name: string;
  readonly input: KubeObject;
  readonly options: PutOptions;
}

/**
 * Replaces an object (PUT). A resourceVersion in the body must match the stored one (409
 * otherwise); without one the update is unconditional, as kube's AllowUnconditionalUpdate, and
 * retried when it loses a race. A missing object is created when the Strategy allows it.
 */
export async function updateObject(ctx: StoreContext, target: UpdateTarget): Promise<{ object: KubeObject; created: boolean }> {
  const { namespace, name, input, options } = target;
  const bodyMeta = input.metadata ?? {};
  if (bodyMeta.name && bodyMeta.name !== name) {
    throw badRequest(`the name of the object (${bodyMeta.name}) does not match the name on the URL (${name})`);
  }
  if (ctx.resource.namespaced && bodyMeta.namespace && namespace && bodyMeta.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  const key = ctx.key(namespace, name);
  if (options.cachedExisting && !options.dryRun) {
    const object = await updateCached(ctx, key, target, options.cachedExisting);
    if (object) return { object, created: false };
  }
  const expectedRv = bodyMeta.resourceVersion;
  const conditional = expectedRv !== undefined && expectedRv !== '';
  for (let attempt = 0; ; attempt++) {
    const { kv } = await ctx.backend.get(key);
    if (!kv) {
      if (!ctx.strategy.allowCreateOnUpdate || options.subresource === 'status') throw notFound(ctx.groupResource, name);
      const body = structuredClone(input);
      delete body.metadata.resourceVersion;
      body.metadata.name = name;
      return { object: ctx.decorate((await createObject(ctx, { namespace, input: body, options })).obj), created: true };
    }
    if (conditional && expectedRv !== String(kv.modRevision)) throw conflict(ctx.groupResource, name);
    const current = ctx.decode(kv);
    const next = prepareNext(ctx, target, current);
    if (!next) return { object: ctx.decorate(current), created: false };
    if (options.dryRun) return { object: ctx.decorate(next), created: false };
    try {
      return { object: await writeUpdate(ctx, key, next, kv.modRevision), created: false };
    } catch (e) {
      if (e instanceof ConflictError && !conditional && attempt < MAX_CAS_RETRIES) continue;
      if (e instanceof ConflictError) throw conflict(ctx.groupResource, name);
      if (e instanceof NotFoundError) throw notFound(ctx.groupResource, name);
      throw e;
    }
  }
}

/**
 * The update tried once on the caller's copy instead of a read (see PutOptions.cachedExisting).
 * Undefined when the copy cannot decide it: a body resourceVersion other than the copy's, an
 * error or no change against the copy, a lost compare-and-swap; the caller then reads and decides.
 */
async function updateCached(ctx: StoreContext, key: string, target: UpdateTarget, cached: KubeObject): Promise<KubeObject | undefined> {
  const revision = cached.metadata.resourceVersion;
  const expectedRv = target.input.metadata?.resourceVersion;
  if (!revision || (expectedRv && expectedRv !== revision)) return undefined;
  let next: KubeObject | undefined;
  try {
    next = prepareNext(ctx, target, cached);
  } catch {
    return undefined; // perhaps only against stale data: the fresh attempt throws it again if not
  }
  if (!next) return undefined;
  try {
    return await writeUpdate(ctx, key, next, Number(revision));
  } catch (e) {
    if (e instanceof ConflictError || e instanceof NotFoundError) return undefined;
    throw e;
  }
}

/** The update body for the object `current`; undefined when it would change nothing. */
function prepareNext(ctx: StoreContext, target: UpdateTarget, current: KubeObject): KubeObject | undefined {
  const next = structuredClone(target.input);
  next.metadata ??= {};
  next.metadata.name = target.name;
  if (ctx.resource.namespaced) next.metadata.namespace = target.namespace;
  return prepareUpdate(ctx, { next, current, subresource: target.options.subresource ?? '' }) ? next : undefined;
}

/** Writes `next` if the stored object is still at `revision`; answers it with its new resourceVersion. */
async function writeUpdate(ctx: StoreContext, key: string, next: KubeObject, revision: number): Promise<KubeObject> {
  const written = await ctx.backend.update(key, ctx.encode(next), revision);
  next.metadata.resourceVersion = String(written.kv.modRevision);
  await deleteIfFinalized(ctx, key, next);
  return ctx.decorate(next);
}

export interface RawUpdateTarget {
  readonly namespace: string | undefined;
  readonly name: string;
  /** Gets a copy of the current object; returns the object to store, or undefined for no change. */
  readonly mutate: (current: KubeObject) => KubeObject | undefined;
  readonly options: WriteOptions;
}

/**
 * Read-modify-write that bypasses the Strategy (no defaulting, validation or status rules), as
 * kube's storage.GuaranteedUpdate used by subresources with their own rules: pods/binding,
 * namespaces/finalize. Retries when it loses a race.
 */
export async function rawUpdate(ctx: StoreContext, target: RawUpdateTarget): Promise<KubeObject> {
  const { name, mutate, options } = target;
  const key = ctx.key(target.namespace, name);
  for (let attempt = 0; ; attempt++) {
    const { kv } = await ctx.backend.get(key);
    if (!kv) throw notFound(ctx.groupResource, name);
    const current = ctx.decode(kv);
    const next = mutate(structuredClone(current));
    if (!next) return ctx.decorate(current);
    if (options.dryRun) return ctx.decorate(next);
    try {
      const written = await ctx.backend.update(key, ctx.encode(next), kv.modRevision);
      const stored = ctx.decorate(ctx.decode(written.kv));
      await deleteIfFinalized(ctx, key, stored);
      return stored;
    } catch (e) {
      if (e instanceof ConflictError && attempt < MAX_CAS_RETRIES) continue;
      if (e instanceof NotFoundError) throw notFound(ctx.groupResource, name);
      throw e;
    }
  }
}

/**
 * as store.go's Update: an object marked for deletion whose last finalizer was just removed is
 * deleted, unless the Strategy still holds it or its graceful deletion is still running (pods with
 * a grace period wait for the kubelet's final zero-grace delete). `obj` carries the revision written.
 */
async function deleteIfFinalized(ctx: StoreContext, key: string, obj: KubeObject): Promise<void> {
  const meta = obj.metadata;
  if (!meta.deletionTimestamp || meta.finalizers?.length || ctx.strategy.deletionPending?.(obj)) return;
  if (meta.deletionGracePeriodSeconds && meta.deletionGracePeriodSeconds > 0 && ctx.strategy.gracePeriodSeconds) return;
  await ctx.backend.delete(key, Number(meta.resourceVersion)).catch(() => undefined);
}

/**
 * Brings an update body in line with the stored object (kube's BeforeUpdate) and validates it.
 * Returns false when nothing would change, so no write (and no new resourceVersion) happens.
 */
function prepareUpdate(ctx: StoreContext, update: { next: KubeObject; current: KubeObject; subresource: string }): boolean {
  const { next, current, subresource } = update;
  const meta = next.metadata;
  const old = current.metadata;
  meta.uid ??= old.uid;
  meta.creationTimestamp = old.creationTimestamp;
  // deletionTimestamp and its grace period are owned by the delete verb.
  if (old.deletionTimestamp) meta.deletionTimestamp = old.deletionTimestamp; else delete meta.deletionTimestamp;
  if (old.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
  else delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  next.apiVersion = ctx.apiVersion;
  next.kind = ctx.resource.kind;
  if (subresource === 'status') {
    keepAllButStatus(next, current);
    ctx.strategy.status?.prepareForUpdate?.(next, current);
  } else {
    ctx.strategy.applyDefaults?.(next);
    ctx.strategy.prepareForUpdate?.(next, current);
    ctx.beforeWrite?.(ctx.key(meta.namespace, meta.name!), next, current);
  }
  const errors = subresource === 'status'
    ? (ctx.strategy.status?.validateUpdate?.(next, current) ?? [])
    : ctx.strategy.validateUpdate(next, current);
  if (errors.length) throw invalid(ctx.groupKind, meta.name ?? '', errors);
  if (ctx.strategy.tracksGeneration) {
    meta.generation = old.generation ?? 1;
    if (subresource !== 'status' && specChanged(next, current)) meta.generation += 1;
  }
  meta.resourceVersion = old.resourceVersion;
  return !sameEncoding(next, current);
}

/**
 * On a status update the spec (everything but metadata and status) and the labels come from the
 * stored object, as kube 1.32's status strategies (e.g. deploymentStatusStrategy.PrepareForUpdate:
 * Spec and Labels reset); other metadata such as annotations may change with the status.
 */
function keepAllButStatus(next: KubeObject, current: KubeObject): void {
  const status = next.status;
  const metadata = next.metadata;
  for (const k of Object.keys(next)) if (k !== 'status' && k !== 'metadata') delete next[k];
  for (const [k, v] of Object.entries(current)) if (k !== 'status' && k !== 'metadata') next[k] = structuredClone(v);
  next.metadata = { ...metadata };
  if (current.metadata.labels) next.metadata.labels = structuredClone(current.metadata.labels); else delete next.metadata.labels;
  if (status === undefined) delete next.status; else next.status = status;
}

function specChanged(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => { const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o; return JSON.stringify(rest); };
  return strip(a) !== strip(b);
}

function sameEncoding(a: KubeObject, b: KubeObject): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
