/**
 * Scaling a Deployment's ReplicaSets, after kube's scale / scaleReplicaSet /
 * scaleReplicaSetAndRecordEvent / isScalingEvent (pkg/controller/deployment/sync.go). A scaling
 * event (spec.replicas changed, or the Deployment is paused) is applied proportionally to every
 * active set in the middle of a rollout, so that scaling neither speeds up nor undoes the rollout.
 * Every size change is recorded as a ScalingReplicaSet Event worded as kube 1.32 words it:
 * "Scaled up replica set web-5869d7778c from 1 to 3".
 */
import { bySizeNewer, bySizeOlder, filterActiveReplicaSets, specReplicas } from '../common/replica-set-order.ts';
import type { Deployment, ReplicaSet } from '../common/workload-types.ts';
import { REPLICA_SETS } from '../replicaset/replica-set-kind.ts';
import { desiredReplicasAnnotation, replicasAnnotationsNeedUpdate, setReplicasAnnotations } from './annotations.ts';
import type { DeploymentContext } from './deployment-context.ts';
import { deploymentReplicas, isRollingUpdate } from './deployment-spec.ts';
import { maxSurge } from './fenceposts.ts';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.ts';
import { findActiveOrLatest, replicaCount } from './replica-sets.ts';
import { getProportion, isSaturated } from './rollout-math.ts';

export interface ScaleResult {
  readonly scaled: boolean;
  readonly rs: ReplicaSet;
}

/**
 * Sets the set's size to newScale and its desired/max-replicas annotations to the Deployment's,
 * writing only when either differs; records the Event when the size changed.
 */
export async function scaleReplicaSet(ctx: DeploymentContext, d: Deployment, o: { rs: ReplicaSet; newScale: number; operation: string }): Promise<ScaleResult> {
  const { rs, newScale } = o;
  const counts = { desired: deploymentReplicas(d), max: deploymentReplicas(d) + maxSurge(d) };
  const sizeNeedsUpdate = specReplicas(rs) !== newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, counts)) return { scaled: false, rs };
  const oldScale = specReplicas(rs);
  const copy = structuredClone(rs);
  (copy.spec ??= {}).replicas = newScale;
  setReplicasAnnotations(copy, counts);
  const updated = await ctx.client.resource(REPLICA_SETS).namespace(rs.metadata.namespace!).update({ ...copy, apiVersion: 'apps/v1', kind: 'ReplicaSet' }) as ReplicaSet;
  if (sizeNeedsUpdate) {
    ctx.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${o.operation} replica set ${updated.metadata.name} from ${oldScale} to ${newScale}`);
  }
  return { scaled: sizeNeedsUpdate, rs: updated };
}

/** Scales to newScale, naming the direction from the current size. */
export async function scaleReplicaSetAndRecordEvent(ctx: DeploymentContext, d: Deployment, o: { rs: ReplicaSet; newScale: number }): Promise<ScaleResult> {
  if (specReplicas(o.rs) === o.newScale) return { scaled: false, rs: o.rs };
  const operation = specReplicas(o.rs) < o.newScale ? 'up' : 'down';
  return scaleReplicaSet(ctx, d, { ...o, operation });
}

/**
 * kube's scale: one active (or no active, then the latest) set takes spec.replicas; a saturated
 * new set means old sets go to zero; otherwise, for RollingUpdate, the difference between
 * spec.replicas + maxSurge and the current total is shared out in proportion to each set's size,
 * leftovers going to the largest set.
 */
export async function scale(ctx: DeploymentContext, d: Deployment, sets: { newRS: ReplicaSet | undefined; oldRSs: readonly ReplicaSet[] }): Promise<void> {
  const { newRS, oldRSs } = sets;
  const replicas = deploymentReplicas(d);
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (specReplicas(activeOrLatest) === replicas) return;
    await scaleReplicaSetAndRecordEvent(ctx, d, { rs: activeOrLatest, newScale: replicas });
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActiveReplicaSets(oldRSs)) await scaleReplicaSetAndRecordEvent(ctx, d, { rs: old, newScale: 0 });
    return;
  }
  if (!isRollingUpdate(d)) return;
  const allRSs = filterActiveReplicaSets([...oldRSs, newRS]);
  const allowedSize = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowedSize - replicaCount(allRSs);
  let operation = '';
  // Scaling up, newer sets first among equals; scaling down, older sets first.
  if (toAdd > 0) { allRSs.sort(bySizeNewer); operation = 'up'; }
  if (toAdd < 0) { allRSs.sort(bySizeOlder); operation = 'down'; }
  let added = 0;
  const sizes = new Map<ReplicaSet, number>();
  for (const rs of allRSs) {
    if (toAdd !== 0) {
      const proportion = getProportion(rs, d, { toAdd, added });
      sizes.set(rs, specReplicas(rs) + proportion);
      added += proportion;
    } else {
      sizes.set(rs, specReplicas(rs));
    }
  }
  for (const [i, rs] of allRSs.entries()) {
    let size = sizes.get(rs)!;
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    await scaleReplicaSet(ctx, d, { rs, newScale: size, operation });
  }
}

/**
 * isScalingEvent: some active set's desired-replicas annotation differs from spec.replicas, so
 * the change is a scaling (handled by sync) rather than a template change (a rollout).
 */
export async function isScalingEvent(ctx: DeploymentContext, d: Deployment, input: { rsList: ReplicaSet[] }): Promise<boolean> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, { rsList: input.rsList, create: false });
  for (const rs of filterActiveReplicaSets([...oldRSs, newRS])) {
    const desired = desiredReplicasAnnotation(rs);
    if (desired !== undefined && desired !== deploymentReplicas(d)) return true;
  }
  return false;
}
