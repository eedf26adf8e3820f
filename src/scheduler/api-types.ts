/**
 * The fields of core/v1, storage/v1, scheduling/v1, policy/v1 and apps/v1 objects the scheduler
 * reads, typed. Objects arrive as KubeObject from informers that the API server has already
 * validated and defaulted; the scheduler reads them through these shapes and never writes them
 * (cached objects are shared and read-only).
 */
import type { KubeObject } from '../api/object.ts';

export type ResourceList = Readonly<Record<string, string>>;

export interface LabelSelectorRequirement { readonly key: string; readonly operator: string; readonly values?: readonly string[] | null }
export interface LabelSelectorSpec {
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  readonly matchExpressions?: readonly LabelSelectorRequirement[] | null;
}

export interface ContainerPort { readonly containerPort: number; readonly hostPort?: number; readonly hostIP?: string; readonly protocol?: string }
export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly ports?: readonly ContainerPort[];
  readonly resources?: { readonly requests?: ResourceList; readonly limits?: ResourceList };
  /** "Always" on an init container makes it a sidecar (restartable init container). */
  readonly restartPolicy?: string;
}

export interface Toleration { readonly key?: string; readonly operator?: string; readonly value?: string; readonly effect?: string; readonly tolerationSeconds?: number }
export interface Taint { readonly key: string; readonly value?: string; readonly effect: string }

export interface NodeSelectorRequirement { readonly key: string; readonly operator: string; readonly values?: readonly string[] }
export interface NodeSelectorTerm { readonly matchExpressions?: readonly NodeSelectorRequirement[]; readonly matchFields?: readonly NodeSelectorRequirement[] }
export interface PreferredSchedulingTerm { readonly weight: number; readonly preference: NodeSelectorTerm }
export interface PodAffinityTerm {
  readonly labelSelector?: LabelSelectorSpec | null;
  readonly namespaces?: readonly string[];
  readonly namespaceSelector?: LabelSelectorSpec | null;
  readonly topologyKey: string;
  readonly matchLabelKeys?: readonly string[];
  readonly mismatchLabelKeys?: readonly string[];
}
export interface WeightedPodAffinityTerm { readonly weight: number; readonly podAffinityTerm: PodAffinityTerm }
export interface Affinity {
  readonly nodeAffinity?: {
    readonly requiredDuringSchedulingIgnoredDuringExecution?: { readonly nodeSelectorTerms: readonly NodeSelectorTerm[] } | null;
    readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly PreferredSchedulingTerm[];
  };
  readonly podAffinity?: {
    readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly PodAffinityTerm[];
    readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly WeightedPodAffinityTerm[];
  };
  readonly podAntiAffinity?: {
    readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly PodAffinityTerm[];
    readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly WeightedPodAffinityTerm[];
  };
}

export interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway' | string;
  readonly labelSelector?: LabelSelectorSpec | null;
  readonly minDomains?: number;
  readonly nodeAffinityPolicy?: 'Honor' | 'Ignore' | string;
  readonly nodeTaintsPolicy?: 'Honor' | 'Ignore' | string;
  readonly matchLabelKeys?: readonly string[];
}

export interface Volume {
  readonly name: string;
  readonly persistentVolumeClaim?: { readonly claimName: string; readonly readOnly?: boolean };
  readonly ephemeral?: unknown;
  readonly hostPath?: { readonly path: string };
}

export interface PodSpec {
  readonly nodeName?: string;
  readonly schedulerName?: string;
  readonly priority?: number;
  readonly priorityClassName?: string;
  readonly preemptionPolicy?: 'PreemptLowerPriority' | 'Never' | string;
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly overhead?: ResourceList;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly affinity?: Affinity;
  readonly tolerations?: readonly Toleration[];
  readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[];
  readonly volumes?: readonly Volume[];
  readonly schedulingGates?: readonly { readonly name: string }[];
}

export interface PodCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastProbeTime?: string | null;
  readonly lastTransitionTime?: string | null;
}

export interface PodStatus {
  readonly phase?: string;
  readonly conditions?: readonly PodCondition[];
  readonly nominatedNodeName?: string;
  readonly startTime?: string;
}

export interface Pod extends KubeObject {
  spec: PodSpec;
  status?: PodStatus;
}

export interface Node extends KubeObject {
  spec?: { readonly unschedulable?: boolean; readonly taints?: readonly Taint[] };
  status?: { readonly allocatable?: ResourceList; readonly capacity?: ResourceList; readonly images?: readonly { readonly names?: readonly string[]; readonly sizeBytes?: number }[] };
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: {
    readonly volumeName?: string;
    readonly storageClassName?: string | null;
    readonly accessModes?: readonly string[];
    readonly resources?: { readonly requests?: ResourceList };
    readonly selector?: LabelSelectorSpec | null;
  };
  status?: { readonly phase?: string };
}

export interface PersistentVolume extends KubeObject {
  spec?: {
    readonly capacity?: ResourceList;
    readonly storageClassName?: string;
    readonly accessModes?: readonly string[];
    readonly claimRef?: { readonly namespace?: string; readonly name?: string; readonly uid?: string } | null;
    readonly nodeAffinity?: { readonly required?: { readonly nodeSelectorTerms: readonly NodeSelectorTerm[] } };
    readonly local?: { readonly path: string };
    readonly hostPath?: { readonly path: string };
  };
  status?: { readonly phase?: string };
}

export interface StorageClass extends KubeObject {
  readonly provisioner: string;
  readonly volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer' | string;
  readonly allowedTopologies?: readonly { readonly matchLabelExpressions?: readonly { readonly key: string; readonly values: readonly string[] }[] }[];
}

export interface PriorityClass extends KubeObject {
  readonly value: number;
  readonly globalDefault?: boolean;
  readonly preemptionPolicy?: string;
}

export interface PodDisruptionBudget extends KubeObject {
  spec?: { readonly selector?: LabelSelectorSpec | null };
  status?: { readonly disruptionsAllowed?: number; readonly disruptedPods?: Readonly<Record<string, string>> };
}

/** Services, ReplicationControllers, ReplicaSets and StatefulSets, as DefaultSelector reads them. */
export interface SelectorOwner extends KubeObject {
  spec?: { readonly selector?: Readonly<Record<string, string>> | LabelSelectorSpec | null };
}

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_TOPOLOGY_REGION = 'topology.kubernetes.io/region';
