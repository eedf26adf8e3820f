/**
 * Deployment status, as kube's deployment controller computes and writes it
 * (pkg/controller/deployment/sync.go calculateStatus / syncDeploymentStatus and
 * checkPausedConditions): counts summed over the Deployment's ReplicaSets, the Available
 * condition ("Deployment has minimum availability." while at least spec.replicas - maxUnavailable
 * pods are available), written through the status subresource when it changed.
 */
import { canonicalJson } from '../common/compute-hash.ts';
import type { Deployment, DeploymentStatus, ReplicaSet } from '../common/workload-types.ts';
import { REVISION_ANNOTATION } from './annotations.ts';
import {
  DEPLOYMENT_AVAILABLE, DEPLOYMENT_PROGRESSING, getDeploymentCondition, MINIMUM_REPLICAS_AVAILABLE, MINIMUM_REPLICAS_UNAVAILABLE,
  newDeploymentCondition, PAUSED_DEPLOY_REASON, RESUMED_DEPLOY_REASON, setDeploymentCondition, TIMED_OUT_REASON,
} from './conditions.ts';
import type { DeploymentContext } from './deployment-context.ts';
import { DEPLOYMENT_KIND, DEPLOYMENTS, deploymentReplicas, hasProgressDeadline } from './deployment-spec.ts';
import { maxUnavailable } from './fenceposts.ts';
import { actualReplicaCount, availableReplicaCount, readyReplicaCount, replicaCount } from './replica-sets.ts';

/** The status the Deployment should report given its sets (calculateStatus). */
export function calculateDeploymentStatus(d: Deployment, input: { allRSs: readonly (ReplicaSet | undefined)[]; newRS: ReplicaSet | undefined; nowMs: number }): DeploymentStatus {
  const { allRSs, newRS, nowMs } = input;
  const available = availableReplicaCount(allRSs);
  // More available than desired (while scaling down) is not negative unavailability.
  const unavailable = Math.max(0, replicaCount(allRSs) - available);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: unavailable,
    collisionCount: d.status?.collisionCount,
    conditions: (d.status?.conditions ?? []).map((c) => ({ ...c })),
  };
  if (available >= deploymentReplicas(d) - maxUnavailable(d)) {
    setDeploymentCondition(status, newDeploymentCondition(DEPLOYMENT_AVAILABLE, 'True', { reason: MINIMUM_REPLICAS_AVAILABLE, message: 'Deployment has minimum availability.', nowMs }));
  } else {
    setDeploymentCondition(status, newDeploymentCondition(DEPLOYMENT_AVAILABLE, 'False', { reason: MINIMUM_REPLICAS_UNAVAILABLE, message: 'Deployment does not have minimum availability.', nowMs }));
  }
  return status;
}

/** The status as Go marshals DeploymentStatus: zero counts and an unset collisionCount omitted. */
export function deploymentStatusWire(s: DeploymentStatus): DeploymentStatus {
  const out: DeploymentStatus = {};
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  if (s.replicas) out.replicas = s.replicas;
  if (s.updatedReplicas) out.updatedReplicas = s.updatedReplicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas) out.availableReplicas = s.availableReplicas;
  if (s.unavailableReplicas) out.unavailableReplicas = s.unavailableReplicas;
  if (s.conditions?.length) out.conditions = s.conditions;
  if (s.collisionCount !== undefined && s.collisionCount !== null) out.collisionCount = s.collisionCount;
  return out;
}

/** reflect.DeepEqual of two statuses, up to omitted zero values and key order. */
export function sameDeploymentStatus(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  return canonicalJson(deploymentStatusWire(a ?? {})) === canonicalJson(deploymentStatusWire(b));
}

/**
 * UpdateStatus of the working copy `d`. Kube's status strategy for Deployments keeps the
 * request's annotations, which is how the revision annotation reaches the Deployment; when the
 * server kept the stored annotations instead, the revision is written through the main resource
 * (a metadata-only patch, which does not bump the generation). `d` takes the new resourceVersion
 * so the next write of the same sync does not conflict.
 */
export async function updateDeploymentStatus(ctx: DeploymentContext, d: Deployment): Promise<void> {
  const api = ctx.client.resource(DEPLOYMENTS).namespace(d.metadata.namespace!);
  const body: Deployment = { ...d, apiVersion: DEPLOYMENT_KIND.apiVersion, kind: DEPLOYMENT_KIND.kind, status: deploymentStatusWire(d.status ?? {}) };
  let updated = await api.update(body, { subresource: 'status' });
  const revision = d.metadata.annotations?.[REVISION_ANNOTATION];
  if (revision !== undefined && updated.metadata.annotations?.[REVISION_ANNOTATION] !== revision) {
    updated = await api.patch(d.metadata.name!, { metadata: { annotations: { [REVISION_ANNOTATION]: revision }, resourceVersion: updated.metadata.resourceVersion } }, { type: 'merge' });
  }
  d.metadata.resourceVersion = updated.metadata.resourceVersion;
}

/** syncDeploymentStatus: writes the calculated status if it differs from the recorded one. */
export async function syncDeploymentStatus(ctx: DeploymentContext, d: Deployment, sets: { allRSs: readonly (ReplicaSet | undefined)[]; newRS: ReplicaSet | undefined }): Promise<void> {
  const status = calculateDeploymentStatus(d, { ...sets, nowMs: ctx.clock.now() });
  if (sameDeploymentStatus(d.status, status)) return;
  d.status = status;
  await updateDeploymentStatus(ctx, d);
}

/**
 * checkPausedConditions: Progressing becomes Unknown/DeploymentPaused "Deployment is paused" on
 * pause and Unknown/DeploymentResumed "Deployment is resumed" on resume, so time spent paused never
 * counts against progressDeadlineSeconds; a ProgressDeadlineExceeded condition is kept.
 */
export async function checkPausedConditions(ctx: DeploymentContext, d: Deployment): Promise<void> {
  if (!hasProgressDeadline(d)) return;
  const cond = getDeploymentCondition(d.status, DEPLOYMENT_PROGRESSING);
  if (cond?.reason === TIMED_OUT_REASON) return;
  const pausedCondExists = cond?.reason === PAUSED_DEPLOY_REASON;
  const status = (d.status ??= {});
  const nowMs = ctx.clock.now();
  if (d.spec?.paused && !pausedCondExists) {
    setDeploymentCondition(status, newDeploymentCondition(DEPLOYMENT_PROGRESSING, 'Unknown', { reason: PAUSED_DEPLOY_REASON, message: 'Deployment is paused', nowMs }));
  } else if (!d.spec?.paused && pausedCondExists) {
    setDeploymentCondition(status, newDeploymentCondition(DEPLOYMENT_PROGRESSING, 'Unknown', { reason: RESUMED_DEPLOY_REASON, message: 'Deployment is resumed', nowMs }));
  } else {
    return;
  }
  await updateDeploymentStatus(ctx, d);
}
