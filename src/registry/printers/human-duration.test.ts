import assert from 'node:assert/strict';
import { test } from 'node:test';
import { humanDuration, parseTime, since } from './human-duration.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

test('humanDuration follows apimachinery HumanDuration at every unit boundary', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [999, '0s'],
    [59 * S, '59s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [2 * M + 10 * S, '2m10s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 30 * S, '10m'],
    [179 * M + 59 * S, '179m'],
    [3 * H, '3h'],
    [3 * H + 5 * M + 30 * S, '3h5m'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H + 30 * M, '8h'],
    [47 * H + 59 * M, '47h'],
    [2 * D, '2d'],
    [2 * D + 5 * H, '2d5h'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D + 23 * H, '8d'],
    [2 * Y - D, '729d'],
    [2 * Y, '2y'],
    [2 * Y + 10 * D, '2y10d'],
    [8 * Y - D, '7y364d'],
    [8 * Y, '8y'],
    [20 * Y + 100 * D, '20y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms} ms`);
});

test('humanDuration tolerates under 2 s of clock skew and calls more invalid', () => {
  assert.equal(humanDuration(-1), '0s');
  assert.equal(humanDuration(-1999), '0s');
  assert.equal(humanDuration(-2000), '<invalid>');
  assert.equal(humanDuration(-5 * M), '<invalid>');
});

test('since prints <unknown> for absent, null and zero timestamps', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  assert.equal(since('2025-06-01T11:57:50Z', now), '2m10s');
  assert.equal(since('2025-06-01T13:57:50+02:00', now), '2m10s');
  assert.equal(since(undefined, now), '<unknown>');
  assert.equal(since(null, now), '<unknown>');
  assert.equal(since('0001-01-01T00:00:00Z', now), '<unknown>');
  assert.equal(since('not a time', now), '<unknown>');
});

test('parseTime reads MicroTime fractions', () => {
  assert.equal(parseTime('2025-06-01T12:00:00.123456Z'), Date.parse('2025-06-01T12:00:00.123Z'));
});
