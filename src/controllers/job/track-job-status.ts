/**
 * Counting finished pods exactly once, after kube-controller-manager's
 * trackJobStatusAndRemoveFinalizers, flushUncountedAndRemoveFinalizers,
 * cleanUncountedPodsWithoutFinalizers and enactJobFinished (pkg/controller/job):
 *  1. finished pods still holding the tracking finalizer are added to
 *     status.uncountedTerminatedPods (Indexed Jobs: their index to completedIndexes), and the
 *     interim FailureTarget / SuccessCriteriaMet condition is added; the status is written;
 *  2. their finalizers are removed;
 *  3. uids whose finalizer is gone move from the uncounted lists into succeeded / failed;
 *  4. once nothing is uncounted and no pod is terminating, the terminal Complete or Failed
 *     condition (and completionTime) is set and the Job's finish is recorded as an Event.
 * A crash between any two writes loses nothing: the lists in status say what is in flight.
 */
import type { Pod } from '../common/workload-types.ts';
import { getCompletionIndex, UNKNOWN_COMPLETION_INDEX } from './indexed-job.ts';
import { ensureJobConditionStatus, findJobCondition, newJobCondition } from './job-conditions.ts';
import { hasTrackingFinalizer } from './job-pods.ts';
import {
  isIndexedJob, isPodFailed, type JobSyncDeps, MAX_UNCOUNTED_PODS, type SyncJobContext, updateJobStatus, type WorkingJob,
} from './job-sync-context.ts';
import type { JobCondition } from './job-types.ts';

const isNotFound = (e: unknown) => (e as { code?: number }).code === 404;

/** Moves uids whose pod no longer has a finalizer from the uncounted lists to the counters; true when anything moved. */
export function cleanUncountedPodsWithoutFinalizers(status: WorkingJob['status'], uidsWithFinalizer: ReadonlySet<string>): boolean {
  const u = status.uncountedTerminatedPods;
  let changed = false;
  const succeeded = (u.succeeded ?? []).filter((uid) => uidsWithFinalizer.has(uid));
  if (succeeded.length !== (u.succeeded ?? []).length) {
    status.succeeded = (status.succeeded ?? 0) + (u.succeeded ?? []).length - succeeded.length;
    u.succeeded = succeeded;
    changed = true;
  }
  const failed = (u.failed ?? []).filter((uid) => uidsWithFinalizer.has(uid));
  if (failed.length !== (u.failed ?? []).length) {
    status.failed = (status.failed ?? 0) + (u.failed ?? []).length - failed.length;
    u.failed = failed;
    changed = true;
  }
  return changed;
}

/** canRemoveFinalizer: the Job is going away or finishing, or the pod is done. */
function canRemoveFinalizer(ctx: SyncJobContext, pod: Pod, considerFailed: boolean): boolean {
  return !!ctx.job.metadata.deletionTimestamp || ctx.finishedCondition !== undefined || pod.status?.phase === 'Succeeded' || considerFailed;
}

export async function trackJobStatusAndRemoveFinalizers(ctx: SyncJobContext, deps: JobSyncDeps, options: { needsFlush: boolean }): Promise<void> {
  let needsFlush = options.needsFlush;
  const indexed = isIndexedJob(ctx.job);
  const completions = ctx.job.spec?.completions ?? 0;
  const pods = indexed ? [...ctx.pods].sort((a, b) => getCompletionIndex(a) - getCompletionIndex(b)) : ctx.pods;
  const tracked = (p: Pod) => hasTrackingFinalizer(p) && !ctx.expectedRmFinalizers.has(p.metadata.uid!);
  const uidsWithFinalizer = new Set(pods.filter(tracked).map((p) => p.metadata.uid!));
  const status = ctx.job.status;
  if (cleanUncountedPodsWithoutFinalizers(status, uidsWithFinalizer)) needsFlush = true;
  const uncounted = status.uncountedTerminatedPods;
  uncounted.succeeded ??= [];
  uncounted.failed ??= [];

  const toRemoveFinalizer: Pod[] = [];
  const newSucceededIndexes: number[] = [];
  let reachedMaxUncounted = false;
  for (const pod of pods) {
    if (!tracked(pod)) continue; // counted by an earlier sync
    const uid = pod.metadata.uid!;
    const considerFailed = isPodFailed(pod, ctx.job);
    if (!canRemoveFinalizer(ctx, pod, considerFailed)) continue;
    toRemoveFinalizer.push(pod);
    if (pod.status?.phase === 'Succeeded' && !ctx.uncounted.failed.has(uid)) {
      if (indexed) {
        // The index says whether it was counted; no uid needed.
        const ix = getCompletionIndex(pod);
        if (ix !== UNKNOWN_COMPLETION_INDEX && ix < completions && !ctx.prevSucceededIndexes.has(ix)) {
          newSucceededIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!ctx.uncounted.succeeded.has(uid)) {
        uncounted.succeeded.push(uid);
        needsFlush = true;
      }
    } else if (considerFailed || (ctx.finishedCondition && ctx.finishedCondition.type !== 'SuccessCriteriaMet')) {
      // A Job that is finishing counts every pod that did not succeed as failed.
      const ix = getCompletionIndex(pod);
      if (!ctx.uncounted.failed.has(uid) && (!indexed || (ix !== UNKNOWN_COMPLETION_INDEX && ix < completions))) {
        uncounted.failed.push(uid);
        needsFlush = true;
      }
    }
    if (newSucceededIndexes.length + uncounted.succeeded.length + uncounted.failed.length >= MAX_UNCOUNTED_PODS) {
      // Keep the status small and let other Jobs sync; the status write requeues this one.
      reachedMaxUncounted = true;
      break;
    }
  }
  if (indexed) {
    ctx.succeededIndexes = ctx.succeededIndexes.withOrderedIndexes(newSucceededIndexes.sort((a, b) => a - b));
    const text = ctx.succeededIndexes.toString();
    if (text !== (status.completedIndexes ?? '')) needsFlush = true;
    status.succeeded = ctx.succeededIndexes.total();
    status.completedIndexes = text;
  }
  const nowMs = deps.clock.now();
  if (ctx.finishedCondition?.type === 'FailureTarget') {
    // Record why the Job fails before letting its pods go; Failed follows once they are gone.
    status.conditions = [...(status.conditions ?? []), ctx.finishedCondition];
    needsFlush = true;
    ctx.finishedCondition = newJobCondition('Failed', 'True', { reason: ctx.finishedCondition.reason, message: ctx.finishedCondition.message, nowMs });
  }
  if (ctx.finishedCondition?.type === 'SuccessCriteriaMet') {
    if (findJobCondition(status.conditions, 'SuccessCriteriaMet')?.status !== 'True') {
      status.conditions = [...(status.conditions ?? []), ctx.finishedCondition];
      needsFlush = true;
    }
    ctx.finishedCondition = newJobCondition('Complete', 'True', { reason: ctx.finishedCondition.reason, message: ctx.finishedCondition.message, nowMs });
  }
  needsFlush = await flushUncountedAndRemoveFinalizers(ctx, deps, { toRemoveFinalizer, uidsWithFinalizer, needsFlush });
  const finished = !reachedMaxUncounted && enactJobFinished(ctx, nowMs);
  if (finished) needsFlush = true;
  if (needsFlush) {
    ctx.job = await updateJobStatus(ctx.job, deps);
    if (finished) recordJobFinished(ctx, deps, ctx.finishedCondition!);
  }
}

/** Returns whether status changes are still unwritten. */
async function flushUncountedAndRemoveFinalizers(
  ctx: SyncJobContext, deps: JobSyncDeps,
  o: { toRemoveFinalizer: readonly Pod[]; uidsWithFinalizer: Set<string>; needsFlush: boolean },
): Promise<boolean> {
  let needsFlush = o.needsFlush;
  if (needsFlush) {
    ctx.job = await updateJobStatus(ctx.job, deps);
    // The failures are in the Job's status now, so the back-off may count them.
    deps.backoff.update(ctx.newBackoffRecord);
    needsFlush = false;
  }
  let rmError: unknown;
  if (o.toRemoveFinalizer.length > 0) {
    deps.finalizerExpectations.expectFinalizersRemoved(ctx.key, o.toRemoveFinalizer.map((p) => p.metadata.uid!));
    await Promise.all(o.toRemoveFinalizer.map(async (pod) => {
      try {
        await deps.pods.removeTrackingFinalizer(pod);
      } catch (e) {
        // No update will show this removal: stop expecting it.
        deps.finalizerExpectations.finalizerRemovalObserved(ctx.key, pod.metadata.uid!);
        if (!isNotFound(e)) { rmError ??= e; return; }
      }
      o.uidsWithFinalizer.delete(pod.metadata.uid!);
    }));
  }
  if (cleanUncountedPodsWithoutFinalizers(ctx.job.status, o.uidsWithFinalizer)) needsFlush = true;
  if (rmError !== undefined) {
    // Keep the partial progress before failing the sync.
    if (needsFlush) ctx.job = await updateJobStatus(ctx.job, deps);
    throw rmError;
  }
  return needsFlush;
}

/** enactJobFinished: sets the terminal condition once nothing is uncounted or terminating. */
function enactJobFinished(ctx: SyncJobContext, nowMs: number): boolean {
  const cond = ctx.finishedCondition;
  if (!cond) return false;
  const u = ctx.job.status.uncountedTerminatedPods;
  if ((u.succeeded?.length ?? 0) + (u.failed?.length ?? 0) > 0) return false;
  if (ctx.terminating > 0) return false;
  const r = ensureJobConditionStatus(ctx.job.status.conditions, { type: cond.type, status: cond.status, reason: cond.reason, message: cond.message, nowMs });
  ctx.job.status.conditions = r.conditions;
  if (cond.type === 'Complete') ctx.job.status.completionTime = findJobCondition(r.conditions, 'Complete')?.lastTransitionTime;
  return true;
}

function recordJobFinished(ctx: SyncJobContext, deps: JobSyncDeps, cond: JobCondition): void {
  const job = ctx.job;
  if (cond.type === 'Complete') {
    const completions = job.spec?.completions;
    if (completions !== undefined && completions !== null && (job.status.succeeded ?? 0) > completions) {
      deps.recorder.event(job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
    }
    deps.recorder.event(job, 'Normal', 'Completed', 'Job completed');
    return;
  }
  deps.recorder.event(job, 'Warning', cond.reason ?? '', cond.message ?? '');
}
