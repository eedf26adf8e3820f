/**
 * maxSurge and maxUnavailable of a RollingUpdate Deployment, resolved as kube-controller-manager's
 * deployment util ResolveFenceposts does: percentages of spec.replicas, surge rounded UP and
 * unavailability rounded DOWN; if both come out 0, maxUnavailable is 1 so a rollout can still
 * progress (validation forbids two explicit zeros, but rounding can produce them).
 */
import { scaledValueFromIntOrPercent } from '../common/int-or-percent.ts';
import type { Deployment, IntOrString } from '../common/workload-types.ts';
import { deploymentReplicas, isRollingUpdate } from './deployment-spec.ts';

export interface Fenceposts {
  readonly maxSurge: number;
  readonly maxUnavailable: number;
}

/** Throws IntOrPercentError for malformed values (validation normally rejects them). */
export function resolveFenceposts(rollingUpdate: { maxSurge?: IntOrString; maxUnavailable?: IntOrString }, desired: number): Fenceposts {
  const surge = scaledValueFromIntOrPercent(rollingUpdate.maxSurge ?? 0, desired, { roundUp: true });
  let unavailable = scaledValueFromIntOrPercent(rollingUpdate.maxUnavailable ?? 0, desired, { roundUp: false });
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { maxSurge: surge, maxUnavailable: unavailable };
}

function fenceposts(d: Deployment): Fenceposts {
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  try {
    return resolveFenceposts(ru, deploymentReplicas(d));
  } catch {
    return { maxSurge: 0, maxUnavailable: 0 }; // as kube, which ignores the (validated-away) error
  }
}

/** util.MaxSurge: 0 unless RollingUpdate. */
export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d).maxSurge : 0;
}

/** util.MaxUnavailable: 0 unless RollingUpdate with replicas; never more than spec.replicas. */
export function maxUnavailable(d: Deployment): number {
  const replicas = deploymentReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(fenceposts(d).maxUnavailable, replicas);
}

/** util.MinAvailable: spec.replicas - maxUnavailable for RollingUpdate, else 0. */
export function minAvailable(d: Deployment): number {
  return isRollingUpdate(d) ? deploymentReplicas(d) - maxUnavailable(d) : 0;
}
