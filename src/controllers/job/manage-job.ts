/**
 * Keeping the right number of a Job's pods running, after kube-controller-manager's manageJob,
 * deleteJobPods, deleteActivePods and activePodsForRemoval (pkg/controller/job/job_controller.go):
 * a suspended Job loses its active pods; otherwise the wanted number is parallelism, capped by
 * the completions still missing; surplus pods are removed first (one sync removes or creates,
 * never both); missing pods are created in slow-start batches once the pod-failure back-off has
 * passed, Indexed Jobs for their lowest pending indexes.
 */
import { slowStartBatch } from '../common/slow-start-batch.ts';
import { isPodReady } from '../common/pod-availability.ts';
import { isNamespaceTerminating } from '../common/pod-control.ts';
import type { Pod } from '../common/workload-types.ts';
import { remainingBackoffMs } from './backoff-store.ts';
import {
  addCompletionIndexEnvVariables, duplicatedIndexPodsForRemoval, firstPendingIndexes, indexesOf, podGenerateNameWithIndex, withCompletionIndex,
} from './indexed-job.ts';
import { compareActivePods } from './job-pod-order.ts';
import {
  isIndexedJob, isPodTerminating, jobSuspended, type JobSyncDeps, MAX_POD_CREATE_DELETE_PER_SYNC, onlyReplaceFailedPods, type SyncJobContext,
} from './job-sync-context.ts';
import { JOB_TRACKING_FINALIZER, type Job } from './job-types.ts';

const isNotFound = (e: unknown) => (e as { code?: number }).code === 404;

/** activePodsForRemoval: for Indexed Jobs the duplicate/invalid indexes first, then by {@link compareActivePods}. */
export function activePodsForRemoval(job: Job, pods: readonly Pod[], rmAtLeast: number): Pod[] {
  let rm: Pod[] = [];
  let left: Pod[] = [...pods];
  if (isIndexedJob(job)) ({ rm, left } = duplicatedIndexPodsForRemoval(pods, { completions: job.spec?.completions ?? 0 }));
  if (rm.length < rmAtLeast) rm = [...rm, ...left.sort(compareActivePods).slice(0, rmAtLeast - rm.length)];
  return rm;
}

interface Removed { readonly removedReady: number; readonly removed: number; readonly error?: unknown }

/** deleteJobPods: drop each pod's tracking finalizer, then delete it; each failure lowers the expected deletions. */
async function deleteJobPods(ctx: SyncJobContext, pods: readonly Pod[], deps: JobSyncDeps): Promise<Removed> {
  let removed = 0;
  let removedReady = 0;
  let error: unknown;
  await Promise.all(pods.map(async (pod) => {
    try {
      await deps.pods.removeTrackingFinalizer(pod);
      await deps.pods.delete(ctx.job, pod);
    } catch (e) {
      // The informer will not observe a deletion that did not happen.
      deps.expectations.deletionObserved(ctx.key);
      if (!isNotFound(e)) { error ??= e; return; }
    }
    removed++;
    if (isPodReady(pod)) removedReady++;
  }));
  return { removed, removedReady, error };
}

/** deleteActivePods: delete (finalizers kept, the status tracking removes them) every active pod of a finished Job. */
export async function deleteActivePods(ctx: SyncJobContext, deps: JobSyncDeps): Promise<Removed> {
  let removed = 0;
  let removedReady = 0;
  let error: unknown;
  await Promise.all(ctx.activePods.map(async (pod) => {
    try {
      await deps.pods.delete(ctx.job, pod);
    } catch (e) {
      if (!isNotFound(e)) { error ??= e; return; }
    }
    removed++;
    if (isPodReady(pod)) removedReady++;
  }));
  return { removed, removedReady, error };
}

/** manageJob: returns the number of active pods after this sync's creations and deletions. */
export async function manageJob(ctx: SyncJobContext, deps: JobSyncDeps): Promise<{ active: number; error?: unknown }> {
  const { job, key } = ctx;
  let active = ctx.activePods.length;
  const parallelism = job.spec?.parallelism ?? 1;
  const removePods = async (pods: Pod[]) => {
    deps.expectations.expectDeletions(key, pods.length);
    const r = await deleteJobPods(ctx, pods, deps);
    ctx.terminating += r.removed;
    ctx.ready -= r.removedReady;
    return { active: active - r.removed, error: r.error };
  };

  if (jobSuspended(job)) return removePods(activePodsForRemoval(job, ctx.activePods, active));

  const completions = job.spec?.completions;
  let wantActive: number;
  if (completions === undefined || completions === null) {
    // Without completions, once any pod succeeded the Job just lets the rest finish.
    wantActive = ctx.succeeded > 0 ? active : parallelism;
  } else {
    wantActive = Math.max(0, Math.min(completions - ctx.succeeded, parallelism));
  }
  const toDelete = activePodsForRemoval(job, ctx.activePods, Math.max(0, active - wantActive)).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  // Removal takes precedence: one sync either deletes or creates.
  if (toDelete.length > 0) return removePods(toDelete);

  const terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
  let diff = wantActive - terminating - active;
  if (diff <= 0) return { active };
  const waitMs = remainingBackoffMs(ctx.newBackoffRecord, deps.clock.now());
  // Difference from kube 1.32: while the back-off runs kube reports active 0 for this sync even
  // with pods running; here the running pods are still counted.
  if (waitMs > 0) {
    deps.enqueueAfter(key, Math.max(waitMs, deps.syncBatchPeriodMs));
    return { active };
  }
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  let indexes: number[] = [];
  if (isIndexedJob(job)) {
    let nonPending = ctx.succeededIndexes.withOrderedIndexes(indexesOf(ctx.activePods));
    if (onlyReplaceFailedPods(job)) nonPending = nonPending.withOrderedIndexes(indexesOf(ctx.pods.filter(isPodTerminating)));
    indexes = firstPendingIndexes(nonPending, diff, completions ?? 0);
    diff = indexes.length;
  }
  if (diff === 0) return { active };

  // Expect the creations before making them: their watch events may arrive first.
  deps.expectations.expectCreations(key, diff);
  active += diff;
  const template = structuredClone(job.spec?.template ?? {});
  if (isIndexedJob(job)) addCompletionIndexEnvVariables(template);
  const meta = (template.metadata ??= {});
  if (!meta.finalizers?.includes(JOB_TRACKING_FINALIZER)) meta.finalizers = [...(meta.finalizers ?? []), JOB_TRACKING_FINALIZER];

  let attempted = 0;
  const { error } = await slowStartBatch(diff, async () => {
    attempted++;
    const index = indexes.shift();
    const t = index === undefined ? template : withCompletionIndex(template, { jobName: job.metadata.name!, index });
    const generateName = index === undefined ? undefined : podGenerateNameWithIndex(job.metadata.name!, index);
    try {
      await deps.pods.create(job, t, { generateName });
    } catch (e) {
      // Nothing can be created in a terminating namespace; kube does not count that as a failure.
      if (isNamespaceTerminating(e)) return;
      deps.expectations.creationObserved(key);
      active--;
      throw e;
    }
  });
  // Pods never attempted after a failed batch will never be observed.
  for (let skipped = diff - attempted; skipped > 0; skipped--) {
    deps.expectations.creationObserved(key);
    active--;
  }
  return { active, error };
}
