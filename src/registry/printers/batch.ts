/**
 * batch/v1 kinds as kube-apiserver v1.32 prints them: Jobs (STATUS, COMPLETIONS, DURATION) and
 * CronJobs (with TIMEZONE).
 */
import type { KubeObject } from '../../api/object.ts';
import { AGE, CONTAINERS, IMAGES, NAME, age, boolPtr, column, containerCells, nameOf, wide } from './columns.ts';
import { humanDuration, parseTime, since } from './human-duration.ts';
import { formatLabelSelector } from './labels.ts';
import type { Printer } from './table.ts';
import { arr, num, obj, optBool, optNum, optStr } from './value.ts';

/** True when the first condition of the type has status "True" (kube's hasJobCondition). */
function hasCondition(job: KubeObject, type: string): boolean {
  for (const c of arr(obj(job.status).conditions)) {
    const cond = obj(c);
    if (cond.type === type) return cond.status === 'True';
  }
  return false;
}

/**
 * The STATUS cell, by precedence: Complete, Failed, Terminating (being deleted), Suspended,
 * FailureTarget (failing, pods still terminating), else Running.
 */
export function jobStatus(job: KubeObject): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** The COMPLETIONS cell: "succeeded/completions", or "n/1" ("n/1 of p" with parallelism > 1) for work-queue jobs. */
export function jobCompletions(job: KubeObject): string {
  const spec = obj(job.spec);
  const succeeded = num(obj(job.status).succeeded);
  const completions = optNum(spec.completions);
  if (completions !== undefined) return `${succeeded}/${completions}`;
  const parallelism = optNum(spec.parallelism) ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** The DURATION cell: start to completion, or start to now while running; "" before it starts. */
export function jobDuration(job: KubeObject, now: number): string {
  const status = obj(job.status);
  const start = parseTime(status.startTime);
  if (start === undefined) return '';
  const end = parseTime(status.completionTime);
  return humanDuration((end ?? now) - start);
}

export const jobPrinter: Printer = {
  columns: [
    NAME,
    column('Status', 'string', 'Summary of the job conditions.'),
    column('Completions', 'string', 'Succeeded pods out of required completions.'),
    column('Duration', 'string', 'Time the job took, or has been running.'),
    AGE,
    CONTAINERS,
    IMAGES,
    wide('Selector', 'string', 'Label selector of the job\'s pods.'),
  ],
  row(job, now) {
    const spec = obj(job.spec);
    const [names, images] = containerCells(obj(spec.template).spec);
    return [
      nameOf(job), jobStatus(job), jobCompletions(job), jobDuration(job, now), age(job, now),
      names, images, formatLabelSelector(spec.selector),
    ];
  },
};

export const cronJobPrinter: Printer = {
  columns: [
    NAME,
    column('Schedule', 'string', 'Cron schedule of the job.'),
    column('Timezone', 'string', 'Time zone the schedule is read in.'),
    column('Suspend', 'boolean', 'Whether new runs are suspended.'),
    column('Active', 'integer', 'Number of running jobs.'),
    column('Last Schedule', 'string', 'Time since a job was last scheduled.'),
    AGE,
    CONTAINERS,
    IMAGES,
    wide('Selector', 'string', 'Label selector of the job template.'),
  ],
  row(cj, now) {
    const spec = obj(cj.spec);
    const status = obj(cj.status);
    const jobSpec = obj(obj(spec.jobTemplate).spec);
    const [names, images] = containerCells(obj(jobSpec.template).spec);
    const lastSchedule = status.lastScheduleTime === undefined || status.lastScheduleTime === null
      ? '<none>'
      : since(status.lastScheduleTime, now);
    // Defaulting sets suspend false; apply it for objects stored undefaulted.
    const suspend = boolPtr(optBool(spec.suspend) ?? false);
    return [
      nameOf(cj), optStr(spec.schedule) ?? '', optStr(spec.timeZone) ?? '<none>', suspend,
      arr(status.active).length, lastSchedule, age(cj, now), names, images, formatLabelSelector(jobSpec.selector),
    ];
  },
};
