/**
 * Finished-Job history of a CronJob and Job deletion, after kube-controller-manager's
 * cleanupFinishedJobs, removeOldestJobs and deleteJob (pkg/controller/cronjob): keep at most
 * successfulJobsHistoryLimit Complete and failedJobsHistoryLimit Failed Jobs, deleting the ones
 * that started first; every deletion is a background-propagation DELETE (the garbage collector
 * takes the pods), removes the Job from status.active and is recorded as SuccessfulDelete
 * "Deleted job <name>" (FailedDelete on error).
 */
import type { Client } from '../../client/client.ts';
import type { EventRecorder } from '../../controller/event-recorder.ts';
import { jobFinishedCondition } from '../job/job-conditions.ts';
import { JOBS, type Job } from '../job/job-types.ts';
import type { CronJob } from './cron-job-types.ts';

export interface JobDeleter {
  readonly client: Client;
  readonly recorder: EventRecorder;
}

/** deleteJob: true when the Job is gone from the API and from `cj`'s active list. */
export async function deleteCronJobJob(cj: CronJob, job: Job, d: JobDeleter): Promise<boolean> {
  try {
    await d.client.resource(JOBS).namespace(job.metadata.namespace!).delete(job.metadata.name!, { propagationPolicy: 'Background' });
  } catch (e) {
    d.recorder.event(cj, 'Warning', 'FailedDelete', `Deleted job: ${(e as Error).message}`);
    return false;
  }
  removeFromActiveList(cj, job.metadata.uid);
  d.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
  return true;
}

export function removeFromActiveList(cj: CronJob, uid: string | undefined): void {
  if (!cj.status?.active) return;
  cj.status.active = cj.status.active.filter((r) => r.uid !== uid);
}

/** byJobStartTime: started Jobs first, oldest start first; Jobs never started last; then by name. */
function byStartTime(a: Job, b: Job): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (sa && !sb) return -1;
  if (!sa && sb) return 1;
  if (sa && sb && sa !== sb) return Date.parse(sa) - Date.parse(sb);
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** cleanupFinishedJobs: returns whether `cj`'s status changed. */
export async function cleanupFinishedJobs(cj: CronJob, jobs: readonly Job[], d: JobDeleter): Promise<boolean> {
  const successfulLimit = cj.spec?.successfulJobsHistoryLimit;
  const failedLimit = cj.spec?.failedJobsHistoryLimit;
  if ((successfulLimit === undefined || successfulLimit === null) && (failedLimit === undefined || failedLimit === null)) return false;
  const successful: Job[] = [];
  const failed: Job[] = [];
  for (const job of jobs) {
    const type = jobFinishedCondition(job)?.type;
    if (type === 'Complete') successful.push(job);
    else if (type === 'Failed') failed.push(job);
  }
  let changed = false;
  if (successfulLimit !== undefined && successfulLimit !== null) changed = await removeOldestJobs(cj, successful, successfulLimit, d) || changed;
  if (failedLimit !== undefined && failedLimit !== null) changed = await removeOldestJobs(cj, failed, failedLimit, d) || changed;
  return changed;
}

async function removeOldestJobs(cj: CronJob, jobs: Job[], max: number, d: JobDeleter): Promise<boolean> {
  const toDelete = jobs.length - max;
  if (toDelete <= 0) return false;
  let changed = false;
  for (const job of [...jobs].sort(byStartTime).slice(0, toDelete)) {
    if (await deleteCronJobJob(cj, job, d)) changed = true;
  }
  return changed;
}
