/**
 * The order in which the Job controller removes surplus active pods: kube-controller-manager's
 * controller.ActivePods (pkg/controller/controller_utils.go), without the ranks and log scales
 * the ReplicaSet controller adds. Pods that sort first are removed first:
 * unscheduled < scheduled; Pending < Unknown < Running; not ready < ready; ready more recently
 * < ready longer; more container restarts < fewer; created more recently < created earlier.
 */
import { isPodReady, podReadyTime } from '../common/pod-availability.ts';
import type { Pod } from '../common/workload-types.ts';

const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

const maxRestarts = (p: Pod) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));

/** afterOrZero: a missing time sorts first, then later before earlier. */
function afterOrZero(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined) return a === undefined ? (b === undefined ? 0 : -1) : 1;
  return b - a;
}

/** Negative when `a` should be removed before `b`. */
export function compareActivePods(a: Pod, b: Pod): number {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  const pa = PHASE_ORDINAL[a.status?.phase ?? ''] ?? 0;
  const pb = PHASE_ORDINAL[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return ra ? 1 : -1;
  if (ra && rb) {
    const c = afterOrZero(podReadyTime(a), podReadyTime(b));
    if (c !== 0) return c;
  }
  const restarts = maxRestarts(b) - maxRestarts(a);
  if (restarts !== 0) return restarts;
  const created = (p: Pod) => (p.metadata.creationTimestamp ? Date.parse(p.metadata.creationTimestamp) : undefined);
  return afterOrZero(created(a), created(b));
}
