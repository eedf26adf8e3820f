/**
 * Deployment conditions and their reasons, with kube's words (pkg/controller/deployment/util).
 * `kubectl rollout status` reads Progressing (ProgressDeadlineExceeded ends it with an error) and
 * `kubectl wait --for=condition=Available` reads Available.
 */
import { rfc3339 } from '../../util/clock.ts';
import type { ConditionStatus, DeploymentCondition, DeploymentStatus, ReplicaSetCondition } from '../common/workload-types.ts';

export const DEPLOYMENT_AVAILABLE = 'Available';
export const DEPLOYMENT_PROGRESSING = 'Progressing';
export const DEPLOYMENT_REPLICA_FAILURE = 'ReplicaFailure';

// Progressing reasons
export const REPLICA_SET_UPDATED_REASON = 'ReplicaSetUpdated';
export const FAILED_RS_CREATE_REASON = 'ReplicaSetCreateError';
export const NEW_REPLICA_SET_REASON = 'NewReplicaSetCreated';
export const FOUND_NEW_RS_REASON = 'FoundNewReplicaSet';
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';
export const PAUSED_DEPLOY_REASON = 'DeploymentPaused';
export const RESUMED_DEPLOY_REASON = 'DeploymentResumed';
// Available reasons
export const MINIMUM_REPLICAS_AVAILABLE = 'MinimumReplicasAvailable';
export const MINIMUM_REPLICAS_UNAVAILABLE = 'MinimumReplicasUnavailable';

/** A condition stamped now, both update and transition times (util.NewDeploymentCondition). */
export function newDeploymentCondition(type: string, status: ConditionStatus, options: { reason: string; message: string; nowMs: number }): DeploymentCondition {
  const now = rfc3339(options.nowMs);
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason: options.reason, message: options.message };
}

export function getDeploymentCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * util.SetDeploymentCondition: a condition with the same status and reason is left untouched
 * (message and times included); one with the same status keeps its lastTransitionTime.
 */
export function setDeploymentCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getDeploymentCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeDeploymentCondition(status: DeploymentStatus, type: string): void {
  status.conditions = (status.conditions ?? []).filter((c) => c.type !== type);
}

/** A ReplicaSet's ReplicaFailure as a Deployment condition (util.ReplicaSetToDeploymentCondition). */
export function replicaSetToDeploymentCondition(c: ReplicaSetCondition): DeploymentCondition {
  return { type: c.type, status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message };
}
