/**
 * The garbage collector, after kube-controller-manager's garbagecollector package:
 *  - an object all of whose owners are absent (by uid) is deleted, propagating its own pending
 *    policy (attemptToDeleteItem);
 *  - an owner deleted with `propagationPolicy: Foreground` (finalizer foregroundDeletion) has its
 *    dependents deleted, and loses the finalizer once no dependent with blockOwnerDeletion is
 *    left (processDeletingDependentsItem);
 *  - an owner deleted with `propagationPolicy: Orphan` (finalizer orphan) has its reference
 *    removed from every dependent, then loses the finalizer (attemptToOrphan).
 *
 * One work queue of item keys (object-graph.ts itemKey). Event handlers only decide which items
 * to look at; reconcile reads the object live, and owner states come from live GETs.
 */
import { builtinResources, ResourceTable } from '../../api/builtin-resources.ts';
import type { GroupVersionResource, KubeObject, OwnerReference } from '../../api/object.ts';
import type { ResourceInfo } from '../../api/resource-info.ts';
import type { Client, DeleteOptions } from '../../client/client.ts';
import { Controller } from '../../controller/controller.ts';
import type { EventRecorder } from '../../controller/event-recorder.ts';
import { type ControllerDeps, recorderFor } from '../common/controller-deps.ts';
import {
  FINALIZER_FOREGROUND, FINALIZER_ORPHAN, hasFinalizer, isDeletingDependents, itemKey, graphKey,
  ObjectGraph, ownerReferencesOf, parseItemKey,
} from './object-graph.ts';
import { OwnerResolver, type ResolvedOwner } from './owner-resolver.ts';
import { GC_WATCHED_RESOURCES } from './watched-resources.ts';

export interface GarbageCollectorOptions extends ControllerDeps {
  /** Resources to watch. @default GC_WATCHED_RESOURCES */
  readonly watched?: readonly GroupVersionResource[];
  /** Served resources, to map ownerReference kinds to resources. @default builtinResources() */
  readonly resources?: readonly ResourceInfo[];
}

/** Conflicts on metadata patches are retried this many times before the key is requeued. */
const PATCH_ATTEMPTS = 5;

export function newGarbageCollectorController(options: GarbageCollectorOptions): Controller {
  const graph = new ObjectGraph(options.informers, options.watched ?? GC_WATCHED_RESOURCES);
  const resolver = new OwnerResolver(options.client, new ResourceTable(options.resources ?? builtinResources()));
  const gc = new GarbageCollector(options, graph, resolver);
  const controller = new Controller({ name: 'garbage-collector-controller', reconciler: gc, clock: options.clock, workers: options.workers ?? 4 });
  gc.enqueue = (key) => controller.enqueue(key);
  for (const { gvr, informer } of graph.each()) {
    informer.addEventHandler({
      onAdd: (o) => gc.observe(gvr, undefined, o),
      onUpdate: (old, o) => gc.observe(gvr, old, o),
      onDelete: (o) => gc.observeDeletion(gvr, o),
    });
  }
  return controller;
}

class GarbageCollector {
  enqueue: (key: string) => void = () => {};
  private readonly client: Client;
  private readonly recorder: EventRecorder;

  constructor(private readonly options: GarbageCollectorOptions, private readonly graph: ObjectGraph, private readonly resolver: OwnerResolver) {
    this.client = options.client;
    this.recorder = recorderFor(options, 'garbage-collector-controller');
  }

  // ---- event handlers: map events to items (graph_builder.go processGraphChanges) ----

  observe(gvr: GroupVersionResource, old: KubeObject | undefined, obj: KubeObject): void {
    const key = itemKey(gvr, obj.metadata.namespace, obj.metadata.name ?? '');
    if (obj.metadata.deletionTimestamp && (hasFinalizer(obj, FINALIZER_ORPHAN) || hasFinalizer(obj, FINALIZER_FOREGROUND))) this.enqueue(key);
    const refs = ownerReferencesOf(obj);
    const oldRefs = old ? ownerReferencesOf(old) : [];
    if (old && JSON.stringify(refs) === JSON.stringify(oldRefs)) return;
    // An owner the graph has never seen may be absent: verify (kube's virtual nodes).
    if (refs.some((r) => !this.graph.byUid(r.uid))) this.enqueue(key);
    // A reference removed or unblocked may be what a foreground owner waits for.
    for (const r of oldRefs) this.enqueueIfDeletingDependents(r.uid);
  }

  observeDeletion(_gvr: GroupVersionResource, obj: KubeObject): void {
    const uid = obj.metadata.uid;
    if (uid) for (const d of this.graph.dependentsOf(uid)) this.enqueue(graphKey(d));
    for (const r of ownerReferencesOf(obj)) this.enqueueIfDeletingDependents(r.uid);
  }

  private enqueueIfDeletingDependents(uid: string): void {
    const owner = this.graph.byUid(uid);
    if (owner && isDeletingDependents(owner.object)) this.enqueue(graphKey(owner));
  }

  // ---- reconcile ----

  async reconcile(key: string): Promise<void> {
    const { gvr, namespace, name } = parseItemKey(key);
    let item: KubeObject;
    try {
      item = await this.resourceClient(gvr, namespace).get(name);
    } catch (e) {
      if ((e as { code?: number }).code === 404) return;
      throw e;
    }
    if (item.metadata.deletionTimestamp) {
      if (hasFinalizer(item, FINALIZER_ORPHAN)) await this.orphanDependents(gvr, item);
      if (hasFinalizer(item, FINALIZER_FOREGROUND)) await this.processDeletingDependents(gvr, item);
      // as attemptToDeleteItem: an object already being deleted is left to whoever deletes it.
      return;
    }
    await this.attemptToDelete(gvr, item);
  }

  /** as attemptToDeleteItem: classify the owner references and act on the result. */
  private async attemptToDelete(gvr: GroupVersionResource, item: KubeObject): Promise<void> {
    const refs = ownerReferencesOf(item);
    if (refs.length === 0) return;
    const resolved: ResolvedOwner[] = [];
    for (const ref of refs) resolved.push(await this.resolver.resolve(ref, item));
    for (const r of resolved) {
      if (r.invalidNamespace) {
        this.recorder.event(item, 'Warning', 'OwnerRefInvalidNamespace',
          `ownerRef [${r.ref.apiVersion}/${r.ref.kind}, namespace: ${item.metadata.namespace ?? ''}, name: ${r.ref.name}, uid: ${r.ref.uid}] does not exist in namespace "${item.metadata.namespace ?? ''}"`);
      }
    }
    const solid = resolved.filter((r) => r.state === 'solid' || r.state === 'unresolvable');
    const dangling = resolved.filter((r) => r.state === 'dangling');
    const waiting = resolved.filter((r) => r.state === 'waitingForDependentsDeletion');

    if (solid.length > 0) {
      // Another owner keeps the item alive: only drop the references to absent or departing owners.
      if (dangling.length === 0 && waiting.length === 0) return;
      const drop = new Set([...dangling, ...waiting].map((r) => r.ref.uid));
      await this.patchOwnerReferences(gvr, item, (rs) => rs.filter((r) => !drop.has(r.uid)));
      return;
    }
    const uid = item.metadata.uid!;
    if (waiting.length > 0 && this.graph.dependentsOf(uid).length > 0) {
      // as attemptToDeleteItem: a dependent that is itself deleting its dependents in the foreground
      // while blocking the item would wait on the owner that waits on it; unblock before deleting.
      if (this.graph.dependentsOf(uid).some((d) => isDeletingDependents(d.object))) {
        await this.patchOwnerReferences(gvr, item, (rs) => rs.map((r) => (r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r)));
      }
      await this.deleteItem(gvr, item, 'Foreground');
      return;
    }
    // Every owner is absent (or departing and the item has no dependents): delete it, keeping the
    // policy it already asked for through its own finalizers.
    const policy = hasFinalizer(item, FINALIZER_ORPHAN) ? 'Orphan' : hasFinalizer(item, FINALIZER_FOREGROUND) ? 'Foreground' : 'Background';
    await this.deleteItem(gvr, item, policy);
  }

  /** as processDeletingDependentsItem: delete dependents; drop the finalizer when none blocks. */
  private async processDeletingDependents(gvr: GroupVersionResource, owner: KubeObject): Promise<void> {
    const uid = owner.metadata.uid!;
    for (const d of this.graph.dependentsOf(uid)) {
      if (!d.object.metadata.deletionTimestamp || isDeletingDependents(d.object)) this.enqueue(graphKey(d));
    }
    if (this.graph.blockingDependentsOf(uid).length > 0) return; // their deletions requeue the owner
    await this.removeFinalizer(gvr, owner, FINALIZER_FOREGROUND);
  }

  /** as attemptToOrphanWorker: remove the owner from every dependent, then drop the orphan finalizer. */
  private async orphanDependents(gvr: GroupVersionResource, owner: KubeObject): Promise<void> {
    const uid = owner.metadata.uid!;
    for (const d of this.graph.dependentsOf(uid)) {
      await this.patchOwnerReferences(d.gvr, d.object, (rs) => rs.filter((r) => r.uid !== uid));
    }
    await this.removeFinalizer(gvr, owner, FINALIZER_ORPHAN);
  }

  // ---- writes ----

  private resourceClient(gvr: GroupVersionResource, namespace: string | undefined) {
    return namespace ? this.client.resource(gvr).namespace(namespace) : this.client.resource(gvr);
  }

  private async deleteItem(gvr: GroupVersionResource, item: KubeObject, policy: NonNullable<DeleteOptions['propagationPolicy']>): Promise<void> {
    try {
      // The uid precondition keeps a re-created object of the same name safe (as kube's deleteObject).
      await this.resourceClient(gvr, item.metadata.namespace).delete(item.metadata.name!, { propagationPolicy: policy, preconditions: { uid: item.metadata.uid } });
    } catch (e) {
      const code = (e as { code?: number }).code;
      if (code === 404) return;
      if (code === 409) return; // a different object now has the name
      throw e;
    }
  }

  /**
   * Rewrites metadata.ownerReferences with a merge patch carrying the resourceVersion read, so a
   * concurrent writer makes it fail with 409 and it is recomputed from a fresh read.
   */
  private async patchOwnerReferences(gvr: GroupVersionResource, seen: KubeObject, change: (refs: OwnerReference[]) => OwnerReference[]): Promise<void> {
    await this.patchMetadata(gvr, seen, (current) => {
      const before = [...ownerReferencesOf(current)];
      const after = change(before);
      if (JSON.stringify(after) === JSON.stringify(before)) return undefined;
      return { ownerReferences: after.length ? after : null };
    });
  }

  private async removeFinalizer(gvr: GroupVersionResource, seen: KubeObject, finalizer: string): Promise<void> {
    await this.patchMetadata(gvr, seen, (current) => {
      if (!hasFinalizer(current, finalizer)) return undefined;
      const rest = (current.metadata.finalizers ?? []).filter((f) => f !== finalizer);
      return { finalizers: rest.length ? rest : null };
    });
  }

  private async patchMetadata(gvr: GroupVersionResource, seen: KubeObject, compute: (current: KubeObject) => Record<string, unknown> | undefined): Promise<void> {
    const rc = this.resourceClient(gvr, seen.metadata.namespace);
    const name = seen.metadata.name!;
    let current = seen;
    for (let attempt = 1; ; attempt++) {
      const metadata = compute(current);
      if (!metadata) return;
      try {
        await rc.patch(name, { metadata: { ...metadata, resourceVersion: current.metadata.resourceVersion } }, { type: 'merge' });
        return;
      } catch (e) {
        const code = (e as { code?: number }).code;
        if (code === 404) return;
        if (code !== 409 || attempt >= PATCH_ATTEMPTS) throw e;
      }
      try {
        current = await rc.get(name);
      } catch (e) {
        if ((e as { code?: number }).code === 404) return;
        throw e;
      }
      if (current.metadata.uid !== seen.metadata.uid) return;
    }
  }
}

