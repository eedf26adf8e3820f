/**
 * One CronJob against the Jobs it controls, after kube-controller-manager's
 * ControllerV2.syncCronJob (pkg/controller/cronjob/cronjob_controllerv2.go):
 *  1. bookkeeping: finished Jobs leave status.active (SawCompletedJob), the latest completion
 *     becomes lastSuccessfulTime, Jobs gone from the API leave status.active (MissingJob);
 *  2. unless deleting, suspended, or the zone or schedule is bad: find the most recent due slot;
 *     skip it when older than startingDeadlineSeconds (MissSchedule), already started, or when
 *     Forbid and a Job is active (JobAlreadyActive); with Replace delete the active Jobs first;
 *  3. create the Job for the slot (SuccessfulCreate "Created job <name>"), add it to
 *     status.active and set lastScheduleTime.
 * The caller writes status when told to and requeues after the returned delay.
 */
import type { Client } from '../../client/client.ts';
import type { EventRecorder } from '../../controller/event-recorder.ts';
import { rfc3339 } from '../../util/clock.ts';
import { isControlledBy } from '../common/controller-ref.ts';
import { isNamespaceTerminating } from '../common/pod-control.ts';
import { isJobFinished, isJobSucceeded, jobFinishedCondition } from '../job/job-conditions.ts';
import { JOBS, type Job } from '../job/job-types.ts';
import { type CronSchedule, parseCronSchedule } from './cron-schedule.ts';
import { CRON_JOBS, type CronJob, type CronJobStatus } from './cron-job-types.ts';
import { deleteCronJobJob, removeFromActiveList } from './job-history.ts';
import { getJobName, jobFromTemplate } from './job-from-template.ts';
import { nextScheduleTime, nextScheduleTimeDuration } from './schedule-times.ts';
import { Zone } from './zoned-time.ts';

export interface SyncCronJobDeps {
  readonly client: Client;
  readonly recorder: EventRecorder;
  readonly nowMs: number;
}

export interface SyncCronJobResult {
  /** The CronJob with its status changes (a copy; may be a fresher read than the one passed). */
  readonly cronJob: CronJob;
  readonly updateStatus: boolean;
  readonly requeueAfterMs?: number;
  /** What stopped the sync; the status changes made before it still count, as in kube. */
  readonly error?: unknown;
}

const inActiveList = (cj: CronJob, uid: string | undefined) => cj.status?.active?.some((r) => r.uid === uid) ?? false;

const isNotFound = (e: unknown) => (e as { code?: number }).code === 404;

/** formatSchedule: the spec.timeZone becomes a TZ= prefix, unless the schedule names a zone itself. */
export function formatSchedule(cj: CronJob, recorder?: EventRecorder): string {
  const schedule = cj.spec?.schedule ?? '';
  if (schedule.includes('TZ')) {
    recorder?.event(cj, 'Warning', 'UnsupportedSchedule', `CRON_TZ or TZ used in schedule ${JSON.stringify(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`);
    return schedule;
  }
  const tz = cj.spec?.timeZone;
  if (tz !== undefined && tz !== null) {
    try { Zone.of(tz); } catch { return schedule; }
    return `TZ=${tz} ${schedule}`;
  }
  return schedule;
}

/** A CronJob being synced: a private copy whose status exists. */
type Working = CronJob & { status: CronJobStatus };

const working = (cj: CronJob): Working => {
  const copy = structuredClone(cj);
  return { ...copy, status: copy.status ?? {} };
};

export async function syncCronJob(input: CronJob, jobs: readonly Job[], deps: SyncCronJobDeps): Promise<SyncCronJobResult> {
  const state = { cj: working(input), updateStatus: false };
  try {
    return await sync(state, jobs, deps);
  } catch (error) {
    return { cronJob: state.cj, updateStatus: state.updateStatus, error };
  }
}

async function sync(state: { cj: Working; updateStatus: boolean }, jobs: readonly Job[], deps: SyncCronJobDeps): Promise<SyncCronJobResult> {
  const { client, recorder, nowMs } = deps;
  let cj = state.cj;
  const setUpdate = () => { state.updateStatus = true; };
  const children = new Set<string>();
  for (const j of jobs) {
    children.add(j.metadata.uid!);
    const found = inActiveList(cj, j.metadata.uid);
    if (!found && !isJobFinished(j)) {
      // Maybe our cache is older than the Job: re-read the CronJob before calling the Job unexpected.
      const fresh = await client.resource(CRON_JOBS).namespace(cj.metadata.namespace!).get(cj.metadata.name!) as CronJob;
      if (inActiveList(fresh, j.metadata.uid)) {
        cj = state.cj = working(fresh);
        continue;
      }
      recorder.event(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
    } else if (found && isJobFinished(j)) {
      removeFromActiveList(cj, j.metadata.uid);
      recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, status: ${jobFinishedCondition(j)!.type}`);
      setUpdate();
    } else if (isJobSucceeded(j)) {
      // A Job need not be active to count: its completion time advances lastSuccessfulTime.
      const completed = j.status?.completionTime;
      const last = cj.status.lastSuccessfulTime;
      if (completed && (!last || Date.parse(completed) > Date.parse(last))) {
        cj.status.lastSuccessfulTime = completed;
        setUpdate();
      }
    }
  }

  // Jobs in status.active that no longer exist would keep the CronJob "active" forever.
  for (const ref of [...(cj.status.active ?? [])]) {
    if (children.has(ref.uid!)) continue;
    try {
      // Ask the API server, not the cache: a slow watch must not make a live Job look missing.
      await client.resource(JOBS).namespace(ref.namespace ?? cj.metadata.namespace!).get(ref.name!);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      recorder.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
      removeFromActiveList(cj, ref.uid);
      setUpdate();
    }
  }

  const done = (requeueAfterMs?: number): SyncCronJobResult => ({ cronJob: cj, updateStatus: state.updateStatus, requeueAfterMs });
  if (cj.metadata.deletionTimestamp) return done();

  const tz = cj.spec?.timeZone;
  if (tz !== undefined && tz !== null) {
    try {
      Zone.of(tz);
    } catch {
      recorder.event(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz}`);
      return done();
    }
  }
  if (cj.spec?.suspend) return done();

  let schedule: CronSchedule;
  try {
    schedule = parseCronSchedule(formatSchedule(cj, recorder));
  } catch (e) {
    recorder.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec?.schedule ?? '')} : ${(e as Error).message}`);
    return done();
  }
  const next = () => nextScheduleTimeDuration(cj, { nowMs, schedule });

  let scheduledMs: number | undefined;
  try {
    scheduledMs = nextScheduleTime(cj, {
      nowMs, schedule,
      onTooManyMissed: () => recorder.event(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew'),
    });
  } catch (e) {
    recorder.event(cj, 'Warning', 'InvalidSchedule', `invalid schedule: ${cj.spec?.schedule} : ${(e as Error).message}`);
    return done();
  }
  if (scheduledMs === undefined) return done(next());

  const deadline = cj.spec?.startingDeadlineSeconds;
  if (deadline !== undefined && deadline !== null && scheduledMs + deadline * 1000 < nowMs) {
    recorder.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduledMs)}`);
    return done(next());
  }
  const jobName = getJobName(cj, scheduledMs);
  const alreadyStarted = cj.status.active?.some((r) => r.name === jobName && r.namespace === cj.metadata.namespace)
    || (cj.status.lastScheduleTime !== undefined && Date.parse(cj.status.lastScheduleTime) === scheduledMs);
  if (alreadyStarted) return done(next());
  if (cj.spec?.concurrencyPolicy === 'Forbid' && (cj.status.active?.length ?? 0) > 0) {
    // The active list may lag, so Forbid is best-effort, as in kube.
    recorder.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
    return done(next());
  }
  if (cj.spec?.concurrencyPolicy === 'Replace') {
    for (const ref of [...(cj.status.active ?? [])]) {
      let job: Job;
      try {
        job = await client.resource(JOBS).namespace(ref.namespace ?? cj.metadata.namespace!).get(ref.name!) as Job;
      } catch (e) {
        recorder.event(cj, 'Warning', 'FailedGet', `Get job: ${(e as Error).message}`);
        throw e;
      }
      if (!await deleteCronJobJob(cj, job, { client, recorder })) throw new Error(`could not replace job ${job.metadata.namespace}/${job.metadata.name}`);
      setUpdate();
    }
  }

  const request = jobFromTemplate(cj, scheduledMs);
  const jobsApi = client.resource(JOBS).namespace(cj.metadata.namespace!);
  let created: Job;
  try {
    created = await jobsApi.create(request) as Job;
    recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
  } catch (e) {
    if (isNamespaceTerminating(e)) throw e;
    if ((e as { code?: number }).code !== 409) {
      recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${(e as Error).message}`);
      throw e;
    }
    // The name is the lock: we created it before but failed to record it, or someone else did.
    created = await jobsApi.get(request.metadata.name!) as Job;
    if (!isControlledBy(created, cj) || inActiveList(cj, created.metadata.uid)) return done();
  }
  cj.status.active = [...(cj.status.active ?? []), {
    kind: 'Job', namespace: created.metadata.namespace, name: created.metadata.name,
    uid: created.metadata.uid, apiVersion: 'batch/v1', resourceVersion: created.metadata.resourceVersion,
  }];
  cj.status.lastScheduleTime = rfc3339(scheduledMs);
  setUpdate();
  return done(next());
}

/** Go's time.RFC1123Z in UTC: "Thu, 01 Jan 2026 00:01:00 +0000". */
function rfc1123z(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}
