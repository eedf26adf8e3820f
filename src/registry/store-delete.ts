/**
 * The delete verb of the generic Store, after store.go's Delete / updateForGracefulDeletionAndFinalizers:
 * preconditions, propagation-policy finalizers, graceful deletion (deletionTimestamp +
 * deletionGracePeriodSeconds) and the final removal from storage.
 */
import type { KubeObject } from '../api/object.ts';
import { conflict, type GroupResource, notFound } from '../api/status.ts';
import { type Backend, ConflictError, type KeyValue, NotFoundError } from '../storage/backend.ts';
import { type Clock, rfc3339 } from '../util/clock.ts';
import type { DeleteOptions, DeleteResult } from './store-types.ts';
import type { Strategy } from './strategy.ts';

export interface DeleteContext {
  readonly backend: Backend;
  readonly strategy: Strategy;
  readonly clock: Clock;
  readonly groupResource: GroupResource;
  key(namespace: string | undefined, name: string): string;
  decorate(obj: KubeObject): KubeObject;
  decode(kv: KeyValue): KubeObject;
  encode(obj: KubeObject): Uint8Array;
}

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

const MAX_RETRIES = 16;

export async function deleteObject(
  ctx: DeleteContext,
  target: { namespace: string | undefined; name: string; options: DeleteOptions },
): Promise<DeleteResult> {
  const { namespace, name, options } = target;
  const key = ctx.key(namespace, name);
  for (let attempt = 0; ; attempt++) {
    const { kv } = await ctx.backend.get(key);
    if (!kv) throw notFound(ctx.groupResource, name);
    const current = ctx.decode(kv);
    checkPreconditions(ctx, current, options);

    const next = structuredClone(current);
    const meta = next.metadata;
    const finalizersChanged = applyPropagationFinalizers(next, options.propagationPolicy);
    const grace = ctx.strategy.gracePeriodSeconds?.(current, options.gracePeriodSeconds);
    const now = ctx.clock.now();
    let graceChanged = false;

    if (grace !== undefined && grace > 0) {
      // Graceful: mark, and let the owner of the object (the kubelet) finish the delete.
      const pendingUntil = meta.deletionTimestamp ? Date.parse(meta.deletionTimestamp) : Infinity;
      const wanted = now + grace * 1000;
      if (wanted < pendingUntil) {
        meta.deletionTimestamp = rfc3339(wanted);
        meta.deletionGracePeriodSeconds = grace;
        graceChanged = true;
      }
    } else if (meta.finalizers?.length) {
      if (!meta.deletionTimestamp) {
        meta.deletionTimestamp = rfc3339(now);
        meta.deletionGracePeriodSeconds = 0;
        graceChanged = true;
      } else if (meta.deletionGracePeriodSeconds !== 0 && grace === 0) {
        // A forced delete of a gracefully-deleting object with finalizers shortens the grace period.
        meta.deletionGracePeriodSeconds = 0;
        graceChanged = true;
      }
    }

    const held = ctx.strategy.deletionPending?.(next) ?? false;
    if (held && !meta.deletionTimestamp) {
      meta.deletionTimestamp = rfc3339(now);
      meta.deletionGracePeriodSeconds = 0;
      graceChanged = true;
    }
    if (graceChanged) ctx.strategy.prepareForDelete?.(next);
    const pending = held || (meta.finalizers?.length ?? 0) > 0 || (grace !== undefined && grace > 0);
    if (pending) {
      if (!finalizersChanged && !graceChanged) return { object: ctx.decorate(current), deleted: false };
      if (graceChanged && ctx.strategy.tracksGeneration && current.metadata.deletionTimestamp === undefined) {
        // as BeforeDelete: setting deletionTimestamp bumps generation for kinds that track it.
        meta.generation = (meta.generation ?? 0) + 1;
      }
      if (options.dryRun) return { object: ctx.decorate(next), deleted: false };
      try {
        const written = await ctx.backend.update(key, ctx.encode(next), kv.modRevision);
        meta.resourceVersion = String(written.kv.modRevision);
        return { object: ctx.decorate(next), deleted: false };
      } catch (e) {
        if (e instanceof ConflictError && attempt < MAX_RETRIES) continue;
        if (e instanceof NotFoundError) throw notFound(ctx.groupResource, name);
        throw e;
      }
    }

    if (options.dryRun) return { object: ctx.decorate(current), deleted: true };
    try {
      const { revision } = await ctx.backend.delete(key, kv.modRevision);
      // The object a delete returns carries the revision of the delete, as kube's etcd3 store does.
      current.metadata.resourceVersion = String(revision);
      return { object: ctx.decorate(current), deleted: true };
    } catch (e) {
      if (e instanceof ConflictError && attempt < MAX_RETRIES) continue;
      if (e instanceof NotFoundError) throw notFound(ctx.groupResource, name);
      throw e;
    }
  }
}

function checkPreconditions(ctx: DeleteContext, obj: KubeObject, options: DeleteOptions): void {
  const p = options.preconditions;
  if (!p) return;
  if (p.uid && p.uid !== obj.metadata.uid) {
    throw conflict(ctx.groupResource, obj.metadata.name ?? '', `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${obj.metadata.uid}`);
  }
  if (p.resourceVersion && p.resourceVersion !== obj.metadata.resourceVersion) {
    throw conflict(ctx.groupResource, obj.metadata.name ?? '', `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`);
  }
}

/**
 * as store.go's deletionFinalizersForGarbageCollection: Orphan adds the "orphan" finalizer,
 * Foreground adds "foregroundDeletion", Background removes both. Returns whether the list changed.
 */
function applyPropagationFinalizers(obj: KubeObject, policy: DeleteOptions['propagationPolicy']): boolean {
  if (!policy) return false;
  const before = obj.metadata.finalizers ?? [];
  let after = before.filter((f) => f !== FINALIZER_ORPHAN && f !== FINALIZER_FOREGROUND);
  if (policy === 'Orphan') after = [...after, FINALIZER_ORPHAN];
  if (policy === 'Foreground') after = [...after, FINALIZER_FOREGROUND];
  if (after.length === before.length && after.every((f, i) => f === before[i])) return false;
  if (after.length) obj.metadata.finalizers = after; else delete obj.metadata.finalizers;
  return true;
}
