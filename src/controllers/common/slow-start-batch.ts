/**
 * kube-controller-manager's slowStartBatch (replicaset, job, daemonset controllers): call fn
 * `count` times in batches of 1, 2, 4, … concurrent calls; stop after the first batch with a
 * failure. A quota or admission error then costs one request, not hundreds.
 */

/** as controller.SlowStartInitialBatchSize */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

export interface SlowStartResult {
  /** Calls that succeeded. */
  readonly successes: number;
  /** The first failure of the batch that failed, if any. */
  readonly error?: unknown;
}

export async function slowStartBatch(count: number, fn: () => Promise<unknown>, options: { initialBatchSize?: number } = {}): Promise<SlowStartResult> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, options.initialBatchSize ?? SLOW_START_INITIAL_BATCH_SIZE); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += batch - failed.length;
    if (failed.length > 0) return { successes, error: failed[0].reason };
    remaining -= batch;
  }
  return { successes };
}
