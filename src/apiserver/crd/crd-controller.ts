/**
 * Serves custom resources from CustomResourceDefinitions, inside the API server as kube's
 * apiextensions-apiserver does (it reads and writes the CRD Store directly, not through a client).
 * It plays the parts of several apiextensions-apiserver controllers:
 * - the crdHandler and DiscoveryController (pkg/apiserver/customresource_handler.go,
 *   pkg/apiserver/customresource_discovery_controller.go): every served version of an Established
 *   CRD is added to the Registry, so it is routed, in discovery, printed with its
 *   additionalPrinterColumns and published in OpenAPI;
 * - the NamingConditionController and EstablishingController (pkg/controller/status,
 *   pkg/controller/establish): status.acceptedNames and the NamesAccepted/Established conditions;
 * - the CRDFinalizer (pkg/controller/finalizer): instances of a deleted CRD are deleted, then the
 *   CRD is released (delete-custom-resources.ts).
 *
 * Serving happens synchronously in the CRD watch callback, before the status is written: the
 * storage drivers deliver watch events ahead of the answer to the write that caused them (memory,
 * sqlite), so a client that created a CRD can use its resource in its very next request, as
 * kubectl does when it applies a CR right after its CRD (kubectl-surface.md §6.5). kube serves
 * once NamesAccepted is True, which its controllers set a moment after the create.
 *
 * Status writes run one at a time, level-triggered: each reads the CRD, computes the status it
 * should have and writes only a difference.
 */
import type { KubeObject } from '../../api/object.ts';
import type { ResourceInfo } from '../../api/resource-info.ts';
import { asObj, asStr, deepEqual } from '../../api/validation/access.ts';
import { acceptNames } from '../../registry/crd/accept-names.ts';
import type { CustomResourceCatalog } from '../../registry/crd/custom-resource-catalog.ts';
import { CUSTOM_RESOURCE_CLEANUP_FINALIZER, setCrdCondition } from '../../registry/crd/custom-resource-cleanup.ts';
import { type CustomResourceNames, servedVersions } from '../../registry/crd/served-versions.ts';
import type { Registry } from '../../registry/registry.ts';
import type { Store } from '../../registry/store.ts';
import type { StoreWatchEvent } from '../../registry/store-types.ts';
import { type Clock, rfc3339 } from '../../util/clock.ts';
import type { Runnable } from '../../util/runnable.ts';
import { deleteCustomResources } from './delete-custom-resources.ts';

export interface CrdControllerOptions {
  readonly registry: Registry;
  /** Shared with the Registry's strategyFor, the Table printer look-up and the OpenAPI schemas. */
  readonly catalog: CustomResourceCatalog;
  readonly clock: Clock;
}

const gvrKey = (r: { group: string; version: string; resource: string }): string => `${r.group}/${r.version}/${r.resource}`;
const RETRY_MS = 1000;

/** The wire form of accepted names: shortNames and categories omitted when empty (omitempty). */
function acceptedNamesJson(n: CustomResourceNames): Record<string, unknown> {
  return {
    plural: n.plural, singular: n.singular,
    ...(n.shortNames.length ? { shortNames: [...n.shortNames] } : {}),
    kind: n.kind, listKind: n.listKind,
    ...(n.categories.length ? { categories: [...n.categories] } : {}),
  };
}

export class CrdController {
  readonly #registry: Registry;
  readonly #catalog: CustomResourceCatalog;
  readonly #clock: Clock;
  readonly #crds: Store;
  /** The latest CRDs seen on the watch (an informer cache), by name. */
  readonly #known = new Map<string, KubeObject>();
  /** Accepted names by CRD name, for the naming check of the others. */
  readonly #accepted = new Map<string, { group: string; names: CustomResourceNames }>();
  /** Resources the Registry served before any CRD: never replaced by a custom resource. */
  readonly #builtin: Set<string>;
  #added: ResourceInfo[] = [];
  #servedFingerprint = '';
  readonly #queue = new Set<string>();
  #working = false;
  readonly #finalizing = new Map<string, Promise<void>>();
  #signal: AbortSignal = new AbortController().signal;

  constructor(options: CrdControllerOptions) {
    this.#registry = options.registry;
    this.#catalog = options.catalog;
    this.#clock = options.clock;
    const crds = options.registry.storeFor('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
    if (!crds) throw new Error('crd controller: customresourcedefinitions are not served');
    this.#crds = crds;
    this.#builtin = new Set(options.registry.resources().map(gvrKey));
  }

  /** Serves every existing CRD, then follows changes until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    this.#signal = signal;
    await this.#watch();
  }

  /** Resolves when every finalization under way has ended (for shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#finalizing.values()]);
  }

  async #watch(): Promise<void> {
    const listed = new Set<string>();
    let initial = true;
    await this.#crds.watch(undefined, {
      resourceVersion: '',
      signal: this.#signal,
      onEvent: (ev) => {
        if (initial && ev.type === 'ADDED') listed.add(ev.object.metadata.name ?? '');
        try {
          this.#onEvent(ev);
        } catch (e) {
          // One bad CRD must not end the watch for the others.
          console.error(`crd controller: ${ev.object.metadata.name}: ${(e as Error).message}`);
        }
      },
      onError: (e) => {
        if (this.#signal.aborted) return;
        console.error(`crd controller: watch ended (${e.message}); relisting`);
        void this.#watch().catch((err: unknown) => console.error('crd controller: relist failed:', err));
      },
    });
    initial = false;
    // After a relist, CRDs that vanished while no watch ran are gone.
    for (const name of [...this.#known.keys()]) if (!listed.has(name)) this.#forget(name);
  }

  #onEvent(ev: StoreWatchEvent): void {
    const name = ev.object.metadata.name;
    if (!name || ev.type === 'BOOKMARK') return;
    if (ev.type === 'DELETED') {
      this.#forget(name);
      return;
    }
    this.#known.set(name, ev.object);
    this.#serve(ev.object);
    this.#enqueue(name);
  }

  #forget(name: string): void {
    this.#known.delete(name);
    this.#accepted.delete(name);
    this.#catalog.delete(name);
    this.#syncRegistry();
  }

  #othersInGroup(name: string, group: string): CustomResourceNames[] {
    return [...this.#accepted].filter(([n, a]) => n !== name && a.group === group).map(([, a]) => a.names);
  }

  /** Synchronously brings the catalog and the Registry in line with one CRD. */
  #serve(crd: KubeObject): void {
    const name = crd.metadata.name!;
    const group = asStr(asObj(crd.spec)?.group);
    const result = acceptNames(crd, this.#othersInGroup(name, group));
    this.#accepted.set(name, { group, names: result.names });
    if (result.established.status === 'True') {
      // as kube's handler chain: a built-in resource always wins over a CRD claiming the same path.
      const versions = servedVersions(crd, result.names, { terminating: crd.metadata.deletionTimestamp !== undefined });
      this.#catalog.set(name, versions.filter((v) => !this.#builtin.has(gvrKey(v.resource))));
    } else {
      this.#catalog.delete(name);
    }
    this.#syncRegistry();
  }

  /**
   * Makes the Registry serve exactly the catalog's resources in discovery order. A change of
   * names, versions or schemas re-adds every custom resource (the stores are stateless, and
   * re-adding is what invalidates the discovery and OpenAPI caches).
   */
  #syncRegistry(): void {
    const wanted = this.#catalog.resources();
    const fingerprint = JSON.stringify([wanted, this.#catalog.schemas()]);
    if (fingerprint === this.#servedFingerprint) return;
    this.#servedFingerprint = fingerprint;
    for (const r of this.#added) this.#registry.remove(r.group, r.version, r.resource);
    for (const r of wanted) this.#registry.add(r);
    this.#added = wanted;
  }

  #enqueue(name: string): void {
    this.#queue.add(name);
    if (!this.#working) void this.#work();
  }

  async #work(): Promise<void> {
    this.#working = true;
    try {
      while (this.#queue.size > 0 && !this.#signal.aborted) {
        const name = this.#queue.values().next().value as string;
        this.#queue.delete(name);
        try {
          await this.#reconcile(name);
        } catch (e) {
          if (this.#signal.aborted) return;
          if ((e as { code?: number }).code === 409) this.#queue.add(name);
          else {
            console.error(`crd controller: ${name}: ${(e as Error).message}; retrying`);
            this.#clock.setTimer(() => this.#enqueue(name), RETRY_MS);
          }
        }
      }
    } finally {
      this.#working = false;
    }
  }

  /** Writes the status the CRD should have, and starts instance deletion for a deleted CRD. */
  async #reconcile(name: string): Promise<void> {
    let crd: KubeObject;
    try {
      crd = await this.#crds.get(undefined, name);
      await this.#writeStatus(name);
    } catch (e) {
      if ((e as { code?: number }).code === 404) return; // deleted meanwhile: the watch says so
      throw e;
    }
    const terminating = crd.metadata.deletionTimestamp !== undefined && (crd.metadata.finalizers ?? []).includes(CUSTOM_RESOURCE_CLEANUP_FINALIZER);
    if (terminating && !this.#finalizing.has(name)) this.#finalize(name);
  }

  /** status.acceptedNames and the NamesAccepted/Established conditions, written only when they differ. */
  async #writeStatus(name: string): Promise<void> {
    await this.#crds.guaranteedUpdate(undefined, name, (current) => {
      const desired = structuredClone(current);
      const group = asStr(asObj(current.spec)?.group);
      const result = acceptNames(current, this.#othersInGroup(name, group));
      const now = rfc3339(this.#clock.now());
      const status = (asObj(desired.status) ?? {}) as Record<string, unknown>;
      desired.status = { ...status, acceptedNames: acceptedNamesJson(result.names) };
      setCrdCondition(desired, result.namesAccepted, now);
      setCrdCondition(desired, result.established, now);
      return deepEqual(desired.status, current.status) ? current : desired;
    }, { subresource: 'status' });
  }

  #finalize(name: string): void {
    const versions = this.#catalog.versionsOf(name);
    const served = versions[0]?.resource;
    const instances = served ? this.#registry.storeFor(served.group, served.version, served.resource) : undefined;
    const run = deleteCustomResources({ crds: this.#crds, instances, clock: this.#clock }, name, this.#signal)
      .catch((e: unknown) => {
        if (this.#signal.aborted) return;
        console.error(`crd controller: deleting the instances of ${name}: ${(e as Error).message}; retrying`);
        this.#clock.setTimer(() => this.#enqueue(name), RETRY_MS);
      })
      .finally(() => this.#finalizing.delete(name));
    this.#finalizing.set(name, run);
  }
}

/**
 * The controller as a Runnable for the Supervisor; `options` is read at start, once the Registry
 * exists. Starting resolves after every stored CRD is served.
 */
export function crdControllerRunnable(options: () => CrdControllerOptions): Runnable {
  return {
    name: 'crds',
    async start(signal) {
      const controller = new CrdController(options());
      await controller.start(signal);
      return { stop: () => controller.drain() };
    },
  };
}
