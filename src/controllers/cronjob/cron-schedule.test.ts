import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CronScheduleError, parseCronSchedule, parseGoDuration } from './cron-schedule.ts';
import { Zone } from './zoned-time.ts';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

// [schedule, after (UTC), expected next (UTC) or undefined]
const NEXT: readonly [string, string, string | undefined][] = [
  ['* * * * *', '2026-01-01T00:00:00Z', '2026-01-01T00:01:00.000Z'],
  ['* * * * *', '2026-01-01T00:00:59.999Z', '2026-01-01T00:01:00.000Z'],
  ['*/15 * * * *', '2026-01-01T00:07:00Z', '2026-01-01T00:15:00.000Z'],
  ['5/20 * * * *', '2026-01-01T00:46:00Z', '2026-01-01T01:05:00.000Z'],
  ['0 9 * * 1-5', '2026-01-03T10:00:00Z', '2026-01-05T09:00:00.000Z'], // Saturday → Monday
  ['0 12 * jan,JUL sun', '2026-01-05T00:00:00Z', '2026-01-11T12:00:00.000Z'],
  ['0 0 31 * *', '2026-02-01T00:00:00Z', '2026-03-31T00:00:00.000Z'],
  // Both day fields restricted: either matches (the 1st, or a Monday).
  ['0 0 1 * 1', '2026-01-02T00:00:00Z', '2026-01-05T00:00:00.000Z'],
  // A star in day-of-week: both must match, i.e. just the 1st.
  ['0 0 1 * *', '2026-01-02T00:00:00Z', '2026-02-01T00:00:00.000Z'],
  // "*/2" is not a star: day-of-month OR Monday.
  ['0 0 */2 * 1', '2026-01-01T00:00:00Z', '2026-01-03T00:00:00.000Z'],
  ['@hourly', '2026-01-01T10:30:00Z', '2026-01-01T11:00:00.000Z'],
  ['@daily', '2026-01-01T10:30:00Z', '2026-01-02T00:00:00.000Z'],
  ['@midnight', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00.000Z'],
  ['@weekly', '2026-01-01T00:00:00Z', '2026-01-04T00:00:00.000Z'], // the next Sunday
  ['@monthly', '2026-01-15T00:00:00Z', '2026-02-01T00:00:00.000Z'],
  ['@yearly', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00.000Z'],
  ['@annually', '2026-06-01T00:00:00Z', '2027-01-01T00:00:00.000Z'],
  ['@every 90s', '2026-01-01T00:00:00.500Z', '2026-01-01T00:01:30.000Z'],
  ['@every 1h30m', '2026-01-01T00:00:00Z', '2026-01-01T01:30:00.000Z'],
  ['0 0 30 2 *', '2026-01-01T00:00:00Z', undefined], // never: robfig gives up after five years
  // Time zones: 09:00 in Tokyo is midnight UTC.
  ['TZ=Asia/Tokyo 0 9 * * *', '2026-01-01T01:00:00Z', '2026-01-02T00:00:00.000Z'],
  ['CRON_TZ=America/New_York 0 9 * * *', '2026-01-01T00:00:00Z', '2026-01-01T14:00:00.000Z'],
  // 2026-03-08 springs forward in New York: 02:30 does not exist, so that day is skipped.
  ['TZ=America/New_York 30 2 * * *', '2026-03-07T12:00:00Z', '2026-03-09T06:30:00.000Z'],
  // 2026-11-01 falls back: 01:30 happens twice, EDT then EST, and runs both times.
  ['TZ=America/New_York 30 1 * * *', '2026-11-01T04:00:00Z', '2026-11-01T05:30:00.000Z'],
  ['TZ=America/New_York 30 1 * * *', '2026-11-01T05:30:00Z', '2026-11-01T06:30:00.000Z'],
  ['TZ=America/New_York 30 1 * * *', '2026-11-01T06:30:00Z', '2026-11-02T06:30:00.000Z'],
  ['TZ=Asia/Kolkata 0 0 * * *', '2026-01-01T00:00:00Z', '2026-01-01T18:30:00.000Z'], // +05:30
];

for (const [spec, after, want] of NEXT) {
  test(`next("${spec}") after ${after}`, () => {
    assert.equal(iso(parseCronSchedule(spec).next(Date.parse(after))), want);
  });
}

test('malformed schedules are refused with robfig\'s words', () => {
  assert.throws(() => parseCronSchedule('* * *'), new CronScheduleError('expected exactly 5 fields, found 3: [* * *]'));
  assert.throws(() => parseCronSchedule('61 * * * *'), /end of range \(61\) above maximum \(59\)/);
  assert.throws(() => parseCronSchedule('@fortnightly'), /unrecognized descriptor/);
});

test('Go durations', () => {
  assert.equal(parseGoDuration('1h30m'), 5_400_000);
  assert.equal(parseGoDuration('1.5h'), 5_400_000);
  assert.equal(parseGoDuration('250ms'), 250);
  assert.throws(() => parseGoDuration('5'), CronScheduleError);
});

test('Zone: fields, offsets, RFC 3339 and Go\'s time.Date in a DST gap', () => {
  const ny = Zone.of('America/New_York');
  assert.equal(ny.offsetAt(Date.parse('2026-01-01T00:00:00Z')), -5 * 3_600_000);
  assert.equal(ny.offsetAt(Date.parse('2026-07-01T00:00:00Z')), -4 * 3_600_000);
  assert.equal(ny.rfc3339(Date.parse('2026-07-01T13:00:00Z')), '2026-07-01T09:00:00-04:00');
  assert.equal(Zone.of('').rfc3339(Date.parse('2026-07-01T13:00:00Z')), '2026-07-01T13:00:00Z');
  assert.equal(Zone.of('Asia/Kolkata').rfc3339(Date.parse('2026-01-01T00:00:00Z')), '2026-01-01T05:30:00+05:30');
  assert.equal(iso(ny.date(2026, 3, 8, 12)), '2026-03-08T16:00:00.000Z');
  // 02:30 on the spring-forward day does not exist; Go's lookup lands on 06:30Z (01:30 EST).
  assert.equal(iso(ny.date(2026, 3, 8, 2, 30)), '2026-03-08T06:30:00.000Z');
  assert.equal(iso(ny.date(2026, 13, 1)), '2027-01-01T05:00:00.000Z');
  assert.throws(() => Zone.of('Mars/Olympus_Mons'), RangeError);
});
