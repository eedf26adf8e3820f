/**
 * Typed views of the workload objects the workload controllers read: Pods, pod templates,
 * ReplicaSets (and ReplicationControllers, which share their spec and status shape) and
 * Deployments. Objects stay plain JSON as decoded from the API (api/object.ts); these views only
 * name the fields the controllers use, as k8s.io/api/{core,apps}/v1 spells them.
 */
import type { KubeObject, ObjectMeta } from '../../api/object.ts';
import type { LabelSelectorObject } from '../../api/selector/label-selector.ts';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface PodCondition {
  type: string;
  status: ConditionStatus | string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string | null;
  reason?: string;
  message?: string;
}

export interface ContainerStatus {
  name: string;
  restartCount?: number;
}

export interface Pod extends KubeObject {
  spec?: {
    nodeName?: string;
    initContainers?: { name: string; restartPolicy?: string }[];
    [field: string]: unknown;
  };
  status?: {
    phase?: string;
    conditions?: PodCondition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
    [field: string]: unknown;
  };
}

export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec?: Record<string, unknown>;
}

/** ReplicaSetCondition / ReplicationControllerCondition. */
export interface ReplicaSetCondition {
  type: string;
  status: ConditionStatus;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ReplicaSetStatus {
  replicas?: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

/** A ReplicaSet; a ReplicationController has the same shape except that its selector is a map. */
export interface ReplicaSet extends KubeObject {
  spec?: {
    replicas?: number;
    minReadySeconds?: number;
    selector?: LabelSelectorObject | Record<string, string> | null;
    template?: PodTemplateSpec;
  };
  status?: ReplicaSetStatus;
}

export type IntOrString = number | string;

export interface DeploymentCondition {
  type: string;
  status: ConditionStatus;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

export interface DeploymentStrategy {
  type?: 'RollingUpdate' | 'Recreate' | string;
  rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString } | null;
}

export interface Deployment extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelectorObject | null;
    template?: PodTemplateSpec;
    strategy?: DeploymentStrategy;
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    paused?: boolean;
    progressDeadlineSeconds?: number;
  };
  status?: DeploymentStatus;
}
