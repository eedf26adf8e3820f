/**
 * Which pods a controller deletes first when it scales down, as kube-controller-manager's
 * ActivePodsWithRanks.Less (pkg/controller/controller_utils.go, v1.32 with the default feature
 * gates PodDeletionCost and LogarithmicScaleDown on). Pods that sort first are deleted first:
 *
 *  1. unscheduled < scheduled
 *  2. Pending < Unknown < Running
 *  3. not ready < ready
 *  4. lower `controller.kubernetes.io/pod-deletion-cost` < higher
 *  5. higher rank (more related pods on the same node) < lower rank
 *  6. both ready: ready more recently < ready longer, compared on a log2 scale of the age
 *  7. more container restarts < fewer (then sidecar restarts)
 *  8. created more recently < created earlier, on a log2 scale; equal scale buckets by uid
 */
import { isPodReady, podReadyTime } from './pod-availability.ts';
import type { Pod } from './workload-types.ts';

export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

export interface RankedPod<T extends Pod = Pod> {
  readonly pod: T;
  /** The number of related active pods on the pod's node. */
  readonly rank: number;
}

/** Negative when `a` should be deleted before `b`. */
export function compareActivePodsWithRanks(a: RankedPod, b: RankedPod, options: { nowMs: number }): number {
  const { nowMs } = options;
  const pi = a.pod;
  const pj = b.pod;
  const ni = pi.spec?.nodeName ?? '';
  const nj = pj.spec?.nodeName ?? '';
  if (ni !== nj && (ni === '' || nj === '')) return ni === '' ? -1 : 1;
  const oi = PHASE_ORDINAL[pi.status?.phase ?? ''] ?? 0;
  const oj = PHASE_ORDINAL[pj.status?.phase ?? ''] ?? 0;
  if (oi !== oj) return oi - oj;
  const ri = isPodReady(pi);
  const rj = isPodReady(pj);
  if (ri !== rj) return ri ? 1 : -1;
  const ci = deletionCost(pi);
  const cj = deletionCost(pj);
  if (ci !== cj) return ci < cj ? -1 : 1;
  if (a.rank !== b.rank) return a.rank > b.rank ? -1 : 1;
  if (ri && rj) {
    const ti = podReadyTime(pi);
    const tj = podReadyTime(pj);
    if (ti !== tj) {
      const c = compareTimesNewerFirst(ti, tj, { nowMs, uidI: pi.metadata.uid, uidJ: pj.metadata.uid });
      if (c !== 0) return c;
    }
  }
  const restarts = compareMaxContainerRestarts(pi, pj);
  if (restarts !== 0) return restarts;
  const ti = creationTime(pi);
  const tj = creationTime(pj);
  if (ti !== tj) return compareTimesNewerFirst(ti, tj, { nowMs, uidI: pi.metadata.uid, uidJ: pj.metadata.uid });
  return 0;
}

/** Sorts in place into deletion order. */
export function sortActivePodsWithRanks<T extends Pod>(ranked: RankedPod<T>[], nowMs: number): RankedPod<T>[] {
  return ranked.sort((a, b) => compareActivePodsWithRanks(a, b, { nowMs }));
}

/** helper.GetDeletionCostFromPodAnnotations; an absent or malformed cost is 0. */
export function deletionCost(pod: Pod): number {
  const v = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v.trim()) || v.trim() !== v) return 0;
  const n = Number.parseInt(v, 10);
  return n < -2147483648 || n > 2147483647 ? 0 : n;
}

function creationTime(pod: Pod): number | undefined {
  const t = pod.metadata.creationTimestamp ? Date.parse(pod.metadata.creationTimestamp) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Newer first, with kube's afterOrZero (an unknown time sorts first) and, when both times are
 * known, logarithmicRankDiff: floor(log2(age in ns)) buckets, equal buckets ordered by uid.
 */
function compareTimesNewerFirst(ti: number | undefined, tj: number | undefined, o: { nowMs: number; uidI?: string; uidJ?: string }): number {
  if (ti === undefined || tj === undefined) return ti === undefined ? (tj === undefined ? 0 : -1) : 1;
  const diff = logRank(o.nowMs - ti) - logRank(o.nowMs - tj);
  if (diff === 0) {
    const ui = o.uidI ?? '';
    const uj = o.uidJ ?? '';
    return ui < uj ? -1 : ui > uj ? 1 : 0;
  }
  return diff < 0 ? -1 : 1;
}

/** int64(math.Log2(float64(d))) for a Go Duration d (nanoseconds); -1 for d <= 0. */
function logRank(ageMs: number): number {
  const ns = ageMs * 1e6;
  return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
}

/** compareMaxContainerRestarts: more restarts first; then more restarts of restartable init containers. */
function compareMaxContainerRestarts(pi: Pod, pj: Pod): number {
  const [ri, si] = maxContainerRestarts(pi);
  const [rj, sj] = maxContainerRestarts(pj);
  if (ri !== rj) return ri > rj ? -1 : 1;
  if (si !== sj) return si > sj ? -1 : 1;
  return 0;
}

function maxContainerRestarts(pod: Pod): [number, number] {
  let regular = 0;
  for (const c of pod.status?.containerStatuses ?? []) regular = Math.max(regular, c.restartCount ?? 0);
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  let sidecar = 0;
  for (const c of pod.status?.initContainerStatuses ?? []) if (sidecars.has(c.name)) sidecar = Math.max(sidecar, c.restartCount ?? 0);
  return [regular, sidecar];
}
