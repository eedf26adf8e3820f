/**
 * Cluster events that can make an unschedulable pod schedulable, after kube-scheduler's
 * framework.ClusterEvent (types.go, events.go): a resource and a bit set of action types. Plugins
 * register the events that may resolve their own rejections (EnqueueExtensions); the queue moves a
 * pod out of the unschedulable pool only on an event some plugin that rejected it registered.
 */
import type { Node, Pod } from '../api-types.ts';

export const ActionType = {
  Add: 1,
  Delete: 2,
  UpdateNodeAllocatable: 4,
  UpdateNodeLabel: 8,
  UpdateNodeTaint: 16,
  UpdateNodeCondition: 32,
  UpdateNodeAnnotation: 64,
  UpdatePodLabel: 128,
  UpdatePodScaleDown: 256,
  UpdatePodTolerations: 512,
  UpdatePodSchedulingGatesEliminated: 1024,
  /** Any other change of the object. */
  UpdateOther: 2048,
} as const;

/** Every kind of update. */
export const UPDATE = 4 | 8 | 16 | 32 | 64 | 128 | 256 | 512 | 1024 | 2048;
export const ALL_ACTIONS = ActionType.Add | ActionType.Delete | UPDATE;

export type EventResource =
  | 'Node' | 'AssignedPod' | 'UnscheduledPod' | 'PersistentVolume' | 'PersistentVolumeClaim' | 'StorageClass'
  | 'Namespace' | 'PodDisruptionBudget' | 'Service' | 'ReplicaSet' | 'StatefulSet' | 'PriorityClass' | '*';

export interface ClusterEvent {
  readonly resource: EventResource;
  readonly actionType: number;
  /** For logs: "NodeAdd", "AssignedPodDelete"… */
  readonly label: string;
}

export function clusterEvent(resource: EventResource, actionType: number, label?: string): ClusterEvent {
  return { resource, actionType, label: label ?? `${resource}${actionType}` };
}

/** Whether a registered event covers an observed one (ClusterEvent.Match). */
export function eventMatches(registered: ClusterEvent, observed: ClusterEvent): boolean {
  return (registered.resource === '*' || registered.resource === observed.resource) && (registered.actionType & observed.actionType) !== 0;
}

export const EVENT_NODE_ADD = clusterEvent('Node', ActionType.Add, 'NodeAdd');
export const EVENT_ASSIGNED_POD_ADD = clusterEvent('AssignedPod', ActionType.Add, 'AssignedPodAdd');
export const EVENT_ASSIGNED_POD_DELETE = clusterEvent('AssignedPod', ActionType.Delete, 'AssignedPodDelete');
/** The periodic flush of pods that stayed unschedulable too long (UnschedulableTimeout). */
export const EVENT_UNSCHEDULABLE_TIMEOUT = clusterEvent('*', ALL_ACTIONS, 'UnschedulableTimeout');
/** A forgotten assumed pod frees what it held (EventAssignedPodDelete in handleBindingCycleError). */
export const EVENT_FORGET_POD = EVENT_ASSIGNED_POD_DELETE;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The update actions between two versions of a node (eventhandlers.go nodeSchedulingPropertiesChange). */
export function nodeUpdateActions(oldNode: Node, newNode: Node): number {
  let a = 0;
  if (!same(oldNode.status?.allocatable, newNode.status?.allocatable)) a |= ActionType.UpdateNodeAllocatable;
  if (!same(oldNode.metadata.labels, newNode.metadata.labels)) a |= ActionType.UpdateNodeLabel;
  if (!same(oldNode.spec?.taints, newNode.spec?.taints) || (oldNode.spec?.unschedulable ?? false) !== (newNode.spec?.unschedulable ?? false)) a |= ActionType.UpdateNodeTaint;
  const conditions = (n: Node) => (n.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.map((c) => `${c.type}=${c.status}`);
  if (!same(conditions(oldNode), conditions(newNode))) a |= ActionType.UpdateNodeCondition;
  if (!same(oldNode.metadata.annotations, newNode.metadata.annotations)) a |= ActionType.UpdateNodeAnnotation;
  return a;
}

/** The update actions between two versions of an assigned pod (podSchedulingPropertiesChange). */
export function podUpdateActions(oldPod: Pod, newPod: Pod): number {
  let a = 0;
  if (!same(oldPod.metadata.labels, newPod.metadata.labels)) a |= ActionType.UpdatePodLabel;
  const req = (p: Pod) => p.spec.containers?.map((c) => c.resources?.requests);
  if (!same(req(oldPod), req(newPod))) a |= ActionType.UpdatePodScaleDown;
  if (!same(oldPod.spec.tolerations, newPod.spec.tolerations)) a |= ActionType.UpdatePodTolerations;
  if ((oldPod.spec.schedulingGates?.length ?? 0) > 0 && (newPod.spec.schedulingGates?.length ?? 0) === 0) a |= ActionType.UpdatePodSchedulingGatesEliminated;
  return a === 0 ? ActionType.UpdateOther : a;
}
