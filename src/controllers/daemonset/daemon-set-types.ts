/**
 * Typed views of apps/v1 DaemonSet, core/v1 Node scheduling fields, and apps/v1
 * ControllerRevision, as k8s.io/api spells the fields the DaemonSet controller uses. Objects
 * stay plain JSON as decoded from the API.
 */
import type { KubeObject } from '../../api/object.ts';
import type { LabelSelectorObject } from '../../api/selector/label-selector.ts';
import type { IntOrString, PodTemplateSpec } from '../common/workload-types.ts';

export const DAEMON_SET_KIND = { apiVersion: 'apps/v1', kind: 'DaemonSet' } as const;
export const DAEMON_SETS = { group: 'apps', version: 'v1', resource: 'daemonsets' } as const;
export const NODES = { group: '', version: 'v1', resource: 'nodes' } as const;
export const CONTROLLER_REVISIONS = { group: 'apps', version: 'v1', resource: 'controllerrevisions' } as const;

/** apps.DefaultDaemonSetUniqueLabelKey (= ControllerRevisionHashLabelKey) */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
/** extensions.DaemonSetTemplateGenerationKey, still honoured for pods from before ControllerRevisions. */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** apps.DeprecatedTemplateGeneration */
export const DEPRECATED_TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' | string;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal' | string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number | null;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt' | string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[] | null;
  matchFields?: NodeSelectorRequirement[] | null;
}

export interface Affinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } | null;
    [field: string]: unknown;
  } | null;
  [field: string]: unknown;
}

/** The pod spec fields the DaemonSet controller reads or writes. */
export interface DaemonPodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string> | null;
  affinity?: Affinity | null;
  tolerations?: Toleration[] | null;
  hostNetwork?: boolean;
  [field: string]: unknown;
}

export interface Node extends KubeObject {
  spec?: { taints?: Taint[] | null; unschedulable?: boolean; [field: string]: unknown };
  status?: { conditions?: { type: string; status: string }[]; [field: string]: unknown };
}

export interface DaemonSetStatus {
  currentNumberScheduled: number;
  numberMisscheduled: number;
  desiredNumberScheduled: number;
  numberReady: number;
  observedGeneration?: number;
  updatedNumberScheduled?: number;
  numberAvailable?: number;
  numberUnavailable?: number;
  collisionCount?: number;
  conditions?: unknown[];
}

export interface DaemonSet extends KubeObject {
  spec?: {
    selector?: LabelSelectorObject | null;
    template?: PodTemplateSpec;
    updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete' | string; rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString } | null };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
  };
  status?: DaemonSetStatus;
}

export interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision?: number;
}
