/**
 * Which pods a ReplicaSet deletes when it has too many, as kube-controller-manager's getPodsToDelete
 * (pkg/controller/replicaset/replica_set.go): the pods are ranked by how many active pods of
 * related ReplicaSets (those with the same controller, e.g. the old and new sets of one Deployment)
 * share their node, then sorted with {@link compareActivePodsWithRanks}; the first `diff` go.
 */
import { sortActivePodsWithRanks } from '../common/active-pods-ranking.ts';
import { isPodActive } from '../common/pod-availability.ts';
import type { Pod } from '../common/workload-types.ts';

export function getPodsToDelete<T extends Pod>(pods: readonly T[], related: readonly Pod[], options: { diff: number; nowMs: number }): T[] {
  const { diff, nowMs } = options;
  // Deleting all of them needs no ranking.
  if (diff >= pods.length) return pods.slice(0, diff);
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const node = p.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  return sortActivePodsWithRanks(ranked, nowMs).slice(0, diff).map((r) => r.pod);
}
