/**
 * The arithmetic of a rollout, as kube's deployment util: how far the new ReplicaSet may grow
 * (NewRSNewReplicas), when it is saturated (IsSaturated), how a scaling event is shared between
 * sets (GetProportion), and when a rollout is complete, progressing or timed out.
 */
import { scaledValueFromIntOrPercent } from '../common/int-or-percent.ts';
import { specReplicas } from '../common/replica-set-order.ts';
import type { Deployment, DeploymentStatus, ReplicaSet } from '../common/workload-types.ts';
import { desiredReplicasAnnotation, maxReplicasAnnotation } from './annotations.ts';
import { DEPLOYMENT_PROGRESSING, getDeploymentCondition, NEW_RS_AVAILABLE_REASON, TIMED_OUT_REASON } from './conditions.ts';
import { deploymentReplicas, hasProgressDeadline, isRecreate, isRollingUpdate } from './deployment-spec.ts';
import { maxSurge } from './fenceposts.ts';
import { replicaCount } from './replica-sets.ts';

/**
 * util.NewRSNewReplicas: for RollingUpdate, grow the new set as far as maxSurge allows without
 * passing spec.replicas; for Recreate, straight to spec.replicas.
 */
export function newRSNewReplicas(d: Deployment, input: { allRSs: readonly (ReplicaSet | undefined)[]; newRS: ReplicaSet }): number {
  const replicas = deploymentReplicas(d);
  const current = specReplicas(input.newRS);
  if (isRollingUpdate(d)) {
    const surge = scaledValueFromIntOrPercent(d.spec?.strategy?.rollingUpdate?.maxSurge ?? 0, replicas, { roundUp: true });
    const podCount = replicaCount(input.allRSs);
    const maxTotal = replicas + surge;
    if (podCount >= maxTotal) return current;
    return current + Math.min(maxTotal - podCount, replicas - current);
  }
  if (isRecreate(d)) return replicas;
  throw new Error(`deployment type ${d.spec?.strategy?.type} isn't supported`);
}

/** util.IsSaturated: the new set holds, wants (by annotation) and has available all replicas. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  if (desired === undefined) return false;
  const replicas = deploymentReplicas(d);
  return specReplicas(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

/** Go's math.Round: half away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/**
 * util.getReplicaSetFraction: how many replicas the set gains (or loses) when the Deployment's
 * size goes from the set's max-replicas annotation to spec.replicas + maxSurge.
 */
function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const replicas = deploymentReplicas(d);
  if (replicas === 0) return -specReplicas(rs);
  const deploymentReplicasWithSurge = replicas + maxSurge(d);
  // Without the annotation, fall back on the Deployment's current size (an estimate only).
  const annotated = maxReplicasAnnotation(rs) ?? (d.status?.replicas ?? 0);
  // kube never scales proportionally from zero, so this cannot be 0 there; guard the division.
  if (annotated === 0) return 0;
  return roundHalfAway((specReplicas(rs) * deploymentReplicasWithSurge) / annotated) - specReplicas(rs);
}

/**
 * util.GetProportion: the set's share of `toAdd` replicas, never exceeding what remains to be
 * added (scaling up) or removed (scaling down) after `added`.
 */
export function getProportion(rs: ReplicaSet | undefined, d: Deployment, counts: { toAdd: number; added: number }): number {
  const { toAdd, added } = counts;
  if (!rs || specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** util.DeploymentComplete: every replica updated and available, and the generation observed. */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const replicas = deploymentReplicas(d);
  return (status.updatedReplicas ?? 0) === replicas
    && (status.replicas ?? 0) === replicas
    && (status.availableReplicas ?? 0) === replicas
    && (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/**
 * util.DeploymentProgressing: compared with the recorded status, more pods were updated, old pods
 * went away, or more pods became ready or available.
 */
export function deploymentProgressing(d: Deployment, next: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0)
    || newOld < oldOld
    || (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0)
    || (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

/**
 * util.DeploymentTimedOut: the Progressing condition was last updated more than
 * progressDeadlineSeconds ago (or already says ProgressDeadlineExceeded). A completed rollout
 * (NewReplicaSetAvailable) never times out.
 */
export function deploymentTimedOut(d: Deployment, input: { status: DeploymentStatus; nowMs: number }): boolean {
  const { status, nowMs } = input;
  if (!hasProgressDeadline(d)) return false;
  const condition = getDeploymentCondition(status, DEPLOYMENT_PROGRESSING);
  if (!condition) return false;
  if (condition.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (condition.reason === TIMED_OUT_REASON) return true;
  const from = condition.lastUpdateTime ? Date.parse(condition.lastUpdateTime) : NaN;
  if (Number.isNaN(from)) return false;
  return from + (d.spec!.progressDeadlineSeconds! * 1000) < nowMs;
}
