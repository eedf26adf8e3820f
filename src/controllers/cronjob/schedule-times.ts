/**
 * Which scheduled time a CronJob should run now, and when to look again, after
 * kube-controller-manager's pkg/controller/cronjob/utils.go (mostRecentScheduleTime,
 * nextScheduleTime, nextScheduleTimeDuration).
 */
import type { CronSchedule } from './cron-schedule.ts';
import type { CronJob } from './cron-job-types.ts';

/** as kube's nextScheduleDelta: requeue 100 ms after the next slot, against clock skew. */
export const NEXT_SCHEDULE_DELTA_MS = 100;

/** Beyond this many missed slots kube warns "too many missed start times" (the number is kube's). */
export const TOO_MANY_MISSED = 100;

export type MissedSchedules = 'none' | 'few' | 'many';

export interface MostRecent {
  /** The last schedule time, else the creation time (moved up to now - startingDeadlineSeconds when asked). */
  readonly earliestMs: number;
  /** The latest slot at or before now that is after earliest, if any. */
  readonly mostRecentMs?: number;
  readonly missed: MissedSchedules;
}

/** A schedule whose slots are under a second apart (e.g. "59 23 31 2 *" never repeats sensibly). */
export class InvalidScheduleError extends Error {
  override name = 'InvalidScheduleError';
}

/**
 * mostRecentScheduleTime. The number of missed slots is estimated as kube does — from the gap
 * between the first two slots after earliest — and the most recent slot is found by walking the
 * schedule from just before the estimated last one.
 */
export function mostRecentScheduleTime(cj: CronJob, options: { nowMs: number; schedule: CronSchedule; includeStartingDeadlineSeconds: boolean }): MostRecent {
  const { nowMs, schedule } = options;
  let earliestMs = Date.parse(cj.metadata.creationTimestamp ?? '') || 0;
  if (cj.status?.lastScheduleTime) earliestMs = Date.parse(cj.status.lastScheduleTime);
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (options.includeStartingDeadlineSeconds && deadline !== undefined && deadline !== null) {
    // The controller will not schedule anything older than this.
    earliestMs = Math.max(earliestMs, nowMs - deadline * 1000);
  }
  const t1 = schedule.next(earliestMs);
  const t2 = t1 === undefined ? undefined : schedule.next(t1);
  if (t1 === undefined || nowMs < t1) return { earliestMs, missed: 'none' };
  if (t2 === undefined || nowMs < t2) return { earliestMs, mostRecentMs: t1, missed: 'none' };

  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) throw new InvalidScheduleError('time difference between two schedules is less than 1 second');
  const elapsed = Math.trunc((nowMs - t1) / 1000);
  const numberMissed = Math.trunc(elapsed / between) + 1;
  // Start one interval before the estimated last slot so irregular schedules ("30 6-16/4 * * 1-5") land right.
  const potentialEarliest = t1 + (numberMissed - 2) * between * 1000;
  let mostRecentMs: number | undefined;
  for (let t = schedule.next(potentialEarliest); t !== undefined && t <= nowMs; t = schedule.next(t)) mostRecentMs = t;
  const missed: MissedSchedules = numberMissed > TOO_MANY_MISSED ? 'many' : numberMissed > 0 ? 'few' : 'none';
  return { earliestMs, mostRecentMs, missed };
}

/**
 * nextScheduleTime: the slot to run now, if one is due. `onTooManyMissed` is told when more than
 * {@link TOO_MANY_MISSED} slots were missed (kube records a TooManyMissedTimes warning).
 */
export function nextScheduleTime(cj: CronJob, options: { nowMs: number; schedule: CronSchedule; onTooManyMissed: () => void }): number | undefined {
  const r = mostRecentScheduleTime(cj, { ...options, includeStartingDeadlineSeconds: true });
  if (r.mostRecentMs === undefined || r.mostRecentMs > options.nowMs) return undefined;
  if (r.missed === 'many') options.onTooManyMissed();
  return r.mostRecentMs;
}

/**
 * nextScheduleTimeDuration: how long until the slot after the most recent one, plus
 * {@link NEXT_SCHEDULE_DELTA_MS}. With missed slots and nothing due it aims from now.
 */
export function nextScheduleTimeDuration(cj: CronJob, options: { nowMs: number; schedule: CronSchedule }): number {
  const { nowMs, schedule } = options;
  let from: number;
  try {
    const r = mostRecentScheduleTime(cj, { ...options, includeStartingDeadlineSeconds: false });
    from = r.mostRecentMs ?? (r.missed === 'none' ? r.earliestMs : nowMs);
  } catch {
    // An invalid schedule still needs a next look: aim for the slot after now.
    from = nowMs;
  }
  const next = schedule.next(from);
  // robfig's zero time lies far in the past: kube would requeue at once; look again in an hour instead.
  if (next === undefined) return 3_600_000;
  return next + NEXT_SCHEDULE_DELTA_MS - nowMs;
}
