/**
 * Typed views of batch/v1 CronJob, as k8s.io/api/batch/v1 spells the fields the CronJob
 * controller reads and writes. Objects stay plain JSON as decoded from the API.
 */
import type { KubeObject, ObjectMeta } from '../../api/object.ts';
import type { JobSpec } from '../job/job-types.ts';

export const CRON_JOB_KIND = { apiVersion: 'batch/v1', kind: 'CronJob' } as const;
export const CRON_JOBS = { group: 'batch', version: 'v1', resource: 'cronjobs' } as const;

/** batchv1.CronJobScheduledTimestampAnnotation: the scheduled time, RFC 3339 in the CronJob's zone. */
export const CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** corev1.ObjectReference as the active list holds it. */
export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
}

export interface CronJobSpec {
  schedule?: string;
  timeZone?: string | null;
  startingDeadlineSeconds?: number | null;
  concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace' | string;
  suspend?: boolean;
  jobTemplate?: { metadata?: ObjectMeta; spec?: JobSpec };
  successfulJobsHistoryLimit?: number | null;
  failedJobsHistoryLimit?: number | null;
}

export interface CronJobStatus {
  active?: ObjectReference[];
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
}

export interface CronJob extends KubeObject {
  spec?: CronJobSpec;
  status?: CronJobStatus;
}
