/**
 * The parts of core/v1 Node the node lifecycle controller reads and writes: status conditions,
 * spec.taints, and the well-known taint keys (k8s.io/api/core/v1 well_known_taints.go).
 */
import type { KubeObject } from '../../api/object.ts';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface NodeCondition {
  type: string;
  status: ConditionStatus;
  lastHeartbeatTime?: string | null;
  lastTransitionTime?: string | null;
  reason?: string;
  message?: string;
}

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
  timeAdded?: string;
}

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';

/** Nodes with this label are left out of zone disruption counts (kube's isNodeExcludedFromDisruptionChecks). */
export const LABEL_EXCLUDE_DISRUPTION = 'node.kubernetes.io/exclude-disruption';

export function nodeConditions(node: KubeObject): NodeCondition[] {
  return ((node.status ?? {}) as { conditions?: NodeCondition[] }).conditions ?? [];
}

export function nodeCondition(node: KubeObject, type: string): NodeCondition | undefined {
  return nodeConditions(node).find((c) => c.type === type);
}

export function nodeTaints(node: KubeObject): Taint[] {
  return ((node.spec ?? {}) as { taints?: Taint[] }).taints ?? [];
}

/** The Ready condition's status; a node that never reported one counts as Unknown. */
export function readyStatus(node: KubeObject): ConditionStatus {
  return nodeCondition(node, 'Ready')?.status ?? 'Unknown';
}
