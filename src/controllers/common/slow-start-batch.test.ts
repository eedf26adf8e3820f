import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slowStartBatch } from './slow-start-batch.ts';

test('calls in batches of 1, 2, 4… and reports every success', async () => {
  const inFlight: number[] = [];
  let running = 0;
  const result = await slowStartBatch(10, async () => {
    running++;
    inFlight.push(running);
    await Promise.resolve();
    running--;
  });
  assert.deepEqual(result, { successes: 10 });
  assert.equal(Math.max(...inFlight), 4); // batches 1, 2, 4, 3
  assert.equal(inFlight.length, 10);
});

test('stops after the first batch with a failure', async () => {
  let calls = 0;
  const result = await slowStartBatch(10, async () => {
    calls++;
    if (calls >= 2) throw new Error('quota exceeded');
  });
  // batch 1 succeeds, batch 2 (calls 2 and 3) fails: nothing more is attempted
  assert.equal(calls, 3);
  assert.equal(result.successes, 1);
  assert.equal((result.error as Error).message, 'quota exceeded');
});
