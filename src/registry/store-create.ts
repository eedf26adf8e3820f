/**
 * The create verb of the generic Store, after store.go's Create and rest.BeforeCreate: the
 * namespace of the request, system metadata, generateName, the Strategy's defaulting, preparation
 * and validation, then a storage create that fails with 409 AlreadyExists on an existing key.
 */
import type { KubeObject } from '../api/object.ts';
import { alreadyExists, badRequest, invalid } from '../api/status.ts';
import { type KeyValue, KeyExistsError } from '../storage/backend.ts';
import { rfc3339 } from '../util/clock.ts';
import type { StoreContext } from './store-context.ts';
import type { WriteOptions } from './store-types.ts';

export interface CreateTarget {
  readonly namespace: string | undefined;
  readonly input: KubeObject;
  readonly options: WriteOptions;
}

/** The object as created (no type meta) and its stored kv (none for a dry run). */
export async function createObject(ctx: StoreContext, target: CreateTarget): Promise<{ obj: KubeObject; kv?: KeyValue }> {
  const { namespace, input, options } = target;
  const obj = options.adopt ? input : structuredClone(input);
  const meta = obj.metadata ?? (obj.metadata = {});
  if (ctx.resource.namespaced) {
    if (meta.namespace && namespace && meta.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = namespace ?? meta.namespace;
  } else {
    delete meta.namespace;
  }
  if (meta.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
  const generated = !meta.name && !!meta.generateName;
  for (let attempt = 0; ; attempt++) {
    if (generated) meta.name = meta.generateName + ctx.ids.suffix(5);
    fillCreateMeta(ctx, obj);
    ctx.strategy.applyDefaults?.(obj);
    ctx.strategy.prepareForCreate?.(obj);
    ctx.beforeWrite?.(ctx.key(meta.namespace, meta.name!), obj);
    const errors = ctx.strategy.validate(obj);
    if (errors.length) throw invalid(ctx.groupKind, meta.name ?? meta.generateName ?? '', errors);
    if (options.dryRun) {
      const existing = await ctx.backend.get(ctx.key(meta.namespace, meta.name!));
      if (existing.kv) throw alreadyExists(ctx.groupResource, meta.name!);
      return { obj };
    }
    try {
      const { kv } = await ctx.backend.create(ctx.key(meta.namespace, meta.name!), ctx.encode(obj));
      // The object as stored is `obj` with its revision: JSON encoding drops the same undefined
      // members the stored bytes lack, so no decode is needed for the answer.
      meta.resourceVersion = String(kv.modRevision);
      return { obj, kv };
    } catch (e) {
      // as kube-apiserver since 1.30: a generateName collision is retried with a new suffix.
      if (e instanceof KeyExistsError && generated && attempt < 8) continue;
      if (e instanceof KeyExistsError) throw alreadyExists(ctx.groupResource, meta.name!);
      throw e;
    }
  }
}

/** System fields of a new object, as kube's FillObjectMetaSystemFields plus BeforeCreate. */
function fillCreateMeta(ctx: StoreContext, obj: KubeObject): void {
  const meta = obj.metadata;
  meta.uid = ctx.ids.uid();
  meta.creationTimestamp = rfc3339(ctx.clock.now());
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  if (ctx.strategy.tracksGeneration) meta.generation = 1;
  else delete meta.generation;
  if (ctx.strategy.defaultFinalizers?.length) {
    meta.finalizers = [...new Set([...(meta.finalizers ?? []), ...ctx.strategy.defaultFinalizers])];
  }
  obj.apiVersion = ctx.apiVersion;
  obj.kind = ctx.resource.kind;
}
