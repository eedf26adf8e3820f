/**
 * Active, ready and available pods, as kube-controller-manager decides them
 * (pkg/controller/controller_utils.go IsPodActive/FilterActivePods and pkg/api/v1/pod/util.go
 * IsPodReady/IsPodAvailable). Every workload controller counts its pods with these.
 */
import type { Pod, PodCondition } from './workload-types.ts';

/** Not Succeeded, not Failed and not being deleted (controller.IsPodActive). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** The pods a controller still counts as replicas (controller.FilterActivePods). */
export function filterActivePods<T extends Pod>(pods: readonly T[]): T[] {
  return pods.filter(isPodActive);
}

/** The pod's Ready condition, if the kubelet reported one. */
export function podReadyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** Ready condition status "True" (podutil.IsPodReady). */
export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/** When the pod became ready (the Ready condition's lastTransitionTime), in ms; undefined when not ready or unknown. */
export function podReadyTime(pod: Pod): number | undefined {
  const c = podReadyCondition(pod);
  if (c?.status !== 'True' || !c.lastTransitionTime) return undefined;
  const t = Date.parse(c.lastTransitionTime);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Ready for at least minReadySeconds (podutil.IsPodAvailable): with minReadySeconds 0 every ready
 * pod is available; otherwise the Ready condition's lastTransitionTime plus minReadySeconds must
 * lie strictly before now. A ready pod without a transition time is not available yet.
 */
export function isPodAvailable(pod: Pod, options: { minReadySeconds: number; nowMs: number }): boolean {
  const { minReadySeconds, nowMs } = options;
  if (!isPodReady(pod)) return false;
  if (!minReadySeconds) return true;
  const since = podReadyTime(pod);
  return since !== undefined && since + minReadySeconds * 1000 < nowMs;
}
