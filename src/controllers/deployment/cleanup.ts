/**
 * Revision history cleanup, after kube's cleanupDeployment (pkg/controller/deployment/sync.go):
 * keep the newest spec.revisionHistoryLimit old ReplicaSets (for `kubectl rollout undo`) and
 * delete older ones, but only those that are fully scaled down, observed by the replicaset
 * controller and not already being deleted.
 */
import { specReplicas } from '../common/replica-set-order.ts';
import type { Deployment, ReplicaSet } from '../common/workload-types.ts';
import { REPLICA_SETS } from '../replicaset/replica-set-kind.ts';
import type { DeploymentContext } from './deployment-context.ts';
import { hasRevisionHistoryLimit } from './deployment-spec.ts';
import { byRevision } from './replica-sets.ts';

export async function cleanupDeployment(ctx: DeploymentContext, d: Deployment, sets: { oldRSs: readonly ReplicaSet[] }): Promise<void> {
  const { oldRSs } = sets;
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - d.spec!.revisionHistoryLimit!;
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (const rs of cleanable.slice(0, diff)) {
    if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0) continue;
    if ((rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    try {
      await ctx.client.resource(REPLICA_SETS).namespace(rs.metadata.namespace!).delete(rs.metadata.name!);
    } catch (e) {
      // Stop at the first failure rather than keep deleting against a struggling API server.
      if ((e as { code?: number }).code !== 404) throw e;
    }
  }
}
