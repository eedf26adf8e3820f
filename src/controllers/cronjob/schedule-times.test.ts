import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCronSchedule } from './cron-schedule.ts';
import type { CronJob } from './cron-job-types.ts';
import { mostRecentScheduleTime, nextScheduleTime, nextScheduleTimeDuration } from './schedule-times.ts';

const everyMinute = parseCronSchedule('* * * * *');
const at = (s: string) => Date.parse(s);

function cronJob(o: { created: string; lastSchedule?: string; deadline?: number }): CronJob {
  return {
    metadata: { name: 'cj', creationTimestamp: o.created },
    spec: { schedule: '* * * * *', startingDeadlineSeconds: o.deadline },
    status: o.lastSchedule ? { lastScheduleTime: o.lastSchedule } : {},
  };
}

test('nothing is due before the first slot after creation', () => {
  const cj = cronJob({ created: '2026-01-01T00:00:00Z' });
  assert.equal(nextScheduleTime(cj, { nowMs: at('2026-01-01T00:00:30Z'), schedule: everyMinute, onTooManyMissed: () => assert.fail() }), undefined);
});

test('the first slot is due once reached', () => {
  const cj = cronJob({ created: '2026-01-01T00:00:00Z' });
  assert.equal(nextScheduleTime(cj, { nowMs: at('2026-01-01T00:01:05Z'), schedule: everyMinute, onTooManyMissed: () => assert.fail() }), at('2026-01-01T00:01:00Z'));
});

test('after missed slots the most recent one is due, and only that one', () => {
  const cj = cronJob({ created: '2026-01-01T00:00:00Z', lastSchedule: '2026-01-01T00:01:00Z' });
  const r = mostRecentScheduleTime(cj, { nowMs: at('2026-01-01T00:05:30Z'), schedule: everyMinute, includeStartingDeadlineSeconds: true });
  assert.deepEqual(r, { earliestMs: at('2026-01-01T00:01:00Z'), mostRecentMs: at('2026-01-01T00:05:00Z'), missed: 'few' });
});

test('more than 100 missed slots are reported, unless startingDeadlineSeconds bounds the look back', () => {
  const cj = cronJob({ created: '2025-12-31T00:00:00Z' });
  let warned = 0;
  const due = nextScheduleTime(cj, { nowMs: at('2026-01-01T00:00:10Z'), schedule: everyMinute, onTooManyMissed: () => warned++ });
  assert.equal(due, at('2026-01-01T00:00:00Z'));
  assert.equal(warned, 1);
  const bounded = cronJob({ created: '2025-12-31T00:00:00Z', deadline: 120 });
  assert.equal(nextScheduleTime(bounded, { nowMs: at('2026-01-01T00:00:10Z'), schedule: everyMinute, onTooManyMissed: () => warned++ }), at('2026-01-01T00:00:00Z'));
  assert.equal(warned, 1);
});

test('the next look is 100ms after the next slot', () => {
  const cj = cronJob({ created: '2026-01-01T00:00:00Z', lastSchedule: '2026-01-01T00:01:00Z' });
  assert.equal(nextScheduleTimeDuration(cj, { nowMs: at('2026-01-01T00:01:05Z'), schedule: everyMinute }), 55_100);
  const hourly = parseCronSchedule('@hourly');
  assert.equal(nextScheduleTimeDuration(cronJob({ created: '2026-01-01T00:10:00Z' }), { nowMs: at('2026-01-01T00:10:00Z'), schedule: hourly }), 50 * 60_000 + 100);
});
