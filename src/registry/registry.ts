/**
 * The set of Stores a cluster serves, one per group/version/resource, over one Backend.
 * Versions of one resource share the storage keys of its storage version's group
 * (`/registry/<group>/<resource>/…`, `/registry/<resource>/…` for the core group) and are stored in
 * the storage version; a served version that is not the storage version converts (see CONVERSIONS).
 */
import type { KubeObject } from '../api/object.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import type { Backend } from '../storage/backend.ts';
import type { Clock } from '../util/clock.ts';
import type { IdSource } from '../util/ids.ts';
import { Store } from './store.ts';
import type { Strategy } from './strategy.ts';
import type { Conversion } from './conversion/conversion.ts';
import { eventsV1Conversion } from './conversion/event.ts';
import { hpaV1Conversion } from './conversion/hpa.ts';

export interface RegistryOptions {
  readonly backend: Backend;
  readonly clock: Clock;
  readonly ids: IdSource;
  /** The served resources in discovery order (preferred version of each group first). */
  readonly resources: readonly ResourceInfo[];
  readonly strategyFor: (resource: ResourceInfo) => Strategy;
  /** Per-resource allocation hook (see StoreOptions.beforeWrite). */
  readonly beforeWrite?: (resource: ResourceInfo) => ((key: string, obj: KubeObject, old?: KubeObject) => void) | undefined;
}

/**
 * Conversions from served versions to their storage version, by "<group/version>/<resource>".
 * The storage version may be in another group: events.k8s.io/v1 Events are core/v1 Events under
 * `/registry/events`, as kube-apiserver's events.k8s.io REST storage is the core event storage.
 * A served version without one (and not the storage version) is stored apart, under
 * `…/<resource>@<version>`.
 */
const CONVERSIONS: Readonly<Record<string, Conversion>> = {
  'autoscaling/v1/horizontalpodautoscalers': hpaV1Conversion,
  'events.k8s.io/v1/events': eventsV1Conversion,
};

const gvrKey = (group: string, version: string, resource: string) => `${group}/${version}/${resource}`;

/** The group of a "group/version" ("" for core's "v1"). */
const groupOf = (groupVersion: string) => (groupVersion.includes('/') ? groupVersion.slice(0, groupVersion.indexOf('/')) : '');

const keyBase = (group: string, resource: string) => (group === '' ? `/registry/${resource}` : `/registry/${group}/${resource}`);

export class Registry {
  private readonly stores = new Map<string, Store>();
  private served: ResourceInfo[] = [];
  private readonly options: RegistryOptions;
  private readonly listeners = new Set<() => void>();

  constructor(options: RegistryOptions) {
    this.options = options;
    for (const r of options.resources) this.add(r);
  }

  /** Serves one more resource (CRDs call this at run time). */
  add(resource: ResourceInfo): Store {
    const served = resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
    const conversion = served === resource.storageVersion ? undefined : CONVERSIONS[`${served}/${resource.resource}`];
    const shared = served === resource.storageVersion || conversion !== undefined;
    const base = keyBase(shared ? groupOf(resource.storageVersion) : resource.group, resource.resource);
    const store = new Store({
      backend: this.options.backend,
      resource,
      strategy: this.options.strategyFor(resource),
      clock: this.options.clock,
      ids: this.options.ids,
      keyPrefix: shared ? base : `${base}@${resource.version}`,
      conversion,
      beforeWrite: this.options.beforeWrite?.(resource),
    });
    const key = gvrKey(resource.group, resource.version, resource.resource);
    if (!this.stores.has(key)) this.served.push(resource);
    else this.served = this.served.map((r) => (gvrKey(r.group, r.version, r.resource) === key ? resource : r));
    this.stores.set(key, store);
    this.notify();
    return store;
  }

  remove(group: string, version: string, resource: string): void {
    const key = gvrKey(group, version, resource);
    if (!this.stores.delete(key)) return;
    this.served = this.served.filter((r) => gvrKey(r.group, r.version, r.resource) !== key);
    this.notify();
  }

  storeFor(group: string, version: string, resource: string): Store | undefined {
    return this.stores.get(gvrKey(group, version, resource));
  }

  /** The served resources, in discovery order. */
  resources(): readonly ResourceInfo[] { return this.served; }

  /** Called after the resource set changes (discovery and OpenAPI caches rebuild). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void { for (const l of this.listeners) l(); }
}
