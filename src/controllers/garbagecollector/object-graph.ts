/**
 * The garbage collector's view of owners and dependents, after kube's GraphBuilder (graph.go
 * `node`: identity, owners, dependents, beingDeleted, deletingDependents) — built here from the
 * shared informers' caches and two indexes instead of a separate graph: objects by uid and
 * dependents by owner uid. The graph may lag the API; every delete decision is confirmed live.
 */
import type { GroupVersionResource, KubeObject, OwnerReference } from '../../api/object.ts';
import type { Informer } from '../../controller/informer.ts';
import type { InformerFactory } from '../../controller/informer-factory.ts';

const BY_UID = 'gc.uid';
const BY_OWNER = 'gc.ownerUid';

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

/** One object of the graph: where it lives and what it is. */
export interface GraphNode {
  readonly gvr: GroupVersionResource;
  readonly object: KubeObject;
}

/** "group/version/resource/namespace/name": a work-queue key naming one object of one resource. */
export function itemKey(gvr: GroupVersionResource, namespace: string | undefined, name: string): string {
  return `${gvr.group}/${gvr.version}/${gvr.resource}/${namespace ?? ''}/${name}`;
}

export function parseItemKey(key: string): { gvr: GroupVersionResource; namespace?: string; name: string } {
  const [group, version, resource, namespace, ...rest] = key.split('/');
  return { gvr: { group, version, resource }, namespace: namespace || undefined, name: rest.join('/') };
}

export function graphKey(n: GraphNode): string {
  return itemKey(n.gvr, n.object.metadata.namespace, n.object.metadata.name ?? '');
}

export function hasFinalizer(obj: KubeObject, finalizer: string): boolean {
  return obj.metadata.finalizers?.includes(finalizer) ?? false;
}

/** as graph.go isDeletingDependents: marked for deletion and waiting for its dependents (foreground). */
export function isDeletingDependents(obj: KubeObject): boolean {
  return !!obj.metadata.deletionTimestamp && hasFinalizer(obj, FINALIZER_FOREGROUND);
}

export function ownerReferencesOf(obj: KubeObject): readonly OwnerReference[] {
  return obj.metadata.ownerReferences ?? [];
}

export class ObjectGraph {
  private readonly informers: { gvr: GroupVersionResource; informer: Informer }[] = [];

  /** Asks the factory for one informer per resource and indexes it; call before the informers start. */
  constructor(factory: InformerFactory, resources: readonly GroupVersionResource[]) {
    for (const gvr of resources) {
      const informer = factory.informerFor(gvr);
      informer.addIndex(BY_UID, (o) => (o.metadata.uid ? [o.metadata.uid] : []));
      informer.addIndex(BY_OWNER, (o) => ownerReferencesOf(o).map((r) => r.uid));
      this.informers.push({ gvr, informer });
    }
  }

  /** The informers, for event handlers. */
  each(): readonly { gvr: GroupVersionResource; informer: Informer }[] { return this.informers; }

  byUid(uid: string): GraphNode | undefined {
    for (const { gvr, informer } of this.informers) {
      const [object] = informer.byIndex(BY_UID, uid);
      if (object) return { gvr, object };
    }
    return undefined;
  }

  /** Objects naming `ownerUid` in their ownerReferences. */
  dependentsOf(ownerUid: string): GraphNode[] {
    const out: GraphNode[] = [];
    for (const { gvr, informer } of this.informers) {
      for (const object of informer.byIndex(BY_OWNER, ownerUid)) out.push({ gvr, object });
    }
    return out;
  }

  /** as processDeletingDependentsItem's blockingDependents: dependents whose reference to the owner blocks its deletion. */
  blockingDependentsOf(ownerUid: string): GraphNode[] {
    return this.dependentsOf(ownerUid).filter((d) => ownerReferencesOf(d.object).some((r) => r.uid === ownerUid && r.blockOwnerDeletion === true));
  }
}
