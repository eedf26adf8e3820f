/**
 * The CronJob controller (kube-controller-manager's "cronjob" controller, ControllerV2): each
 * sync cleans up finished-Job history, then runs {@link syncCronJob}, writes status once when
 * anything changed (a PUT of status, as UpdateStatus), and requeues for the next scheduled slot
 * on the injected clock — no polling. Event handlers map CronJob and Job events to CronJob keys;
 * a schedule or zone change requeues for the new next slot.
 */
import type { Client } from '../../client/client.ts';
import { Controller } from '../../controller/controller.ts';
import type { EventRecorder } from '../../controller/event-recorder.ts';
import { type Informer, keyOf, splitKey } from '../../controller/informer.ts';
import type { ReconcileResult, Reconciler } from '../../controller/reconciler.ts';
import type { Clock } from '../../util/clock.ts';
import { type ControllerDeps, recorderFor } from '../common/controller-deps.ts';
import { getControllerOf, withTypeMeta } from '../common/controller-ref.ts';
import { JOBS, type Job } from '../job/job-types.ts';
import { parseCronSchedule } from './cron-schedule.ts';
import { CRON_JOB_KIND, CRON_JOBS, type CronJob } from './cron-job-types.ts';
import { cleanupFinishedJobs } from './job-history.ts';
import { nextScheduleTimeDuration } from './schedule-times.ts';
import { formatSchedule, syncCronJob } from './sync-cron-job.ts';

export function newCronJobController(deps: ControllerDeps): Controller {
  const cronJobs = deps.informers.informerFor(CRON_JOBS);
  const jobs = deps.informers.informerFor(JOBS);
  const recorder = recorderFor(deps, 'cronjob-controller');
  const reconciler = new CronJobReconciler({ client: deps.client, clock: deps.clock, recorder, cronJobs, jobs });
  const controller = new Controller({ name: 'cronjob-controller', reconciler, clock: deps.clock, workers: deps.workers ?? 5 });

  /** resolveControllerRef: the CronJob a Job's ControllerRef names, if it is still that object. */
  const ownerKey = (job: Job): string | undefined => {
    const ref = getControllerOf(job);
    if (!ref || ref.kind !== CRON_JOB_KIND.kind) return undefined;
    const cj = cronJobs.get(`${job.metadata.namespace}/${ref.name}`);
    return cj && cj.metadata.uid === ref.uid ? keyOf(cj) : undefined;
  };
  const enqueueOwner = (job: Job) => {
    const key = ownerKey(job);
    if (key) controller.enqueue(key);
  };

  cronJobs.addEventHandler({
    onAdd: (cj) => controller.enqueue(keyOf(cj)),
    onUpdate: (oldObj, curObj) => {
      const old = oldObj as CronJob;
      const cur = curObj as CronJob;
      if (old.spec?.schedule !== cur.spec?.schedule || (old.spec?.timeZone ?? null) !== (cur.spec?.timeZone ?? null)) {
        // A new schedule: look again at its next slot (an earlier pending look still wins).
        try {
          const schedule = parseCronSchedule(formatSchedule(cur));
          controller.queue.addAfter(keyOf(cur), nextScheduleTimeDuration(cur, { nowMs: deps.clock.now(), schedule }));
        } catch {
          recorder.event(withTypeMeta(cur, CRON_JOB_KIND), 'Warning', 'UnParseableCronJobSchedule', `unparseable schedule for cronjob: ${cur.spec?.schedule}`);
        }
        return;
      }
      controller.enqueue(keyOf(cur));
    },
  });
  jobs.addEventHandler({
    onAdd: (job) => enqueueOwner(job as Job),
    onUpdate: (oldObj, curObj) => {
      if (oldObj.metadata.resourceVersion === curObj.metadata.resourceVersion) return;
      const oldRef = getControllerOf(oldObj);
      if (oldRef && JSON.stringify(oldRef) !== JSON.stringify(getControllerOf(curObj))) enqueueOwner(oldObj as Job);
      enqueueOwner(curObj as Job);
    },
    onDelete: (job) => enqueueOwner(job as Job),
  });
  return controller;
}

interface CronJobReconcilerOptions {
  readonly client: Client;
  readonly clock: Clock;
  readonly recorder: EventRecorder;
  readonly cronJobs: Informer;
  readonly jobs: Informer;
}

/** ControllerV2.sync. */
class CronJobReconciler implements Reconciler {
  constructor(private readonly o: CronJobReconcilerOptions) {}

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const cached = this.o.cronJobs.get(key) as CronJob | undefined;
    if (!cached) return;
    const { client, recorder } = this.o;
    // getJobsToBeReconciled: every Job whose ControllerRef names this CronJob, selector or not.
    const { namespace } = splitKey(key);
    const children = (this.o.jobs.list(namespace) as Job[]).filter((j) => getControllerOf(j)?.name === cached.metadata.name);
    const copy = structuredClone(withTypeMeta(cached, CRON_JOB_KIND));
    const cleaned = await cleanupFinishedJobs(copy, children, { client, recorder });
    const result = await syncCronJob(copy, children, { client, recorder, nowMs: this.o.clock.now() });
    if (cleaned || result.updateStatus) {
      await client.resource(CRON_JOBS).namespace(namespace!).update(withTypeMeta(result.cronJob, CRON_JOB_KIND), { subresource: 'status' });
    }
    // as kube: a scheduled next look wins over a sync error (which is then retried at that look).
    if (result.requeueAfterMs !== undefined) return { requeueAfterMs: result.requeueAfterMs };
    if (result.error !== undefined) throw result.error;
  }
}
