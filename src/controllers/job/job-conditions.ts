/**
 * Job conditions, after kube-controller-manager's job controller (newCondition,
 * ensureJobConditionStatus, findConditionByType) and pkg/controller/job/util (FinishedCondition,
 * IsJobFinished, IsJobSucceeded), which the CronJob and TTL-after-finished controllers share.
 */
import { rfc3339 } from '../../util/clock.ts';
import type { Job, JobCondition } from './job-types.ts';

/** A condition with both timestamps at `nowMs` (second precision, as metav1.Time). */
export function newJobCondition(type: string, status: string, options: { reason?: string; message?: string; nowMs: number }): JobCondition {
  const at = rfc3339(options.nowMs);
  const c: JobCondition = { type, status, lastProbeTime: at, lastTransitionTime: at };
  if (options.reason) c.reason = options.reason;
  if (options.message) c.message = options.message;
  return c;
}

export function findJobCondition(conditions: readonly JobCondition[] | undefined, type: string): JobCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * ensureJobConditionStatus: replaces the condition of that type when its status, reason or
 * message differ, or appends it — unless it would be appended as "False", which says nothing.
 * Returns the new list and whether it changed.
 */
export function ensureJobConditionStatus(
  list: readonly JobCondition[] | undefined,
  condition: { type: string; status: string; reason?: string; message?: string; nowMs: number },
): { conditions: JobCondition[]; changed: boolean } {
  const conditions = [...(list ?? [])];
  const i = conditions.findIndex((c) => c.type === condition.type);
  const fresh = newJobCondition(condition.type, condition.status, condition);
  if (i >= 0) {
    const cur = conditions[i];
    if (cur.status === condition.status && (cur.reason ?? '') === (condition.reason ?? '') && (cur.message ?? '') === (condition.message ?? '')) {
      return { conditions, changed: false };
    }
    conditions[i] = fresh;
    return { conditions, changed: true };
  }
  if (condition.status === 'False') return { conditions, changed: false };
  conditions.push(fresh);
  return { conditions, changed: true };
}

/** util.FinishedCondition: the true Complete or Failed condition, if any. */
export function jobFinishedCondition(job: Job): JobCondition | undefined {
  return job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

export function isJobFinished(job: Job): boolean {
  return jobFinishedCondition(job) !== undefined;
}

export function isJobSucceeded(job: Job): boolean {
  return job.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') ?? false;
}
