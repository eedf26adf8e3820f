/**
 * The delay before a Job replaces failed pods, after kube-controller-manager's
 * pkg/controller/job/backoff_utils.go: per Job, the number of pod failures since the last success
 * and when the last one failed; pods are re-created only after 10s × 2^(failures-1) (at most
 * 10 minutes) have passed since that failure. A record is kept only once the failures it counts
 * have been written to the Job's status (updateBackoffRecord after a status flush).
 */
import type { Pod } from '../common/workload-types.ts';

/** as kube's DefaultJobPodFailureBackOff */
export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
/** as kube's MaxJobPodFailureBackOff */
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

export interface BackoffRecord {
  readonly key: string;
  readonly failuresAfterLastSuccess: number;
  readonly lastFailureMs?: number;
}

/**
 * getFinishedTime: the latest container termination, else when the pod stopped being ready,
 * else its deletion timestamp, else its last status change as far as we can tell (now).
 */
export function podFinishedTime(pod: Pod, nowMs: number): number {
  let latest: number | undefined;
  for (const s of [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]) {
    const finishedAt = (s as { state?: { terminated?: { finishedAt?: string } } }).state?.terminated?.finishedAt;
    const t = finishedAt ? Date.parse(finishedAt) : NaN;
    if (!Number.isNaN(t)) latest = latest === undefined ? t : Math.max(latest, t);
  }
  if (latest !== undefined) return latest;
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'False');
  if (ready?.lastTransitionTime) return Date.parse(ready.lastTransitionTime);
  if (pod.metadata.deletionTimestamp) return Date.parse(pod.metadata.deletionTimestamp);
  return nowMs;
}

export class BackoffStore {
  private readonly records = new Map<string, BackoffRecord>();

  /**
   * newBackoffRecord: the stored record advanced by the pods that finished since. A success
   * resets the count to the failures that came after it.
   */
  newBackoffRecord(key: string, options: { newSucceeded: readonly Pod[]; newFailed: readonly Pod[]; nowMs: number }): BackoffRecord {
    const base = this.records.get(key) ?? { key, failuresAfterLastSuccess: 0 };
    const finished = (p: Pod) => podFinishedTime(p, options.nowMs);
    const failedTimes = options.newFailed.map(finished).sort((a, b) => a - b);
    if (options.newSucceeded.length === 0) {
      if (failedTimes.length === 0) return base;
      return { key, failuresAfterLastSuccess: base.failuresAfterLastSuccess + failedTimes.length, lastFailureMs: failedTimes.at(-1) };
    }
    const lastSuccess = Math.max(...options.newSucceeded.map(finished));
    const after = failedTimes.filter((t) => t > lastSuccess);
    return { key, failuresAfterLastSuccess: after.length, lastFailureMs: after.at(-1) };
  }

  update(record: BackoffRecord): void { this.records.set(record.key, record); }

  remove(key: string): void { this.records.delete(key); }
}

/** getRemainingTime: how long until replacement pods may be created; 0 when now. */
export function remainingBackoffMs(record: BackoffRecord, nowMs: number): number {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureMs === undefined) return 0;
  let backoff = DEFAULT_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < record.failuresAfterLastSuccess; i++) {
    backoff *= 2;
    if (backoff >= MAX_POD_FAILURE_BACKOFF_MS) { backoff = MAX_POD_FAILURE_BACKOFF_MS; break; }
  }
  const elapsed = nowMs - record.lastFailureMs;
  return backoff < elapsed ? 0 : backoff - elapsed;
}
