/**
 * The Recreate strategy, after kube's rolloutRecreate (pkg/controller/deployment/recreate.go):
 * scale every old ReplicaSet to zero, wait until none of their pods is left running (pods in a
 * terminal phase do not count), and only then create or scale up the new set.
 */
import type { Pod, Deployment, ReplicaSet } from '../common/workload-types.ts';
import { filterActiveReplicaSets } from '../common/replica-set-order.ts';
import { cleanupDeployment } from './cleanup.ts';
import type { DeploymentContext } from './deployment-context.ts';
import { deploymentReplicas } from './deployment-spec.ts';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.ts';
import { syncRolloutStatus } from './progress.ts';
import { actualReplicaCount } from './replica-sets.ts';
import { deploymentComplete } from './rollout-math.ts';
import { scaleReplicaSetAndRecordEvent } from './scale.ts';

/** Pods of the Deployment grouped by the uid of the ReplicaSet that controls them. */
export type PodMap = ReadonlyMap<string, readonly Pod[]>;

export async function rolloutRecreate(ctx: DeploymentContext, d: Deployment, input: { rsList: ReplicaSet[]; podMap: PodMap }): Promise<void> {
  // No new set yet: creating it now would scale up before scaling down.
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, { rsList: input.rsList, create: false });
  let allRSs = [...oldRSs, newRS];

  let scaledDown = false;
  for (const rs of filterActiveReplicaSets(oldRSs)) {
    if ((await scaleReplicaSetAndRecordEvent(ctx, d, { rs, newScale: 0 })).scaled) scaledDown = true;
  }
  if (scaledDown) return syncRolloutStatus(ctx, d, { allRSs, newRS });

  if (oldPodsRunning(newRS, { oldRSs, podMap: input.podMap })) return syncRolloutStatus(ctx, d, { allRSs, newRS });

  if (!newRS) {
    ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, { rsList: input.rsList, create: true }));
    allRSs = [...oldRSs, newRS];
  }
  await scaleReplicaSetAndRecordEvent(ctx, d, { rs: newRS!, newScale: deploymentReplicas(d) });
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(ctx, d, { oldRSs });
  return syncRolloutStatus(ctx, d, { allRSs, newRS });
}

/**
 * Whether an old set still reports replicas or still has a pod that is not Succeeded or Failed
 * (an Unknown phase counts: the pod may be running on a node we cannot hear from).
 */
export function oldPodsRunning(newRS: ReplicaSet | undefined, o: { oldRSs: readonly ReplicaSet[]; podMap: PodMap }): boolean {
  if (actualReplicaCount(o.oldRSs) > 0) return true;
  for (const [rsUid, pods] of o.podMap) {
    if (newRS && newRS.metadata.uid === rsUid) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase !== 'Failed' && phase !== 'Succeeded') return true;
    }
  }
  return false;
}
