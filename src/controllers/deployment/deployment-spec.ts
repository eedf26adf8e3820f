/**
 * The Deployment kind as the deployment controller reads it: its resource and ControllerRef kind,
 * and the apps/v1 defaults (SetDefaults_Deployment) applied to the controller's private copy, so
 * that the rollout arithmetic sees the same values as kube even if a field came back omitted.
 */
import type { GroupVersionResource } from '../../api/object.ts';
import type { ControllerKind } from '../common/controller-ref.ts';
import type { Deployment } from '../common/workload-types.ts';

export const DEPLOYMENTS: GroupVersionResource = { group: 'apps', version: 'v1', resource: 'deployments' };
export const DEPLOYMENT_KIND: ControllerKind = { apiVersion: 'apps/v1', kind: 'Deployment' };

/** apps.DefaultDeploymentUniqueLabelKey: the label that tells a Deployment's ReplicaSets apart. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** A defaulted spec: every field the controller reads is present. */
export interface DeploymentSpecDefaults {
  replicas: number;
  strategyType: string;
  revisionHistoryLimit: number;
  progressDeadlineSeconds: number;
  minReadySeconds: number;
}

/**
 * A deep copy of `d` with apps/v1 defaults filled in: replicas 1, strategy RollingUpdate with
 * maxUnavailable and maxSurge 25%, revisionHistoryLimit 10, progressDeadlineSeconds 600.
 */
export function defaultedDeployment(d: Deployment): Deployment {
  const copy = structuredClone(d);
  const spec = (copy.spec ??= {});
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {});
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  copy.metadata.annotations ??= {};
  copy.status ??= {};
  return copy;
}

export function deploymentReplicas(d: Deployment): number {
  return d.spec?.replicas ?? 1;
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

export function isRecreate(d: Deployment): boolean {
  return d.spec?.strategy?.type === 'Recreate';
}

/** util.HasProgressDeadline: set and not MaxInt32 (which means "never"). */
export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s !== undefined && s !== 2147483647;
}

/** util.HasRevisionHistoryLimit: set and not MaxInt32 (which means "keep everything"). */
export function hasRevisionHistoryLimit(d: Deployment): boolean {
  const l = d.spec?.revisionHistoryLimit;
  return l !== undefined && l !== 2147483647;
}
