/**
 * A read cache of one cluster-scoped resource kept current by the Store's own watch, for the API
 * server's admission plugins (kube-apiserver's plugins read such objects through informers too):
 * the Priority plugin reads PriorityClasses on every pod create, NamespaceLifecycle reads
 * Namespaces on every namespaced create.
 */
import type { KubeObject } from '../api/object.ts';
import type { Store } from './store.ts';

export class ObjectCache {
  private readonly objects = new Map<string, KubeObject>();
  private loaded?: Promise<void>;

  constructor(private readonly store: Store, private readonly signal: AbortSignal) {}

  /** Lists and starts watching on first use; later calls share the same load. */
  private load(): Promise<void> {
    this.loaded ??= (async () => {
      const list = await this.store.list(undefined);
      for (const o of list.items) this.objects.set(o.metadata.name!, o);
      await this.store.watch(undefined, {
        resourceVersion: list.metadata.resourceVersion, signal: this.signal,
        onEvent: (ev) => {
          if (ev.type === 'BOOKMARK') return;
          if (ev.type === 'DELETED') this.objects.delete(ev.object.metadata.name!);
          else this.objects.set(ev.object.metadata.name!, ev.object);
        },
        // A broken watch (storage closed, compaction) makes the next read reload everything.
        onError: () => { this.loaded = undefined; this.objects.clear(); },
      });
    })();
    return this.loaded;
  }

  async get(name: string): Promise<KubeObject | undefined> {
    await this.load();
    return this.objects.get(name);
  }

  async list(): Promise<readonly KubeObject[]> {
    await this.load();
    return [...this.objects.values()];
  }
}
