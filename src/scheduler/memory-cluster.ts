/**
 * Cluster state held in memory, for running the scheduler without an API server (benchmarks,
 * and unit tests of scheduling decisions): it stores the objects, answers the plugins' lookups
 * (Listers), applies the scheduler's writes (ClusterWriter) the way the API server would — a
 * binding sets spec.nodeName and PodScheduled=True once, 409 after — and delivers every change
 * to the attached scheduler's handlers as its informers would. Deletions are immediate (as if the
 * kubelet confirmed them at once).
 */
import type { KubeObject } from '../api/object.ts';
import { conflict, notFound } from '../api/status.ts';
import type { Clock } from '../util/clock.ts';
import { rfc3339 } from '../util/clock.ts';
import type {
  Node, PersistentVolume, PersistentVolumeClaim, Pod, PodCondition, PodDisruptionBudget, PriorityClass, SelectorOwner, StorageClass,
} from './api-types.ts';
import type { ClusterWriter, Listers } from './framework/interface.ts';
import type { EventResource } from './framework/events.ts';
import { ActionType } from './framework/events.ts';

/** The handlers a scheduler exposes (Scheduler's on* methods). */
export interface SchedulerHandlers {
  onNodeAdd(node: Node): void;
  onNodeUpdate(oldNode: Node, newNode: Node): void;
  onNodeDelete(node: Node): void;
  onPodAdd(pod: Pod): void;
  onPodUpdate(oldPod: Pod, newPod: Pod): void;
  onPodDelete(pod: Pod): void;
  onObjectEvent(resource: EventResource, actionType: number, oldObj?: KubeObject, newObj?: KubeObject): void;
}

export interface RecordedEvent { readonly object: string; readonly type: string; readonly reason: string; readonly message: string }

const keyOf = (o: KubeObject) => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name ?? '');

export class MemoryCluster implements Listers, ClusterWriter {
  readonly pods = new Map<string, Pod>();
  readonly nodes = new Map<string, Node>();
  readonly pvcMap = new Map<string, PersistentVolumeClaim>();
  readonly pvMap = new Map<string, PersistentVolume>();
  readonly storageClasses = new Map<string, StorageClass>();
  readonly priorityClasses = new Map<string, PriorityClass>();
  readonly namespaces = new Map<string, KubeObject>();
  readonly pdbList: PodDisruptionBudget[] = [];
  readonly serviceList: SelectorOwner[] = [];
  readonly controllers = new Map<string, SelectorOwner>();
  readonly events: RecordedEvent[] = [];
  private handlers: SchedulerHandlers | undefined;
  private rv = 0;
  private uid = 0;

  constructor(private readonly clock: Clock) {}

  attach(handlers: SchedulerHandlers): void {
    this.handlers = handlers;
    for (const n of this.nodes.values()) handlers.onNodeAdd(n);
    for (const p of this.pods.values()) handlers.onPodAdd(p);
  }

  private stamp<T extends KubeObject>(o: T): T {
    return { ...o, metadata: { ...o.metadata, uid: o.metadata.uid ?? `uid-${++this.uid}`, resourceVersion: String(++this.rv), creationTimestamp: o.metadata.creationTimestamp ?? rfc3339(this.clock.now()) } };
  }

  addNode(node: Node): Node {
    const n = this.stamp(node);
    this.nodes.set(keyOf(n), n);
    this.handlers?.onNodeAdd(n);
    return n;
  }

  updateNode(node: Node): Node {
    const old = this.nodes.get(keyOf(node));
    if (!old) throw notFound({ group: '', resource: 'nodes' }, keyOf(node));
    const n = this.stamp({ ...node, metadata: { ...node.metadata, uid: old.metadata.uid } });
    this.nodes.set(keyOf(n), n);
    this.handlers?.onNodeUpdate(old, n);
    return n;
  }

  addPod(pod: Pod): Pod {
    const p = this.stamp({ ...pod, metadata: { namespace: 'default', ...pod.metadata }, spec: { schedulerName: 'default-scheduler', ...pod.spec } });
    this.pods.set(keyOf(p), p);
    this.handlers?.onPodAdd(p);
    return p;
  }

  private replacePod(old: Pod, next: Pod): Pod {
    const p = this.stamp(next);
    this.pods.set(keyOf(p), p);
    this.handlers?.onPodUpdate(old, p);
    return p;
  }

  removePod(namespace: string, name: string): void {
    const p = this.pods.get(`${namespace}/${name}`);
    if (!p) return;
    this.pods.delete(`${namespace}/${name}`);
    this.handlers?.onPodDelete(p);
  }

  addObject(kind: 'PersistentVolumeClaim' | 'PersistentVolume' | 'StorageClass' | 'PriorityClass' | 'Namespace' | 'PodDisruptionBudget' | 'Service', obj: KubeObject): void {
    const o = this.stamp(obj);
    switch (kind) {
      case 'PersistentVolumeClaim': this.pvcMap.set(keyOf(o), o as PersistentVolumeClaim); break;
      case 'PersistentVolume': this.pvMap.set(keyOf(o), o as PersistentVolume); break;
      case 'StorageClass': this.storageClasses.set(keyOf(o), o as StorageClass); break;
      case 'PriorityClass': this.priorityClasses.set(keyOf(o), o as PriorityClass); break;
      case 'Namespace': this.namespaces.set(keyOf(o), o); break;
      case 'PodDisruptionBudget': this.pdbList.push(o as PodDisruptionBudget); break;
      case 'Service': this.serviceList.push(o as SelectorOwner); break;
    }
    if (kind !== 'PriorityClass' && kind !== 'PodDisruptionBudget') this.handlers?.onObjectEvent(kind, ActionType.Add, undefined, o);
  }

  // ---- Listers ----

  pod(namespace: string, name: string): Pod | undefined { return this.pods.get(`${namespace}/${name}`); }
  pvc(namespace: string, name: string): PersistentVolumeClaim | undefined { return this.pvcMap.get(`${namespace}/${name}`); }
  pv(name: string): PersistentVolume | undefined { return this.pvMap.get(name); }
  pvs(): readonly PersistentVolume[] { return [...this.pvMap.values()]; }
  storageClass(name: string): StorageClass | undefined { return this.storageClasses.get(name); }
  namespace(name: string): KubeObject | undefined { return this.namespaces.get(name); }
  pdbs(): readonly PodDisruptionBudget[] { return this.pdbList; }
  priorityClass(name: string): PriorityClass | undefined { return this.priorityClasses.get(name); }
  globalDefaultPriorityClass(): PriorityClass | undefined { return [...this.priorityClasses.values()].find((p) => p.globalDefault); }
  services(namespace: string): readonly SelectorOwner[] { return this.serviceList.filter((s) => s.metadata.namespace === namespace); }
  controller(kind: string, namespace: string, name: string): SelectorOwner | undefined { return this.controllers.get(`${kind}/${namespace}/${name}`); }

  // ---- ClusterWriter ----

  async bind(pod: Pod, nodeName: string): Promise<void> {
    const current = this.pods.get(keyOf(pod));
    if (!current || current.metadata.uid !== pod.metadata.uid) throw notFound({ group: '', resource: 'pods' }, pod.metadata.name ?? '');
    if (current.spec.nodeName) throw conflict({ group: '', resource: 'pods' }, pod.metadata.name ?? '', `pod ${pod.metadata.name} is already assigned to node "${current.spec.nodeName}"`);
    const conditions = withCondition(current.status?.conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(this.clock.now()) });
    this.replacePod(current, { ...current, spec: { ...current.spec, nodeName }, status: { ...current.status, conditions } });
  }

  async patchPodStatus(pod: Pod, update: { readonly condition?: PodCondition; readonly nominatedNodeName?: string }): Promise<void> {
    const current = this.pods.get(keyOf(pod));
    if (!current) throw notFound({ group: '', resource: 'pods' }, pod.metadata.name ?? '');
    const status = { ...current.status };
    if (update.condition) status.conditions = withCondition(status.conditions, update.condition);
    if (update.nominatedNodeName !== undefined) {
      if (update.nominatedNodeName === '') delete status.nominatedNodeName; else status.nominatedNodeName = update.nominatedNodeName;
    }
    this.replacePod(current, { ...current, status });
  }

  async deletePod(pod: Pod): Promise<void> {
    const current = this.pods.get(keyOf(pod));
    if (!current || current.metadata.uid !== pod.metadata.uid) throw notFound({ group: '', resource: 'pods' }, pod.metadata.name ?? '');
    this.removePod(current.metadata.namespace ?? '', current.metadata.name ?? '');
  }

  async annotatePvc(pvc: PersistentVolumeClaim, annotations: Readonly<Record<string, string>>): Promise<void> {
    const current = this.pvcMap.get(keyOf(pvc));
    if (!current) throw notFound({ group: '', resource: 'persistentvolumeclaims' }, pvc.metadata.name ?? '');
    const next = this.stamp({ ...current, metadata: { ...current.metadata, annotations: { ...current.metadata.annotations, ...annotations } } });
    this.pvcMap.set(keyOf(next), next);
    this.handlers?.onObjectEvent('PersistentVolumeClaim', ActionType.UpdateOther, current, next);
  }

  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.events.push({ object: keyOf(obj), type, reason, message });
  }
}

function withCondition(conditions: readonly PodCondition[] | undefined, c: PodCondition): PodCondition[] {
  const out = (conditions ?? []).filter((x) => x.type !== c.type);
  out.push(c);
  return out;
}
