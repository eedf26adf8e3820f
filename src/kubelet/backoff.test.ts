import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../util/clock.ts';
import { Backoff, formatDuration } from './backoff.ts';

test('crash-loop back-off doubles from 10s to 5m and resets after 10 minutes of running', () => {
  const clock = new FakeClock();
  const b = new Backoff(clock);
  const k = 'pod_c';
  assert.equal(b.isInBackOffSince(k, clock.now()), false); // first crash restarts at once
  b.next(k, clock.now());
  const seen: number[] = [];
  for (let i = 0; i < 7; i++) {
    const finished = clock.now();
    assert.equal(b.isInBackOffSince(k, finished), true);
    seen.push(b.get(k));
    clock.advance(b.get(k));
    assert.equal(b.isInBackOffSince(k, finished), false);
    b.next(k, finished);
  }
  assert.deepEqual(seen, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  clock.advance(11 * 60_000); // the container ran 11 minutes before it crashed again
  assert.equal(b.isInBackOffSince(k, clock.now()), false);
  b.next(k, clock.now());
  assert.equal(b.get(k), 10_000);
});

test('image pull back-off counts from the last failure', () => {
  const clock = new FakeClock();
  const b = new Backoff(clock);
  b.next('img', clock.now());
  assert.equal(b.isInBackOffSinceUpdate('img', clock.now() + 9_999), true);
  assert.equal(b.isInBackOffSinceUpdate('img', clock.now() + 10_000), false);
});

test('durations print as Go does', () => {
  assert.deepEqual([10_000, 80_000, 160_000, 300_000].map(formatDuration), ['10s', '1m20s', '2m40s', '5m0s']);
});
