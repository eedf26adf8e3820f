/**
 * The generic Store: Kubernetes object semantics written once for every kind, after
 * kube-apiserver's registry/generic/registry/store.go. A kind contributes only a {@link Strategy}.
 *
 * What the Store owns: storage keys, uid and creationTimestamp, generateName, resourceVersion
 * (= the storage modRevision), generation bumps on spec changes, optimistic concurrency (409),
 * status/main-resource separation, dry run, finalizers and deletionTimestamp, graceful deletion,
 * list paging at a revision, and watch with selector-aware event transitions.
 */
import type { KubeObject, KubeList } from '../api/object.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import {
  alreadyExists, badRequest, conflict, invalid, notFound, resourceExpired, timeout,
} from '../api/status.ts';
import type { Clock } from '../util/clock.ts';
import { rfc3339 } from '../util/clock.ts';
import type { IdSource } from '../util/ids.ts';
import {
  type Backend, type KeyValue, CompactedError, ConflictError, FutureRevisionError, KeyExistsError, NotFoundError,
} from '../storage/backend.ts';
import { decodeContinue, encodeContinue } from './continue-token.ts';
import { decodeObject, encodeObject, rawJsonWithRevision, storedPrefix } from './object-codec.ts';
import { deleteObject, type DeleteContext } from './store-delete.ts';
import type { DeleteOptions, DeleteResult, ListOptions, UpdateOptions, WatchOptions, WriteOptions } from './store-types.ts';
import { watchStore } from './store-watch.ts';
import { parseResourceVersion } from './resource-version.ts';
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

/** How many times a write retries after losing a compare-and-swap race it did not ask for. */
const MAX_CAS_RETRIES = 16;

export class Store {
  readonly resource: ResourceInfo;
  readonly strategy: Strategy;
  private readonly backend: Backend;
  private readonly clock: Clock;
  private readonly ids: IdSource;
  private readonly prefix: string;
  private readonly beforeWrite?: (key: string, obj: KubeObject, old?: KubeObject) => void;
  private readonly conversion?: Conversion;

  constructor(options: StoreOptions) {
    this.backend = options.backend;
    this.resource = options.resource;
    this.strategy = options.strategy;
    this.clock = options.clock;
    this.ids = options.ids;
    this.prefix = options.keyPrefix;
    this.beforeWrite = options.beforeWrite;
    this.conversion = options.conversion;
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

  private get groupResource() { return { group: this.resource.group, resource: this.resource.resource }; }
  private get groupKind() { return { group: this.resource.group, kind: this.resource.kind }; }

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
    if (!kv) throw notFound(this.groupResource, name);
    return this.withTypeMeta(this.decode(kv));
  }

  /**
   * One object as JSON text, without decoding it when possible (no conversion): the fast path of
   * JSON GETs. Same answer as JSON.stringify(await get(...)).
   */
  async getJson(namespace: string | undefined, name: string): Promise<string> {
    const { kv } = await this.backend.get(this.keyFor(namespace, name));
    if (!kv) throw notFound(this.groupResource, name);
    const raw = this.conversion ? undefined : rawJsonWithRevision(kv, this.prefixText);
    return raw ?? JSON.stringify(this.withTypeMeta(this.decode(kv)));
  }

  /**
   * A whole list as JSON text for lists without selectors, splicing stored JSON instead of
   * decoding and re-encoding every item (a 10,000-pod list is mostly this). Undefined when the
   * fast path does not apply; the caller then uses list().
   */
  async listJson(namespace: string | undefined, options: ListOptions = {}): Promise<string | undefined> {
    if (this.conversion || options.predicate || (options.resourceVersion && options.resourceVersion !== '0')) return undefined;
    const prefix = this.listPrefix(namespace);
    const limit = options.limit && options.limit > 0 ? options.limit : 0;
    let revision: number | undefined;
    let startAfter: string | undefined;
    if (options.continue) {
      const token = decodeContinue(options.continue);
      revision = token.revision;
      startAfter = prefix + token.startAfter;
    }
    let page;
    try {
      page = await this.backend.list(prefix, { limit, startAfter, revision });
    } catch (e) {
      if (e instanceof CompactedError || e instanceof FutureRevisionError) return undefined; // list() words the error
      throw e;
    }
    const items: string[] = new Array(page.kvs.length);
    for (let i = 0; i < page.kvs.length; i++) {
      const kv = page.kvs[i];
      items[i] = rawJsonWithRevision(kv, this.prefixText) ?? JSON.stringify(this.withTypeMeta(this.decode(kv)));
    }
    const last = page.kvs[page.kvs.length - 1];
    const cont = page.more && last ? `,"continue":${JSON.stringify(encodeContinue(page.revision, last.key.slice(prefix.length)))}` : '';
    return `{"kind":${JSON.stringify(this.resource.listKind)},"apiVersion":${JSON.stringify(apiVersionOf(this.resource))},"metadata":{"resourceVersion":"${page.revision}"${cont}},"items":[${items.join(',')}]}`;
  }

  private get prefixText(): string {
    return (this.cachedPrefix ??= storedPrefix(apiVersionOf(this.resource), this.resource.kind));
  }

  private cachedPrefix?: string;

  async list(namespace: string | undefined, options: ListOptions = {}): Promise<KubeList> {
    const prefix = this.listPrefix(namespace);
    let revision: number | undefined;
    let startAfter: string | undefined;
    if (options.continue) {
      const token = decodeContinue(options.continue);
      revision = token.revision;
      startAfter = prefix + token.startAfter;
    } else if (options.resourceVersion && options.resourceVersion !== '0') {
      const rv = parseResourceVersion(options.resourceVersion);
      const current = await this.backend.currentRevision();
      if (options.resourceVersionMatch === 'Exact') revision = rv;
      else if (rv > current) throw timeout(`Too large resource version: ${rv}, current: ${current}`, 1);
    }
    const limit = options.limit && options.limit > 0 ? options.limit : 0;
    const items: KubeObject[] = [];
    let readAt = revision;
    let more = false;
    let lastKey: string | undefined;
    try {
      // With a predicate, keep reading pages until `limit` matches are found (as etcd3 store's GetList).
      for (;;) {
        const page = await this.backend.list(prefix, { limit: limit ? Math.max(limit - items.length, limit) : 0, startAfter, revision: readAt });
        readAt = page.revision;
        for (let i = 0; i < page.kvs.length; i++) {
          const kv = page.kvs[i];
          const obj = this.decode(kv);
          lastKey = kv.key;
          if (options.predicate && !options.predicate(obj)) continue;
          items.push(this.withTypeMeta(obj));
          if (limit && items.length === limit) {
            more = page.more || i < page.kvs.length - 1;
            break;
          }
        }
        if (!page.more || (limit && items.length === limit)) break;
        startAfter = page.kvs[page.kvs.length - 1]?.key;
      }
    } catch (e) {
      if (e instanceof CompactedError) {
        throw options.continue
          ? resourceExpired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.')
          : resourceExpired(`too old resource version: ${revision} (${e.compacted})`);
      }
      if (e instanceof FutureRevisionError) throw timeout(`Too large resource version: ${e.requested}, current: ${e.current}`, 1);
      throw e;
    }
    const metadata: KubeList['metadata'] = { resourceVersion: String(readAt ?? (await this.backend.currentRevision())) };
    if (more && lastKey) metadata.continue = encodeContinue(readAt!, lastKey.slice(prefix.length));
    return { apiVersion: apiVersionOf(this.resource), kind: this.resource.listKind, metadata, items };
  }

  async create(namespace: string | undefined, input: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    return this.withTypeMeta((await this.#create(namespace, input, options)).obj);
  }

  /**
   * create(), answered as JSON text spliced from the stored bytes when possible instead of
   * encoding the object a second time: the fast path of JSON creates. Same answer as
   * JSON.stringify(await create(...)).
   */
  async createJson(namespace: string | undefined, input: KubeObject, options: WriteOptions = {}): Promise<string> {
    const { obj, kv } = await this.#create(namespace, input, options);
    const raw = kv && !this.conversion ? rawJsonWithRevision(kv, this.prefixText) : undefined;
    return raw ?? JSON.stringify(this.withTypeMeta(obj));
  }

  /** The object as created (no type meta) and its stored kv (none for a dry run). */
  async #create(namespace: string | undefined, input: KubeObject, options: WriteOptions): Promise<{ obj: KubeObject; kv?: KeyValue }> {
    const obj = options.adopt ? input : structuredClone(input);
    const meta = obj.metadata ?? (obj.metadata = {});
    if (this.resource.namespaced) {
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
      if (generated) meta.name = meta.generateName + this.ids.suffix(5);
      this.fillCreateMeta(obj);
      this.strategy.applyDefaults?.(obj);
      this.strategy.prepareForCreate?.(obj);
      this.beforeWrite?.(this.keyFor(meta.namespace, meta.name!), obj);
      const errors = this.strategy.validate(obj);
      if (errors.length) throw invalid(this.groupKind, meta.name ?? meta.generateName ?? '', errors);
      if (options.dryRun) {
        const existing = await this.backend.get(this.keyFor(meta.namespace, meta.name!));
        if (existing.kv) throw alreadyExists(this.groupResource, meta.name!);
        return { obj };
      }
      try {
        const { kv } = await this.backend.create(this.keyFor(meta.namespace, meta.name!), this.encode(obj));
        // The object as stored is `obj` with its revision: JSON encoding drops the same undefined
        // members the stored bytes lack, so no decode is needed for the answer.
        meta.resourceVersion = String(kv.modRevision);
        return { obj, kv };
      } catch (e) {
        // as kube-apiserver since 1.30: a generateName collision is retried with a new suffix.
        if (e instanceof KeyExistsError && generated && attempt < 8) continue;
        if (e instanceof KeyExistsError) throw alreadyExists(this.groupResource, meta.name!);
        throw e;
      }
    }
  }

  /**
   * Replaces an object (PUT). A resourceVersion in the body must match the stored one (409
   * otherwise); without one the update is unconditional, as kube's AllowUnconditionalUpdate.
   */
  async update(namespace: string | undefined, name: string, input: KubeObject, options: UpdateOptions = {}): Promise<{ object: KubeObject; created: boolean }> {
    const bodyMeta = input.metadata ?? {};
    if (bodyMeta.name && bodyMeta.name !== name) {
      throw badRequest(`the name of the object (${bodyMeta.name}) does not match the name on the URL (${name})`);
    }
    if (this.resource.namespaced && bodyMeta.namespace && namespace && bodyMeta.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const expectedRv = bodyMeta.resourceVersion;
    for (let attempt = 0; ; attempt++) {
      const key = this.keyFor(namespace, name);
      const { kv } = await this.backend.get(key);
      if (!kv) {
        if (!this.strategy.allowCreateOnUpdate || options.subresource === 'status') throw notFound(this.groupResource, name);
        const body = structuredClone(input);
        delete body.metadata.resourceVersion;
        body.metadata.name = name;
        return { object: await this.create(namespace, body, options), created: true };
      }
      if (expectedRv !== undefined && expectedRv !== '' && expectedRv !== String(kv.modRevision)) {
        throw conflict(this.groupResource, name);
      }
      const current = this.decode(kv);
      const next = structuredClone(input);
      next.metadata ??= {};
      next.metadata.name = name;
      if (this.resource.namespaced) next.metadata.namespace = namespace;
      const changed = this.prepareUpdate(next, current, options.subresource ?? '');
      if (!changed) return { object: this.withTypeMeta(current), created: false };
      if (options.dryRun) return { object: this.withTypeMeta(next), created: false };
      try {
        const written = await this.backend.update(key, this.encode(next), kv.modRevision);
        next.metadata.resourceVersion = String(written.kv.modRevision);
      } catch (e) {
        if (e instanceof ConflictError && (expectedRv === undefined || expectedRv === '') && attempt < MAX_CAS_RETRIES) continue;
        if (e instanceof ConflictError) throw conflict(this.groupResource, name);
        if (e instanceof NotFoundError) throw notFound(this.groupResource, name);
        throw e;
      }
      // as store.go's Update: an object marked for deletion whose last finalizer was just removed is deleted.
      if (next.metadata.deletionTimestamp && !(next.metadata.finalizers?.length) && !this.strategy.deletionPending?.(next) && this.isReadyToDelete(next)) {
        await this.backend.delete(key, Number(next.metadata.resourceVersion)).catch(() => undefined);
      }
      return { object: this.withTypeMeta(next), created: false };
    }
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
      if (pinned) throw conflict(this.groupResource, name);
      desired.metadata.resourceVersion = current.metadata.resourceVersion;
      try {
        return (await this.update(namespace, name, desired, options)).object;
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
  async rawUpdate(namespace: string | undefined, name: string, mutate: (current: KubeObject) => KubeObject | undefined, options: WriteOptions = {}): Promise<KubeObject> {
    const key = this.keyFor(namespace, name);
    for (let attempt = 0; ; attempt++) {
      const { kv } = await this.backend.get(key);
      if (!kv) throw notFound(this.groupResource, name);
      const current = this.decode(kv);
      const next = mutate(structuredClone(current));
      if (!next) return this.withTypeMeta(current);
      if (options.dryRun) return this.withTypeMeta(next);
      try {
        const written = await this.backend.update(key, this.encode(next), kv.modRevision);
        const stored = this.withTypeMeta(this.decode(written.kv));
        if (stored.metadata.deletionTimestamp && !(stored.metadata.finalizers?.length) && !this.strategy.deletionPending?.(stored) && this.isReadyToDelete(stored)) {
          await this.backend.delete(key, written.kv.modRevision).catch(() => undefined);
        }
        return stored;
      } catch (e) {
        if (e instanceof ConflictError && attempt < MAX_CAS_RETRIES) continue;
        if (e instanceof NotFoundError) throw notFound(this.groupResource, name);
        throw e;
      }
    }
  }

  async delete(namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<DeleteResult> {
    return deleteObject(this.deleteContext(), { namespace, name, options });
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

  private deleteContext(): DeleteContext {
    return {
      backend: this.backend, strategy: this.strategy, clock: this.clock, groupResource: this.groupResource,
      key: (ns, n) => this.keyFor(ns, n), decorate: (o) => this.withTypeMeta(o),
      decode: (kv) => this.decode(kv), encode: (o) => this.encode(o),
    };
  }

  /** System fields of a new object, as kube's FillObjectMetaSystemFields plus BeforeCreate. */
  private fillCreateMeta(obj: KubeObject): void {
    const meta = obj.metadata;
    meta.uid = this.ids.uid();
    meta.creationTimestamp = rfc3339(this.clock.now());
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.selfLink;
    if (this.strategy.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    if (this.strategy.defaultFinalizers?.length) {
      meta.finalizers = [...new Set([...(meta.finalizers ?? []), ...this.strategy.defaultFinalizers])];
    }
    obj.apiVersion = apiVersionOf(this.resource);
    obj.kind = this.resource.kind;
  }

  /**
   * Brings an update body in line with the stored object (kube's BeforeUpdate) and validates it.
   * Returns false when nothing would change, so no write (and no new resourceVersion) happens.
   */
  private prepareUpdate(next: KubeObject, current: KubeObject, subresource: string): boolean {
    const meta = next.metadata;
    const old = current.metadata;
    meta.uid ??= old.uid;
    meta.creationTimestamp = old.creationTimestamp;
    // deletionTimestamp and its grace period are owned by the delete verb.
    if (old.deletionTimestamp) meta.deletionTimestamp = old.deletionTimestamp; else delete meta.deletionTimestamp;
    if (old.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
    else delete meta.deletionGracePeriodSeconds;
    delete meta.selfLink;
    next.apiVersion = apiVersionOf(this.resource);
    next.kind = this.resource.kind;
    if (subresource === 'status') {
      keepAllButStatus(next, current);
      this.strategy.status?.prepareForUpdate?.(next, current);
    } else {
      this.strategy.applyDefaults?.(next);
      this.strategy.prepareForUpdate?.(next, current);
      this.beforeWrite?.(this.keyFor(meta.namespace, meta.name!), next, current);
    }
    const errors = subresource === 'status'
      ? (this.strategy.status?.validateUpdate?.(next, current) ?? [])
      : this.strategy.validateUpdate(next, current);
    if (errors.length) throw invalid(this.groupKind, meta.name ?? '', errors);
    if (this.strategy.tracksGeneration) {
      meta.generation = old.generation ?? 1;
      if (subresource !== 'status' && specChanged(next, current)) meta.generation += 1;
    }
    meta.resourceVersion = old.resourceVersion;
    return !sameEncoding(next, current);
  }

  private isReadyToDelete(obj: KubeObject): boolean {
    // Pods with a grace period still running wait for the kubelet's final zero-grace delete.
    return !(obj.metadata.deletionGracePeriodSeconds && obj.metadata.deletionGracePeriodSeconds > 0 && this.strategy.gracePeriodSeconds);
  }

  private withTypeMeta(obj: KubeObject): KubeObject {
    obj.apiVersion = apiVersionOf(this.resource);
    obj.kind = this.resource.kind;
    return obj;
  }
}

export function apiVersionOf(r: ResourceInfo): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
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

