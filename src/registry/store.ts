/**
 * The generic Store: Kubernetes object semantics written once for every kind, after
 * kube-apiserver's registry/generic/registry/store.go. A kind contributes only a {@link Strategy}.
 *
 * What the Store owns: storage keys, uid and creationTimestamp, generateName, resourceVersion
 * (= the storage modRevision), generation bumps on spec changes, optimistic concurrency (409),
 * status/main-resource separation, dry run, finalizers and deletionTimestamp, graceful deletion,
 * list paging at a revision, and watch with selector-aware event transitions.
 *
 * The verbs live in files of their own (store-create.ts, store-list.ts, store-update.ts,
 * store-delete.ts, store-watch.ts), each given the {@link StoreContext} this class builds once.
 */
import type { KubeObject, KubeList } from '../api/object.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import { conflict, notFound } from '../api/status.ts';
import type { Clock } from '../util/clock.ts';
import type { IdSource } from '../util/ids.ts';
import type { Backend, KeyValue } from '../storage/backend.ts';
import { decodeObject, encodeObject, rawJsonWithRevision, storedPrefix } from './object-codec.ts';
import { MAX_CAS_RETRIES, type StoreContext } from './store-context.ts';
import { createObject } from './store-create.ts';
import { deleteObject } from './store-delete.ts';
import { listJson, listObjects } from './store-list.ts';
import type { DeleteOptions, DeleteResult, ListOptions, UpdateOptions, WatchOptions, WriteOptions } from './store-types.ts';
import { type PutOptions, rawUpdate, updateObject } from './store-update.ts';
import { watchStore } from './store-watch.ts';
import type { Strategy } from './strategy.ts';
import type { Conversion } from './conversion/conversion.ts';

export interface StoreOptions {
  readonly backend: Backend;
  readonly resource: ResourceInfo;
  readonly strategy: Strategy;
  readonly clock: Clock;
  readonly ids: IdSource;
  /** Storage key prefix without trailing slash, e.g. "/registry/pods". */
  readonly keyPrefix: string;
  /**
   * Runs after the Strategy prepared a create (old absent) or update and before validation, with
   * the storage key: resource allocation such as Service ClusterIPs and NodePorts.
   */
  readonly beforeWrite?: (key: string, obj: KubeObject, old?: KubeObject) => void;
  /** Conversion to and from the storage version when this served version is not it. */
  readonly conversion?: Conversion;
}

export class Store {
  readonly resource: ResourceInfo;
  readonly strategy: Strategy;
  private readonly backend: Backend;
  private readonly clock: Clock;
  private readonly prefix: string;
  private readonly conversion?: Conversion;
  private readonly ctx: StoreContext;

  constructor(options: StoreOptions) {
    this.backend = options.backend;
    this.resource = options.resource;
    this.strategy = options.strategy;
    this.clock = options.clock;
    this.prefix = options.keyPrefix;
    this.conversion = options.conversion;
    const { group, resource, kind } = this.resource;
    const apiVersion = apiVersionOf(this.resource);
    const prefixText = storedPrefix(apiVersion, kind);
    this.ctx = {
      backend: this.backend, strategy: this.strategy, clock: this.clock, ids: options.ids,
      resource: this.resource, apiVersion, groupResource: { group, resource }, groupKind: { group, kind },
      beforeWrite: options.beforeWrite,
      key: (ns, n) => this.keyFor(ns, n), listPrefix: (ns) => this.listPrefix(ns),
      decode: (kv) => this.decode(kv), encode: (o) => this.encode(o), decorate: (o) => this.withTypeMeta(o),
      rawJson: this.conversion ? undefined : (kv) => rawJsonWithRevision(kv, prefixText),
    };
  }

  /** Stored bytes → served object (a fresh copy the caller owns). */
  private decode(kv: KeyValue): KubeObject {
    const obj = decodeObject(kv);
    return this.conversion ? this.conversion.fromStorage(obj) : obj;
  }

  /** Served object → stored bytes; `obj` is not changed. */
  private encode(obj: KubeObject): Uint8Array {
    return encodeObject(this.conversion ? this.conversion.toStorage(structuredClone(obj)) : obj);
  }

  /** The storage key of one object; namespace is ignored for cluster-scoped kinds. */
  keyFor(namespace: string | undefined, name: string): string {
    return this.resource.namespaced ? `${this.prefix}/${namespace}/${name}` : `${this.prefix}/${name}`;
  }

  /** The key prefix of a list: one namespace, or every object of the kind. */
  listPrefix(namespace: string | undefined): string {
    return this.resource.namespaced && namespace ? `${this.prefix}/${namespace}/` : `${this.prefix}/`;
  }

  /** metadata.name, metadata.namespace and the kind's own field-selector fields. */
  fieldsOf(obj: KubeObject): Record<string, string> {
    const fields: Record<string, string> = { 'metadata.name': obj.metadata.name ?? '' };
    if (this.resource.namespaced) fields['metadata.namespace'] = obj.metadata.namespace ?? '';
    return this.strategy.fieldSet ? { ...fields, ...this.strategy.fieldSet(obj) } : fields;
  }

  async get(namespace: string | undefined, name: string): Promise<KubeObject> {
    const { kv } = await this.backend.get(this.keyFor(namespace, name));
    if (!kv) throw notFound(this.ctx.groupResource, name);
    return this.withTypeMeta(this.decode(kv));
  }

  /**
   * One object as JSON text, without decoding it when possible (no conversion): the fast path of
   * JSON GETs. Same answer as JSON.stringify(await get(...)).
   */
  async getJson(namespace: string | undefined, name: string): Promise<string> {
    const { kv } = await this.backend.get(this.keyFor(namespace, name));
    if (!kv) throw notFound(this.ctx.groupResource, name);
    return this.ctx.rawJson?.(kv) ?? JSON.stringify(this.withTypeMeta(this.decode(kv)));
  }

  /**
   * A whole list as JSON text for lists without selectors, splicing stored JSON; undefined when
   * the fast path does not apply, and the caller then uses list(). See store-list.ts.
   */
  listJson(namespace: string | undefined, options: ListOptions = {}): Promise<string | undefined> {
    return listJson(this.ctx, { namespace, options });
  }

  list(namespace: string | undefined, options: ListOptions = {}): Promise<KubeList> {
    return listObjects(this.ctx, { namespace, options });
  }

  async create(namespace: string | undefined, input: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    return this.withTypeMeta((await createObject(this.ctx, { namespace, input, options })).obj);
  }

  /**
   * create(), answered as JSON text spliced from the stored bytes when possible instead of
   * encoding the object a second time: the fast path of JSON creates. Same answer as
   * JSON.stringify(await create(...)).
   */
  async createJson(namespace: string | undefined, input: KubeObject, options: WriteOptions = {}): Promise<string> {
    const { obj, kv } = await createObject(this.ctx, { namespace, input, options });
    return (kv && this.ctx.rawJson?.(kv)) ?? JSON.stringify(this.withTypeMeta(obj));
  }

  /**
   * Replaces an object (PUT). A resourceVersion in the body must match the stored one (409
   * otherwise); without one the update is unconditional, as kube's AllowUnconditionalUpdate.
   * See store-update.ts, and PutOptions.cachedExisting for a caller that has just read the object.
   */
  update(namespace: string | undefined, name: string, input: KubeObject, options: PutOptions = {}): Promise<{ object: KubeObject; created: boolean }> {
    return updateObject(this.ctx, { namespace, name, input, options });
  }

  /**
   * Read-modify-write with retries on conflict, for PATCH and internal updates. `mutate` gets a
   * fresh copy of the current object and returns the desired object (or throws a StatusError).
   */
  async guaranteedUpdate(
    namespace: string | undefined,
    name: string,
    mutate: (current: KubeObject) => KubeObject | Promise<KubeObject>,
    options: UpdateOptions = {},
  ): Promise<KubeObject> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.get(namespace, name);
      const desired = await mutate(structuredClone(current));
      desired.metadata ??= {};
      // A resourceVersion the mutation put in (e.g. a patch carrying one) is a precondition.
      const pinned = desired.metadata.resourceVersion && desired.metadata.resourceVersion !== current.metadata.resourceVersion;
      if (pinned) throw conflict(this.ctx.groupResource, name);
      desired.metadata.resourceVersion = current.metadata.resourceVersion;
      try {
        // `current` was just read and is unchanged (mutate got a copy): no second read.
        return (await this.update(namespace, name, desired, { ...options, cachedExisting: current })).object;
      } catch (e) {
        const isConflict = (e as { code?: number }).code === 409 && (e as { reason?: string }).reason === 'Conflict';
        if (isConflict && attempt < MAX_CAS_RETRIES) continue;
        throw e;
      }
    }
  }

  /**
   * Read-modify-write that bypasses the Strategy (no defaulting, validation or status rules), as
   * kube's storage.GuaranteedUpdate used by subresources with their own rules: pods/binding,
   * namespaces/finalize. `mutate` returns undefined to leave the object unchanged.
   */
  rawUpdate(namespace: string | undefined, name: string, mutate: (current: KubeObject) => KubeObject | undefined, options: WriteOptions = {}): Promise<KubeObject> {
    return rawUpdate(this.ctx, { namespace, name, mutate, options });
  }

  async delete(namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<DeleteResult> {
    return deleteObject(this.ctx, { namespace, name, options });
  }

  /** Deletes every object a list with the same options would return; returns the deleted list. */
  async deleteCollection(namespace: string | undefined, listOptions: ListOptions, options: DeleteOptions = {}): Promise<KubeList> {
    const list = await this.list(namespace, { predicate: listOptions.predicate });
    const items: KubeObject[] = [];
    for (const item of list.items) {
      try {
        const r = await this.delete(item.metadata.namespace, item.metadata.name!, options);
        items.push(r.object);
      } catch (e) {
        if ((e as { code?: number }).code !== 404) throw e;
      }
    }
    return { ...list, items };
  }

  watch(namespace: string | undefined, options: WatchOptions): Promise<void> {
    return watchStore({
      backend: this.backend,
      prefix: this.listPrefix(namespace),
      decode: (kv) => this.decodeForWatch(kv),
      clock: this.clock,
    }, options);
  }

  /**
   * Watchers of one resource receive the same event objects from the storage watch hub, so an
   * event is decoded once for all of them (kube's watch cache decodes once too): with a kubelet
   * per node each watching its pods, a pod write is otherwise parsed once per node. The decoded
   * object is shared and read-only downstream (watch encoders only serialize it).
   */
  private decodeForWatch(kv: KeyValue): KubeObject {
    let obj = this.watchDecoded.get(kv);
    if (!obj) {
      obj = this.withTypeMeta(this.decode(kv));
      this.watchDecoded.set(kv, obj);
    }
    return obj;
  }

  private readonly watchDecoded = new WeakMap<KeyValue, KubeObject>();

  private withTypeMeta(obj: KubeObject): KubeObject {
    obj.apiVersion = this.ctx.apiVersion;
    obj.kind = this.resource.kind;
    return obj;
  }
}

export function apiVersionOf(r: ResourceInfo): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}
