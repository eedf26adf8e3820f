/**
 * The RollingUpdate strategy, after kube's rolloutRolling (pkg/controller/deployment/rolling.go).
 * Each sync takes one step and reports status: scale the new ReplicaSet up as far as maxSurge
 * allows; otherwise scale old sets down as far as maxUnavailable allows — first their unhealthy
 * pods (which costs no availability), then available ones while at least
 * spec.replicas - maxUnavailable pods stay available.
 */
import { byCreationTimestamp, filterActiveReplicaSets, specReplicas } from '../common/replica-set-order.ts';
import type { Deployment, ReplicaSet } from '../common/workload-types.ts';
import { cleanupDeployment } from './cleanup.ts';
import type { DeploymentContext } from './deployment-context.ts';
import { deploymentReplicas } from './deployment-spec.ts';
import { maxUnavailable } from './fenceposts.ts';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.ts';
import { syncRolloutStatus } from './progress.ts';
import { availableReplicaCount, replicaCount } from './replica-sets.ts';
import { deploymentComplete, newRSNewReplicas } from './rollout-math.ts';
import { scaleReplicaSetAndRecordEvent } from './scale.ts';

export async function rolloutRolling(ctx: DeploymentContext, d: Deployment, input: { rsList: ReplicaSet[] }): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, { rsList: input.rsList, create: true });
  const created = newRS!;
  const allRSs = [...oldRSs, created];

  if (await reconcileNewReplicaSet(ctx, d, { allRSs, newRS: created })) {
    return syncRolloutStatus(ctx, d, { allRSs, newRS: created });
  }
  if (await reconcileOldReplicaSets(ctx, d, { allRSs, oldRSs: filterActiveReplicaSets(oldRSs), newRS: created })) {
    return syncRolloutStatus(ctx, d, { allRSs, newRS: created });
  }
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(ctx, d, { oldRSs });
  return syncRolloutStatus(ctx, d, { allRSs, newRS: created });
}

/** Grows (or, above spec.replicas, shrinks) the new set; true when it was scaled. */
async function reconcileNewReplicaSet(ctx: DeploymentContext, d: Deployment, sets: { allRSs: ReplicaSet[]; newRS: ReplicaSet }): Promise<boolean> {
  const replicas = deploymentReplicas(d);
  const current = specReplicas(sets.newRS);
  if (current === replicas) return false;
  if (current > replicas) return (await scaleReplicaSetAndRecordEvent(ctx, d, { rs: sets.newRS, newScale: replicas })).scaled;
  const newScale = newRSNewReplicas(d, sets);
  return (await scaleReplicaSetAndRecordEvent(ctx, d, { rs: sets.newRS, newScale })).scaled;
}

/**
 * Shrinks old sets; true when any was scaled. At most
 *   allPods - minAvailable - newRSUnavailable
 * pods may go, so that unavailable new pods never let old available ones be removed (kube's
 * worked example: 10 replicas, maxUnavailable 2, maxSurge 3 and a crash-looping new set).
 * Errors while scaling down are swallowed as in kube: the step simply did not happen.
 */
async function reconcileOldReplicaSets(ctx: DeploymentContext, d: Deployment, sets: { allRSs: ReplicaSet[]; oldRSs: ReplicaSet[]; newRS: ReplicaSet }): Promise<boolean> {
  const { newRS } = sets;
  if (replicaCount(sets.oldRSs) === 0) return false;
  const minAvailable = deploymentReplicas(d) - maxUnavailable(d);
  const newRSUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = replicaCount(sets.allRSs) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  let cleaned: { oldRSs: ReplicaSet[]; count: number };
  try {
    cleaned = await cleanupUnhealthyReplicas(ctx, d, { oldRSs: sets.oldRSs, maxCleanupCount: maxScaledDown });
  } catch {
    return false;
  }
  let scaledDown: number;
  try {
    scaledDown = await scaleDownOldReplicaSetsForRollingUpdate(ctx, d, { allRSs: [...cleaned.oldRSs, newRS], oldRSs: cleaned.oldRSs });
  } catch {
    return false;
  }
  return cleaned.count + scaledDown > 0;
}

/** Scales old sets down by their unavailable pods, oldest sets first, up to maxCleanupCount. */
async function cleanupUnhealthyReplicas(ctx: DeploymentContext, d: Deployment, o: { oldRSs: ReplicaSet[]; maxCleanupCount: number }): Promise<{ oldRSs: ReplicaSet[]; count: number }> {
  const oldRSs = [...o.oldRSs].sort(byCreationTimestamp);
  let total = 0;
  for (const [i, rs] of oldRSs.entries()) {
    if (total >= o.maxCleanupCount) break;
    const replicas = specReplicas(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(o.maxCleanupCount - total, replicas - available);
    const newCount = replicas - count;
    if (newCount > replicas) throw new Error(`when cleaning up unhealthy replicas, got invalid request to scale down ${rs.metadata.namespace}/${rs.metadata.name} ${replicas} -> ${newCount}`);
    oldRSs[i] = (await scaleReplicaSetAndRecordEvent(ctx, d, { rs, newScale: newCount })).rs;
    total += count;
  }
  return { oldRSs, count: total };
}

/** Scales old sets down, oldest first, while more than minAvailable pods are available. */
async function scaleDownOldReplicaSetsForRollingUpdate(ctx: DeploymentContext, d: Deployment, sets: { allRSs: ReplicaSet[]; oldRSs: ReplicaSet[] }): Promise<number> {
  const minAvailable = deploymentReplicas(d) - maxUnavailable(d);
  const available = availableReplicaCount(sets.allRSs);
  if (available <= minAvailable) return 0;
  const target = available - minAvailable;
  let total = 0;
  for (const rs of [...sets.oldRSs].sort(byCreationTimestamp)) {
    if (total >= target) break;
    const replicas = specReplicas(rs);
    if (replicas === 0) continue;
    const count = Math.min(replicas, target - total);
    const newCount = replicas - count;
    await scaleReplicaSetAndRecordEvent(ctx, d, { rs, newScale: newCount });
    total += count;
  }
  return total;
}
