/**
 * Typed views of batch/v1 Job, as k8s.io/api/batch/v1 spells the fields the Job, TTL-after-
 * finished and CronJob controllers use, with the label, annotation and finalizer names kube
 * defines for Job pods. Objects stay plain JSON as decoded from the API.
 */
import type { KubeObject } from '../../api/object.ts';
import type { LabelSelectorObject } from '../../api/selector/label-selector.ts';
import type { PodTemplateSpec } from '../common/workload-types.ts';

export const JOB_KIND = { apiVersion: 'batch/v1', kind: 'Job' } as const;
export const JOBS = { group: 'batch', version: 'v1', resource: 'jobs' } as const;

/** batchv1.JobTrackingFinalizer: a pod keeps it until the controller has counted it. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** batchv1.JobCompletionIndexAnnotation, also the label of the same name (PodIndexLabel, on in 1.32). */
export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
/** The environment variable Indexed Job containers read their index from. */
export const JOB_COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';

export type JobConditionType = 'Complete' | 'Failed' | 'Suspended' | 'FailureTarget' | 'SuccessCriteriaMet';

export interface JobCondition {
  type: JobConditionType | string;
  status: 'True' | 'False' | 'Unknown' | string;
  lastProbeTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface UncountedTerminatedPods {
  succeeded?: string[];
  failed?: string[];
}

export interface JobSpec {
  parallelism?: number;
  completions?: number | null;
  activeDeadlineSeconds?: number | null;
  backoffLimit?: number;
  backoffLimitPerIndex?: number | null;
  selector?: LabelSelectorObject | null;
  manualSelector?: boolean;
  template?: PodTemplateSpec;
  ttlSecondsAfterFinished?: number | null;
  completionMode?: 'NonIndexed' | 'Indexed' | string;
  suspend?: boolean;
  podReplacementPolicy?: 'TerminatingOrFailed' | 'Failed' | string;
  podFailurePolicy?: unknown;
  successPolicy?: unknown;
  managedBy?: string;
}

export interface JobStatus {
  conditions?: JobCondition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  ready?: number;
  completedIndexes?: string;
  failedIndexes?: string;
  uncountedTerminatedPods?: UncountedTerminatedPods;
}

export interface Job extends KubeObject {
  spec?: JobSpec;
  status?: JobStatus;
}
