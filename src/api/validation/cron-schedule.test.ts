import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cronScheduleError } from './cron-schedule.ts';

test('standard schedules and descriptors parse', () => {
  for (const s of ['*/5 * * * *', '0 0 1 jan,JUL mon-fri', '15 3 * * 0', '@hourly', '@every 1h30m', 'TZ=UTC 0 0 * * *', '0-59/10 0-23 1-31 1-12 0-6']) {
    assert.equal(cronScheduleError(s), undefined, s);
  }
});

test('errors carry robfig/cron\'s messages', () => {
  assert.equal(cronScheduleError('* * * *'), 'expected exactly 5 fields, found 4: [* * * *]');
  assert.equal(cronScheduleError('60 * * * *'), 'end of range (60) above maximum (59): 60');
  assert.equal(cronScheduleError('* * 0 * *'), 'beginning of range (0) below minimum (1): 0');
  assert.equal(cronScheduleError('5-1 * * * *'), 'beginning of range (5) beyond end of range (1): 5-1');
  assert.equal(cronScheduleError('x * * * *'), 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
  assert.equal(cronScheduleError('*/0 * * * *'), 'step of range should be a positive number: */0');
  assert.equal(cronScheduleError('* * * * 7'), 'end of range (7) above maximum (6): 7');
  assert.equal(cronScheduleError('@fortnightly'), 'unrecognized descriptor: @fortnightly');
  assert.equal(cronScheduleError(''), 'empty spec string');
  assert.equal(cronScheduleError('TZ=Mars/Base 0 0 * * *'), 'provided bad location Mars/Base: unknown time zone Mars/Base');
});
