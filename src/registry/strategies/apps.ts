/**
 * apps/v1 workloads, after pkg/registry/apps/{deployment,replicaset,daemonset,statefulset,
 * controllerrevision}/strategy.go: generation tracking, status only through /status, scale for
 * Deployments, ReplicaSets and StatefulSets. The initial statuses carry the fields Go serialises
 * when zero (ReplicaSet `replicas`, DaemonSet's four counters, StatefulSet `replicas` and
 * `availableReplicas`).
 */
import { setDefaultsDaemonSet, setDefaultsDeployment, setDefaultsReplicaSet, setDefaultsStatefulSet } from '../../api/defaults/apps.ts';
import { validateDaemonSet, validateDaemonSetStatusUpdate, validateDaemonSetUpdate } from '../../api/validation/apps-daemon-set.ts';
import { validateDeployment, validateDeploymentStatusUpdate, validateDeploymentUpdate, validateReplicaSet, validateReplicaSetStatusUpdate, validateReplicaSetUpdate } from '../../api/validation/apps-deployment.ts';
import { validateControllerRevision, validateControllerRevisionUpdate, validateStatefulSet, validateStatefulSetStatusUpdate, validateStatefulSetUpdate } from '../../api/validation/apps-stateful-set.ts';
import { defineStrategy } from './define-strategy.ts';
import { labelSelectorScale } from './replicas-scale.ts';
import { replicasFieldSet } from './replication-controller.ts';

export const deploymentStrategy = defineStrategy({
  tracksGeneration: true,
  defaults: setDefaultsDeployment,
  validate: validateDeployment,
  validateUpdate: validateDeploymentUpdate,
  status: { initial: () => ({}), validateUpdate: validateDeploymentStatusUpdate },
  scale: labelSelectorScale,
});

export const replicaSetStrategy = defineStrategy({
  tracksGeneration: true,
  defaults: setDefaultsReplicaSet,
  validate: validateReplicaSet,
  validateUpdate: validateReplicaSetUpdate,
  status: { initial: () => ({ replicas: 0 }), validateUpdate: validateReplicaSetStatusUpdate },
  scale: labelSelectorScale,
  fieldSet: replicasFieldSet,
});

export const daemonSetStrategy = defineStrategy({
  tracksGeneration: true,
  defaults: setDefaultsDaemonSet,
  validate: validateDaemonSet,
  validateUpdate: validateDaemonSetUpdate,
  status: {
    initial: () => ({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 }),
    validateUpdate: validateDaemonSetStatusUpdate,
  },
});

export const statefulSetStrategy = defineStrategy({
  tracksGeneration: true,
  defaults: setDefaultsStatefulSet,
  validate: validateStatefulSet,
  validateUpdate: validateStatefulSetUpdate,
  status: { initial: () => ({ replicas: 0, availableReplicas: 0 }), validateUpdate: validateStatefulSetStatusUpdate },
  scale: labelSelectorScale,
});

export const controllerRevisionStrategy = defineStrategy({
  validate: validateControllerRevision,
  validateUpdate: validateControllerRevisionUpdate,
});
