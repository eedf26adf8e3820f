/**
 * apps/v1 defaulting after pkg/apis/apps/v1/defaults.go (SetDefaults_Deployment,
 * SetDefaults_ReplicaSet, SetDefaults_DaemonSet, SetDefaults_StatefulSet), plus the pod template
 * defaults every workload gets. Feature gates as in 1.32: StatefulSetAutoDeletePVC on (GA),
 * MaxUnavailableStatefulSet off.
 */
import type { KubeObject } from '../object.ts';
import { type Obj, asObj, asStr, ensureObj, objects, setDefault, setDefaultString } from '../validation/access.ts';
import { setDefaultsPersistentVolumeClaim } from './core.ts';
import { setDefaultsPodTemplateSpec } from './core-pod.ts';

export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

function templateDefaults(spec: Obj): void {
  const template = asObj(spec.template);
  if (template) setDefaultsPodTemplateSpec(template);
}

/** SetDefaults_Deployment: replicas 1, RollingUpdate 25%/25%, history 10, deadline 600s. */
export function setDefaultsDeployment(d: KubeObject): void {
  const spec = ensureObj(d, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = ensureObj(spec, 'strategy');
  setDefaultString(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = ensureObj(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', '25%');
    setDefault(ru, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', DEFAULT_REVISION_HISTORY_LIMIT);
  setDefault(spec, 'progressDeadlineSeconds', DEFAULT_PROGRESS_DEADLINE_SECONDS);
  templateDefaults(spec);
}

/** SetDefaults_ReplicaSet: replicas 1. */
export function setDefaultsReplicaSet(rs: KubeObject): void {
  const spec = ensureObj(rs, 'spec');
  setDefault(spec, 'replicas', 1);
  templateDefaults(spec);
}

/** SetDefaults_DaemonSet: RollingUpdate with maxUnavailable 1 and maxSurge 0, history 10. */
export function setDefaultsDaemonSet(ds: KubeObject): void {
  const spec = ensureObj(ds, 'spec');
  const strategy = ensureObj(spec, 'updateStrategy');
  setDefaultString(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = ensureObj(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', 1);
    setDefault(ru, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', DEFAULT_REVISION_HISTORY_LIMIT);
  templateDefaults(spec);
}

/**
 * SetDefaults_StatefulSet: OrderedReady, RollingUpdate with partition 0, PVC retention
 * Retain/Retain, replicas 1, history 10; claim templates get the PVC defaults (including Go's
 * `creationTimestamp: null` and `status.phase: Pending`, which kubectl shows).
 */
export function setDefaultsStatefulSet(sts: KubeObject): void {
  const spec = ensureObj(sts, 'spec');
  setDefaultString(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = ensureObj(spec, 'updateStrategy');
  if (asStr(strategy.type) === '') {
    strategy.type = 'RollingUpdate';
    setDefault(strategy, 'rollingUpdate', {});
  }
  const ru = asObj(strategy.rollingUpdate);
  if (strategy.type === 'RollingUpdate' && ru) setDefault(ru, 'partition', 0);
  const retention = ensureObj(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefaultString(retention, 'whenDeleted', 'Retain');
  setDefaultString(retention, 'whenScaled', 'Retain');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', DEFAULT_REVISION_HISTORY_LIMIT);
  templateDefaults(spec);
  for (const claim of objects(spec.volumeClaimTemplates)) {
    const meta = ensureObj(claim, 'metadata');
    if (meta.creationTimestamp === undefined) meta.creationTimestamp = null;
    setDefaultsPersistentVolumeClaim(claim);
  }
}
