/**
 * Rollout progress, after kube's syncRolloutStatus / getReplicaFailures / requeueStuckDeployment
 * (pkg/controller/deployment/progress.go). With a progress deadline the Progressing condition
 * reads: ReplicaSet "x" is progressing (ReplicaSetUpdated) while pods are updated or become
 * available, ReplicaSet "x" has successfully progressed (NewReplicaSetAvailable) once complete,
 * and ReplicaSet "x" has timed out progressing (ProgressDeadlineExceeded, status False) when no
 * progress was seen for progressDeadlineSeconds. ReplicaFailure conditions of the sets are copied.
 */
import { keyOf } from '../../controller/informer.ts';
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from '../common/workload-types.ts';
import {
  DEPLOYMENT_PROGRESSING, DEPLOYMENT_REPLICA_FAILURE, getDeploymentCondition, NEW_RS_AVAILABLE_REASON, newDeploymentCondition,
  removeDeploymentCondition, REPLICA_SET_UPDATED_REASON, replicaSetToDeploymentCondition, setDeploymentCondition, TIMED_OUT_REASON,
} from './conditions.ts';
import type { DeploymentContext } from './deployment-context.ts';
import { hasProgressDeadline } from './deployment-spec.ts';
import { calculateDeploymentStatus, sameDeploymentStatus, updateDeploymentStatus } from './deployment-status.ts';
import { deploymentComplete, deploymentProgressing, deploymentTimedOut } from './rollout-math.ts';

export async function syncRolloutStatus(ctx: DeploymentContext, d: Deployment, sets: { allRSs: readonly (ReplicaSet | undefined)[]; newRS: ReplicaSet | undefined }): Promise<void> {
  const { allRSs, newRS } = sets;
  const nowMs = ctx.clock.now();
  const status = calculateDeploymentStatus(d, { allRSs, newRS, nowMs });
  if (!hasProgressDeadline(d)) removeDeploymentCondition(status, DEPLOYMENT_PROGRESSING);

  // A resync of a finished rollout estimates no progress.
  const current = getDeploymentCondition(d.status, DEPLOYMENT_PROGRESSING);
  const isCompleteDeployment = status.replicas === status.updatedReplicas && current?.reason === NEW_RS_AVAILABLE_REASON;
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
    if (deploymentComplete(d, status)) {
      setDeploymentCondition(status, newDeploymentCondition(DEPLOYMENT_PROGRESSING, 'True', { reason: NEW_RS_AVAILABLE_REASON, message: `${subject} has successfully progressed.`, nowMs }));
    } else if (deploymentProgressing(d, status)) {
      // Progress refreshes lastUpdateTime even when the reason stays the same (unlike other conditions).
      const condition = newDeploymentCondition(DEPLOYMENT_PROGRESSING, 'True', { reason: REPLICA_SET_UPDATED_REASON, message: `${subject} is progressing.`, nowMs });
      if (current) {
        if (current.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
        removeDeploymentCondition(status, DEPLOYMENT_PROGRESSING);
      }
      setDeploymentCondition(status, condition);
    } else if (deploymentTimedOut(d, { status, nowMs })) {
      setDeploymentCondition(status, newDeploymentCondition(DEPLOYMENT_PROGRESSING, 'False', { reason: TIMED_OUT_REASON, message: `${subject} has timed out progressing.`, nowMs }));
    }
  }

  const failures = replicaFailures(allRSs, newRS);
  if (failures.length > 0) setDeploymentCondition(status, failures[0]);
  else removeDeploymentCondition(status, DEPLOYMENT_REPLICA_FAILURE);

  if (sameDeploymentStatus(d.status, status)) {
    requeueStuckDeployment(ctx, d, { status });
    return;
  }
  d.status = status;
  await updateDeploymentStatus(ctx, d);
}

/** The new set's ReplicaFailure conditions, or else the old sets'. */
function replicaFailures(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentCondition[] {
  const of = (rs: ReplicaSet) => (rs.status?.conditions ?? []).filter((c) => c.type === DEPLOYMENT_REPLICA_FAILURE).map(replicaSetToDeploymentCondition);
  if (newRS) {
    const own = of(newRS);
    if (own.length) return own;
  }
  return allRSs.filter((rs): rs is ReplicaSet => rs !== undefined).flatMap(of);
}

/**
 * Schedules the progress check of a rollout that shows no progress: at the Progressing
 * condition's lastUpdateTime + progressDeadlineSeconds (plus a second against skew), or now with
 * back-off when that is less than a second away. Returns the delay, -1 when none is needed.
 */
export function requeueStuckDeployment(ctx: DeploymentContext, d: Deployment, input: { status: DeploymentStatus }): number {
  const { status } = input;
  const current = getDeploymentCondition(d.status, DEPLOYMENT_PROGRESSING);
  if (!hasProgressDeadline(d) || !current) return -1;
  if (deploymentComplete(d, status) || current.reason === TIMED_OUT_REASON) return -1;
  const lastUpdate = current.lastUpdateTime ? Date.parse(current.lastUpdateTime) : NaN;
  if (Number.isNaN(lastUpdate)) return -1;
  const after = lastUpdate + d.spec!.progressDeadlineSeconds! * 1000 - ctx.clock.now();
  if (after < 1000) {
    ctx.enqueueRateLimited(keyOf(d));
    return 0;
  }
  ctx.enqueueAfter(keyOf(d), after + 1000);
  return after;
}
