/**
 * Typed views of apps/v1 StatefulSet and core/v1 PersistentVolumeClaim, as k8s.io/api spells
 * the fields the StatefulSet controller uses, with the label names kube gives StatefulSet pods.
 * Objects stay plain JSON as decoded from the API.
 */
import type { KubeObject, ObjectMeta } from '../../api/object.ts';
import type { LabelSelectorObject } from '../../api/selector/label-selector.ts';
import type { IntOrString, PodTemplateSpec } from '../common/workload-types.ts';

export const STATEFUL_SET_KIND = { apiVersion: 'apps/v1', kind: 'StatefulSet' } as const;
export const POD_KIND = { apiVersion: 'v1', kind: 'Pod' } as const;
export const STATEFUL_SETS = { group: 'apps', version: 'v1', resource: 'statefulsets' } as const;
export const PERSISTENT_VOLUME_CLAIMS = { group: '', version: 'v1', resource: 'persistentvolumeclaims' } as const;

/** apps.StatefulSetPodNameLabel */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** apps.PodIndexLabel (PodIndexLabel, on in 1.32) */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** apps.StatefulSetRevisionLabel: the name of the pod's ControllerRevision. */
export const STATEFUL_SET_REVISION_LABEL = 'controller-revision-hash';

export type RetentionPolicyType = 'Retain' | 'Delete';

export interface PersistentVolumeClaim extends KubeObject {
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export interface StatefulSetSpec {
  replicas?: number;
  selector?: LabelSelectorObject | null;
  template?: PodTemplateSpec;
  volumeClaimTemplates?: { metadata?: ObjectMeta; spec?: Record<string, unknown>; status?: Record<string, unknown> }[];
  serviceName?: string;
  podManagementPolicy?: 'OrderedReady' | 'Parallel' | string;
  updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete' | string; rollingUpdate?: { partition?: number; maxUnavailable?: IntOrString } | null };
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: RetentionPolicyType | string; whenScaled?: RetentionPolicyType | string } | null;
  ordinals?: { start?: number } | null;
}

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  conditions?: unknown[];
  availableReplicas: number;
}

export interface StatefulSet extends KubeObject {
  spec?: StatefulSetSpec;
  status?: StatefulSetStatus;
}
