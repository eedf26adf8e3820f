/**
 * A shared informer, after client-go's: list then watch one resource, keep a local cache (the
 * Lister reads it), re-list on 410 Expired or a closed watch, and call handlers on add, update
 * and delete. Cached objects are shared and read-only: copy before changing.
 */
import type { GroupVersionResource, KubeObject } from '../api/object.ts';
import type { Client, ListOptions } from '../client/client.ts';
import type { Clock } from '../util/clock.ts';

export interface EventHandlers {
  onAdd?(obj: KubeObject): void;
  onUpdate?(oldObj: KubeObject, newObj: KubeObject): void;
  onDelete?(obj: KubeObject): void;
}

/** "namespace/name", or "name" for cluster-scoped objects: client-go's MetaNamespaceKeyFunc. */
export function keyOf(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name ?? '';
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export interface InformerOptions {
  readonly client: Client;
  readonly resource: GroupVersionResource;
  /** Limits the cache to one namespace. */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly clock: Clock;
}

export class Informer {
  private readonly cache = new Map<string, KubeObject>();
  private readonly handlers: EventHandlers[] = [];
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private readonly indexes = new Map<string, { fn: (o: KubeObject) => string[]; map: Map<string, Set<string>> }>();

  constructor(private readonly options: InformerOptions) {}

  addEventHandler(h: EventHandlers): void {
    this.handlers.push(h);
    if (this.synced) for (const o of this.cache.values()) h.onAdd?.(o);
  }

  /** Adds an index (e.g. pods by spec.nodeName); must be called before start. */
  addIndex(name: string, fn: (o: KubeObject) => string[]): void {
    this.indexes.set(name, { fn, map: new Map() });
  }

  get hasSynced(): boolean { return this.synced; }

  waitForSync(): Promise<void> {
    return this.synced ? Promise.resolve() : new Promise((r) => this.syncWaiters.push(r));
  }

  get(key: string): KubeObject | undefined { return this.cache.get(key); }

  list(namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const o of this.cache.values()) if (!namespace || o.metadata.namespace === namespace) out.push(o);
    return out;
  }

  byIndex(name: string, value: string): KubeObject[] {
    const idx = this.indexes.get(name);
    if (!idx) throw new Error(`no index ${name}`);
    return [...(idx.map.get(value) ?? [])].map((k) => this.cache.get(k)!).filter(Boolean);
  }

  /** Runs until the signal aborts: list, watch, re-list on expiry or disconnect. */
  async run(signal: AbortSignal): Promise<void> {
    const rc = this.options.namespace ? this.options.client.resource(this.options.resource).namespace(this.options.namespace) : this.options.client.resource(this.options.resource);
    const sel: ListOptions = { labelSelector: this.options.labelSelector, fieldSelector: this.options.fieldSelector };
    let backoff = 100;
    while (!signal.aborted) {
      try {
        const list = await rc.list(sel);
        this.replace(list.items);
        let rv = list.metadata.resourceVersion ?? '';
        backoff = 100;
        let expired = false;
        while (!signal.aborted && !expired) {
          const ac = new AbortController();
          const stop = () => ac.abort();
          signal.addEventListener('abort', stop, { once: true });
          try {
            await rc.watch({
              ...sel, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: 300 + Math.floor(Math.random() * 300), signal: ac.signal,
              onEvent: (ev) => {
                if (ev.type === 'ERROR') { expired = true; ac.abort(); return; }
                if (ev.object.metadata?.resourceVersion) rv = ev.object.metadata.resourceVersion;
                if (ev.type === 'BOOKMARK') return;
                if (ev.type === 'DELETED') this.remove(ev.object); else this.upsert(ev.object);
              },
            });
          } catch (e) {
            if ((e as { code?: number }).code === 410) expired = true; else throw e;
          } finally {
            signal.removeEventListener('abort', stop);
          }
        }
      } catch (e) {
        if (signal.aborted) return;
        console.error(`informer ${this.options.resource.resource}: ${(e as Error).message}; retrying`);
        await new Promise<void>((r) => { const c = this.options.clock.setTimer(r, backoff); signal.addEventListener('abort', () => { c(); r(); }, { once: true }); });
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  private replace(items: KubeObject[]): void {
    const seen = new Set<string>();
    for (const o of items) { seen.add(keyOf(o)); this.upsert(o); }
    for (const [k, o] of this.cache) if (!seen.has(k)) this.remove(o);
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  private upsert(obj: KubeObject): void {
    // as client-go's TransformStripManagedFields, which kube's controllers and scheduler install:
    // cached objects drop managedFields, often the largest part of an object and never read here.
    if (obj.metadata.managedFields) delete obj.metadata.managedFields;
    const key = keyOf(obj);
    const old = this.cache.get(key);
    if (old && old.metadata.resourceVersion === obj.metadata.resourceVersion) return;
    this.cache.set(key, obj);
    this.reindex(key, old, obj);
    for (const h of this.handlers) { if (old) h.onUpdate?.(old, obj); else h.onAdd?.(obj); }
  }

  private remove(obj: KubeObject): void {
    const key = keyOf(obj);
    const old = this.cache.get(key);
    if (!old) return;
    this.cache.delete(key);
    this.reindex(key, old, undefined);
    for (const h of this.handlers) h.onDelete?.(obj);
  }

  private reindex(key: string, old: KubeObject | undefined, obj: KubeObject | undefined): void {
    for (const { fn, map } of this.indexes.values()) {
      if (old) for (const v of fn(old)) { const s = map.get(v); s?.delete(key); if (s && s.size === 0) map.delete(v); }
      if (obj) for (const v of fn(obj)) { let s = map.get(v); if (!s) { s = new Set(); map.set(v, s); } s.add(key); }
    }
  }
}
