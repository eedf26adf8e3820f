import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FifoPool } from './fifo-pool.ts';

/** A pool whose batches are made when the test says so. */
function controlled() {
  const requests: { count: number; resolve: (paths: string[]) => void; reject: (e: Error) => void }[] = [];
  let made = 0;
  const pool = new FifoPool((count) => new Promise((resolve, reject) => requests.push({ count, resolve, reject })));
  const answer = () => {
    const r = requests.shift()!;
    r.resolve(Array.from({ length: r.count }, () => `f${++made}`));
  };
  return { pool, requests, answer };
}

test('takes wait for the first batch and are served in order; the pool refills before it runs out', async () => {
  const { pool, requests, answer } = controlled();
  const first = pool.take(2);
  const second = pool.take(3);
  assert.equal(requests.length, 1, 'one batch at a time');
  answer();
  assert.deepEqual(await first, ['f1', 'f2']);
  assert.deepEqual(await second, ['f3', 'f4', 'f5']);
  // 59 left: no refill until takes bring the pool below its mark
  let taken = 0;
  const pending = () => requests.length;
  while (pending() === 0) taken += (await pool.take(3)).length;
  assert.ok(taken > 20 && taken < 59, String(taken));
  answer();
  const next = await pool.take(2);
  assert.equal(next.length, 2);
});

test('a failed batch fails the takes waiting for it; the next take asks again', async () => {
  const { pool, requests, answer } = controlled();
  const waiting = pool.take(2);
  requests.shift()!.reject(new Error('mkfifo: no space'));
  await assert.rejects(waiting, /no space/);
  const again = pool.take(2);
  assert.equal(requests.length, 1);
  answer();
  assert.deepEqual(await again, ['f1', 'f2']);
});

test('close fails the takes still waiting', async () => {
  const { pool } = controlled();
  const waiting = pool.take(2);
  pool.close(new Error('closed'));
  await assert.rejects(waiting, /closed/);
});
