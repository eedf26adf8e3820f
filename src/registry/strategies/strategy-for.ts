/**
 * Every built-in kind's Strategy, in one table, and the fallback for the rest. The Registry asks
 * once per served resource; several versions of a kind (autoscaling/v1 and v2 HPAs) share one
 * Strategy, which reads `apiVersion` where versions differ.
 */
import type { Strategy } from '../strategy.ts';
import { mutatingWebhookConfigurationStrategy, validatingAdmissionPolicyBindingStrategy, validatingAdmissionPolicyStrategy, validatingWebhookConfigurationStrategy } from './admission-registration.ts';
import { controllerRevisionStrategy, daemonSetStrategy, deploymentStrategy, replicaSetStrategy, statefulSetStrategy } from './apps.ts';
import { horizontalPodAutoscalerStrategy } from './autoscaling.ts';
import { leaseStrategy, priorityClassStrategy, storageClassStrategy } from './cluster-settings.ts';
import { configMapStrategy, secretStrategy, serviceAccountStrategy } from './config.ts';
import { customResourceDefinitionStrategy } from './custom-resource-definition.ts';
import { endpointSliceStrategy, endpointsStrategy } from './endpoints.ts';
import { eventStrategy, eventsV1Strategy } from './event.ts';
import { type GenericStrategyOptions, genericStrategy } from './generic.ts';
import { cronJobStrategy, jobStrategy } from './job.ts';
import { namespaceStrategy } from './namespace.ts';
import { ingressClassStrategy, ingressStrategy, networkPolicyStrategy } from './networking.ts';
import { nodeStrategy } from './node.ts';
import { persistentVolumeClaimStrategy, persistentVolumeStrategy } from './persistent-volume.ts';
import { podStrategy } from './pod.ts';
import { podDisruptionBudgetStrategy } from './policy.ts';
import { limitRangeStrategy, resourceQuotaStrategy } from './quota.ts';
import { clusterRoleBindingStrategy, clusterRoleStrategy, roleBindingStrategy, roleStrategy } from './rbac.ts';
import { replicationControllerStrategy } from './replication-controller.ts';
import { serviceStrategy } from './service.ts';

export interface StrategyOptions extends GenericStrategyOptions {
  /** The clock for timestamps a strategy writes (PersistentVolume phase transitions). @default () => new Date() */
  readonly now?: () => Date;
}

type Factory = (options: StrategyOptions) => Strategy;
const fixed = (s: Strategy): Factory => () => s;

const BUILTIN: Readonly<Record<string, Factory>> = {
  '/Namespace': fixed(namespaceStrategy),
  '/Pod': fixed(podStrategy),
  '/Service': fixed(serviceStrategy),
  '/Endpoints': fixed(endpointsStrategy),
  '/ConfigMap': fixed(configMapStrategy),
  '/Secret': fixed(secretStrategy),
  '/ServiceAccount': fixed(serviceAccountStrategy),
  '/Node': fixed(nodeStrategy),
  '/Event': fixed(eventStrategy),
  '/ResourceQuota': fixed(resourceQuotaStrategy),
  '/LimitRange': fixed(limitRangeStrategy),
  '/PersistentVolume': (o) => persistentVolumeStrategy(o.now ?? (() => new Date())),
  '/PersistentVolumeClaim': fixed(persistentVolumeClaimStrategy),
  '/ReplicationController': fixed(replicationControllerStrategy),
  'apps/Deployment': fixed(deploymentStrategy),
  'apps/ReplicaSet': fixed(replicaSetStrategy),
  'apps/DaemonSet': fixed(daemonSetStrategy),
  'apps/StatefulSet': fixed(statefulSetStrategy),
  'apps/ControllerRevision': fixed(controllerRevisionStrategy),
  'batch/Job': fixed(jobStrategy),
  'batch/CronJob': fixed(cronJobStrategy),
  'autoscaling/HorizontalPodAutoscaler': fixed(horizontalPodAutoscalerStrategy),
  'networking.k8s.io/Ingress': fixed(ingressStrategy),
  'networking.k8s.io/IngressClass': fixed(ingressClassStrategy),
  'networking.k8s.io/NetworkPolicy': fixed(networkPolicyStrategy),
  'policy/PodDisruptionBudget': fixed(podDisruptionBudgetStrategy),
  'rbac.authorization.k8s.io/Role': fixed(roleStrategy),
  'rbac.authorization.k8s.io/ClusterRole': fixed(clusterRoleStrategy),
  'rbac.authorization.k8s.io/RoleBinding': fixed(roleBindingStrategy),
  'rbac.authorization.k8s.io/ClusterRoleBinding': fixed(clusterRoleBindingStrategy),
  'coordination.k8s.io/Lease': fixed(leaseStrategy),
  'discovery.k8s.io/EndpointSlice': fixed(endpointSliceStrategy),
  'events.k8s.io/Event': fixed(eventsV1Strategy),
  'storage.k8s.io/StorageClass': fixed(storageClassStrategy),
  'scheduling.k8s.io/PriorityClass': fixed(priorityClassStrategy),
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': fixed(validatingWebhookConfigurationStrategy),
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': fixed(mutatingWebhookConfigurationStrategy),
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy': fixed(validatingAdmissionPolicyStrategy),
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding': fixed(validatingAdmissionPolicyBindingStrategy),
  'apiextensions.k8s.io/CustomResourceDefinition': fixed(customResourceDefinitionStrategy),
};

/** True when `group`/`kind` has a Strategy of its own (not the generic fallback). */
export function hasBuiltinStrategy(group: string, kind: string): boolean {
  return `${group}/${kind}` in BUILTIN;
}

/**
 * The Strategy of a kind (the core group is ""). Kinds without one get genericStrategy(options):
 * for custom resources, pass the CRD's scope and subresources in `options`.
 */
export function strategyFor(group: string, kind: string, options: StrategyOptions = {}): Strategy {
  const factory = BUILTIN[`${group}/${kind}`];
  return factory ? factory(options) : genericStrategy(options);
}
