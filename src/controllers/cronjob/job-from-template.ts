/**
 * The Job a CronJob starts for a scheduled time, after kube-controller-manager's
 * getJobFromTemplate2 and getJobName (pkg/controller/cronjob/utils.go): named
 * `<cronjob>-<scheduled time in minutes since the epoch>`, so one scheduled time can only ever
 * create one Job (the name is the lock); the job template's labels and annotations, plus the
 * scheduled-timestamp annotation in the CronJob's zone; owned by the CronJob as controller.
 */
import { newControllerRef } from '../common/controller-ref.ts';
import type { Job } from '../job/job-types.ts';
import { CRON_JOB_KIND, CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION, type CronJob } from './cron-job-types.ts';
import { Zone } from './zoned-time.ts';

export function getJobName(cj: CronJob, scheduledMs: number): string {
  return `${cj.metadata.name}-${Math.floor(scheduledMs / 60_000)}`;
}

/** getJobFromTemplate2; throws RangeError for an unknown spec.timeZone. */
export function jobFromTemplate(cj: CronJob, scheduledMs: number): Job {
  const template = cj.spec?.jobTemplate ?? {};
  const zone = Zone.of(cj.spec?.timeZone ?? '');
  const annotations = { ...(template.metadata?.annotations ?? {}), [CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION]: zone.rfc3339(scheduledMs) };
  const job: Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: getJobName(cj, scheduledMs),
      namespace: cj.metadata.namespace,
      annotations,
      ownerReferences: [newControllerRef(cj, CRON_JOB_KIND)],
    },
    spec: structuredClone(template.spec ?? {}),
  };
  if (template.metadata?.labels) job.metadata.labels = { ...template.metadata.labels };
  return job;
}
