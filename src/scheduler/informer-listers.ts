/**
 * Listers over the scheduler's informers (kube-scheduler's SharedInformerFactory listers). The
 * informers for pods and nodes feed the cache and queue; these serve lookups of everything else.
 * An informer that has not synced yet answers as if empty: the plugins' events requeue the pods
 * it affected once objects arrive.
 */
import type { GroupVersionResource, KubeObject } from '../api/object.ts';
import type { Informer } from '../controller/informer.ts';
import type { InformerFactory } from '../controller/informer-factory.ts';
import type {
  PersistentVolume, PersistentVolumeClaim, Pod, PodDisruptionBudget, PriorityClass, SelectorOwner, StorageClass,
} from './api-types.ts';
import type { Listers } from './framework/interface.ts';

const gvr = (group: string, version: string, resource: string): GroupVersionResource => ({ group, version, resource });

export const SCHEDULER_RESOURCES = {
  pods: gvr('', 'v1', 'pods'),
  nodes: gvr('', 'v1', 'nodes'),
  namespaces: gvr('', 'v1', 'namespaces'),
  services: gvr('', 'v1', 'services'),
  replicationControllers: gvr('', 'v1', 'replicationcontrollers'),
  persistentVolumeClaims: gvr('', 'v1', 'persistentvolumeclaims'),
  persistentVolumes: gvr('', 'v1', 'persistentvolumes'),
  replicaSets: gvr('apps', 'v1', 'replicasets'),
  statefulSets: gvr('apps', 'v1', 'statefulsets'),
  storageClasses: gvr('storage.k8s.io', 'v1', 'storageclasses'),
  priorityClasses: gvr('scheduling.k8s.io', 'v1', 'priorityclasses'),
  podDisruptionBudgets: gvr('policy', 'v1', 'poddisruptionbudgets'),
} as const;

export type SchedulerInformers = { readonly [K in keyof typeof SCHEDULER_RESOURCES]: Informer };

/** Asks the factory for every informer the scheduler uses; namespaced ones get a namespace index. */
export function schedulerInformers(factory: InformerFactory): SchedulerInformers {
  const out = {} as Record<keyof typeof SCHEDULER_RESOURCES, Informer>;
  for (const [k, r] of Object.entries(SCHEDULER_RESOURCES) as [keyof typeof SCHEDULER_RESOURCES, GroupVersionResource][]) {
    out[k] = factory.informerFor(r);
  }
  try {
    out.services.addIndex('namespace', (o) => [o.metadata.namespace ?? '']);
  } catch { /* the index exists already on a shared informer */ }
  return out;
}

export class InformerListers implements Listers {
  constructor(private readonly inf: SchedulerInformers) {}

  pod(namespace: string, name: string): Pod | undefined { return this.inf.pods.get(`${namespace}/${name}`) as Pod | undefined; }
  pvc(namespace: string, name: string): PersistentVolumeClaim | undefined {
    return this.inf.persistentVolumeClaims.get(`${namespace}/${name}`) as PersistentVolumeClaim | undefined;
  }
  pv(name: string): PersistentVolume | undefined { return this.inf.persistentVolumes.get(name) as PersistentVolume | undefined; }
  pvs(): readonly PersistentVolume[] { return this.inf.persistentVolumes.list() as PersistentVolume[]; }
  storageClass(name: string): StorageClass | undefined { return this.inf.storageClasses.get(name) as StorageClass | undefined; }
  namespace(name: string): KubeObject | undefined { return this.inf.namespaces.get(name); }
  pdbs(): readonly PodDisruptionBudget[] { return this.inf.podDisruptionBudgets.list() as PodDisruptionBudget[]; }
  priorityClass(name: string): PriorityClass | undefined { return this.inf.priorityClasses.get(name) as PriorityClass | undefined; }
  globalDefaultPriorityClass(): PriorityClass | undefined {
    return (this.inf.priorityClasses.list() as PriorityClass[]).find((p) => p.globalDefault === true);
  }
  services(namespace: string): readonly SelectorOwner[] {
    try { return this.inf.services.byIndex('namespace', namespace) as SelectorOwner[]; } catch { return this.inf.services.list(namespace) as SelectorOwner[]; }
  }
  controller(kind: string, namespace: string, name: string): SelectorOwner | undefined {
    const key = `${namespace}/${name}`;
    switch (kind) {
      case 'ReplicationController': return this.inf.replicationControllers.get(key) as SelectorOwner | undefined;
      case 'ReplicaSet': return this.inf.replicaSets.get(key) as SelectorOwner | undefined;
      case 'StatefulSet': return this.inf.statefulSets.get(key) as SelectorOwner | undefined;
      default: return undefined;
    }
  }
}
