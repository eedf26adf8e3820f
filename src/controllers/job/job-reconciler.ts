/**
 * The Job sync, after kube-controller-manager's Controller.syncJob (pkg/controller/job): claim the
 * Job's pods, count what finished since the last write, decide whether the Job has failed
 * (backoffLimit: "Job has reached the specified backoff limit"; activeDeadlineSeconds: "Job was
 * active longer than specified deadline") or succeeded, otherwise create or delete pods
 * ({@link manageJob}) and maintain the Suspended condition, then write status through
 * {@link trackJobStatusAndRemoveFinalizers}. Keys prefixed {@link ORPHAN_POD_PREFIX} name pods
 * that lost their Job but still hold its tracking finalizer (kube's orphanQueue).
 *
 * Not implemented: podFailurePolicy, successPolicy, backoffLimitPerIndex (their fields are
 * ignored as if unset).
 */
import { labelSelectorAsSelector } from '../../api/selector/label-selector.ts';
import { type Informer, splitKey } from '../../controller/informer.ts';
import type { ReconcileResult, Reconciler } from '../../controller/reconciler.ts';
import { rfc3339 } from '../../util/clock.ts';
import { claimObjects, freshControllerCheck } from '../common/controller-ref-manager.ts';
import { getControllerOf } from '../common/controller-ref.ts';
import { filterActivePods, isPodReady } from '../common/pod-availability.ts';
import { PODS } from '../common/pod-control.ts';
import type { Pod } from '../common/workload-types.ts';
import { calculateSucceededIndexes, getCompletionIndex, OrderedIntervals, UNKNOWN_COMPLETION_INDEX } from './indexed-job.ts';
import { ensureJobConditionStatus, findJobCondition, isJobFinished, newJobCondition } from './job-conditions.ts';
import { hasTrackingFinalizer } from './job-pods.ts';
import {
  isIndexedJob, isPodFailed, isPodTerminating, type JobSyncDeps, jobSuspended, type SyncJobContext, workingJob,
} from './job-sync-context.ts';
import { JOB_KIND, JOB_TRACKING_FINALIZER, JOBS, type Job } from './job-types.ts';
import { deleteActivePods, manageJob } from './manage-job.ts';
import { trackJobStatusAndRemoveFinalizers } from './track-job-status.ts';

/** Work-queue keys for orphan pods: "pod:<namespace>/<name>" (a namespace cannot contain ':'). */
export const ORPHAN_POD_PREFIX = 'pod:';

/** batchv1.JobControllerName: the managedBy value this controller answers to. */
export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';

/** managedByExternalController: a Job whose spec.managedBy names someone else is not ours to sync. */
export function managedByExternalController(job: Job): boolean {
  const by = job.spec?.managedBy;
  return by !== undefined && by !== null && by !== JOB_CONTROLLER_NAME;
}

/** pastBackoffLimitOnFailure: with restartPolicy OnFailure, container restarts count as failures. */
function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if ((job.spec?.template?.spec as { restartPolicy?: string } | undefined)?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const s of [...(p.status.initContainerStatuses ?? []), ...(p.status.containerStatuses ?? [])]) restarts += s.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

export class JobReconciler implements Reconciler {
  constructor(private readonly deps: JobSyncDeps & { readonly jobInformer: Informer; readonly podInformer: Informer }) {}

  async reconcile(key: string): Promise<ReconcileResult | void> {
    if (key.startsWith(ORPHAN_POD_PREFIX)) return this.syncOrphanPod(key.slice(ORPHAN_POD_PREFIX.length));
    return this.syncJob(key);
  }

  /** syncOrphanPod: drop the tracking finalizer of a pod no unfinished Job of ours controls. */
  private async syncOrphanPod(podKey: string): Promise<void> {
    const pod = this.deps.podInformer.get(podKey) as Pod | undefined;
    if (!pod) return;
    const ref = getControllerOf(pod);
    if (ref) {
      if (ref.kind !== JOB_KIND.kind || ref.apiVersion !== JOB_KIND.apiVersion) return; // not a Job's pod
      const job = this.deps.jobInformer.get(`${pod.metadata.namespace}/${ref.name}`) as Job | undefined;
      const ours = job && job.metadata.uid === ref.uid ? job : undefined;
      if (ours && managedByExternalController(ours)) return;
      if (ours && !isJobFinished(ours)) return; // adopted meanwhile
    }
    try {
      await this.deps.pods.removeTrackingFinalizer(pod);
    } catch (e) {
      if ((e as { code?: number }).code !== 404) throw e;
    }
  }

  /** getPodsForJob: claim by selector; adopted pods get the tracking finalizer. */
  private async podsForJob(job: Job): Promise<Pod[]> {
    const selector = labelSelectorAsSelector(job.spec?.selector);
    const all = this.deps.podInformer.list(job.metadata.namespace) as Pod[];
    const claimed = await claimObjects(all, {
      client: this.deps.client, resource: PODS, controller: job, controllerKind: JOB_KIND, selector,
      canAdopt: freshControllerCheck({ client: this.deps.client, resource: JOBS, controller: job, kind: JOB_KIND.kind }),
    });
    return Promise.all(claimed.map(async (p) => {
      const wasOurs = p.metadata.ownerReferences?.some((r) => r.uid === job.metadata.uid) ?? false;
      if (wasOurs || hasTrackingFinalizer(p)) return p;
      // Just adopted: kube sends the finalizer with the adoption patch; here it is a second patch.
      await this.deps.pods.addTrackingFinalizer(p);
      return { ...p, metadata: { ...p.metadata, finalizers: [...(p.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER] } };
    }));
  }

  private async syncJob(key: string): Promise<void> {
    const d = this.deps;
    const shared = d.jobInformer.get(key) as Job | undefined;
    if (!shared) {
      d.expectations.deleteExpectations(key);
      d.finalizerExpectations.deleteExpectations(key);
      d.backoff.remove(key);
      return;
    }
    if (managedByExternalController(shared)) return;
    // A finished Job is never terminated again.
    if (isJobFinished(shared)) { d.backoff.remove(key); return; }
    const job = workingJob(shared);
    const mode = job.spec?.completionMode;
    if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') {
      d.recorder.event(job, 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown');
      return;
    }
    // Check expectations before listing pods, so a pod created meanwhile cannot sneak past them.
    const satisfied = d.expectations.satisfiedExpectations(key);
    const pods = await this.podsForJob(job);
    const activePods = filterActivePods(pods);
    const nowMs = d.clock.now();
    const status = job.status;
    const uncountedSucceeded = new Set(status.uncountedTerminatedPods.succeeded ?? []);
    const uncountedFailed = new Set(status.uncountedTerminatedPods.failed ?? []);
    const expectedRmFinalizers = d.finalizerExpectations.expectedUids(key);
    const completions = job.spec?.completions;
    // getNewFinishedPods: finished, still tracked, not yet uncounted, and (Indexed) with a valid index.
    const countable = (p: Pod, uncounted: ReadonlySet<string>) => {
      const uid = p.metadata.uid!;
      if (!hasTrackingFinalizer(p) || uncounted.has(uid) || expectedRmFinalizers.has(uid)) return false;
      if (!isIndexedJob(job)) return true;
      const ix = getCompletionIndex(p);
      return ix !== UNKNOWN_COMPLETION_INDEX && ix < (completions ?? 0);
    };
    const newSucceeded = pods.filter((p) => countable(p, uncountedSucceeded) && p.status?.phase === 'Succeeded');
    const newFailed = pods.filter((p) => countable(p, uncountedFailed) && isPodFailed(p, job));
    const ctx: SyncJobContext = {
      key, job, pods, activePods, expectedRmFinalizers,
      uncounted: { succeeded: uncountedSucceeded, failed: uncountedFailed },
      succeeded: (status.succeeded ?? 0) + newSucceeded.length + uncountedSucceeded.size,
      failed: (status.failed ?? 0) + newFailed.length + uncountedFailed.size,
      terminating: pods.filter(isPodTerminating).length,
      ready: activePods.filter(isPodReady).length,
      prevSucceededIndexes: OrderedIntervals.empty(), succeededIndexes: OrderedIntervals.empty(),
      newBackoffRecord: d.backoff.newBackoffRecord(key, { newSucceeded, newFailed, nowMs }),
    };
    let active = activePods.length;
    // The first start; a suspended Job has not started.
    if (!status.startTime && !jobSuspended(job)) status.startTime = rfc3339(nowMs);

    const failure = (reason: string, message: string) => newJobCondition('FailureTarget', 'True', { reason, message, nowMs });
    // Success already decided in an earlier sync stays decided (hasSuccessCriteriaMetCondition).
    const met = findJobCondition(status.conditions, 'SuccessCriteriaMet');
    ctx.finishedCondition = met?.status === 'True' ? met : undefined;
    if (!ctx.finishedCondition) {
      const target = findJobCondition(status.conditions, 'FailureTarget');
      if (target?.status === 'True') ctx.finishedCondition = newJobCondition('Failed', 'True', { reason: target.reason, message: target.message, nowMs });
    }
    if (!ctx.finishedCondition) {
      const deadline = job.spec?.activeDeadlineSeconds;
      const runningMs = status.startTime ? nowMs - Date.parse(status.startTime) : 0;
      if (ctx.failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
        ctx.finishedCondition = failure('BackoffLimitExceeded', 'Job has reached the specified backoff limit');
      } else if (deadline !== undefined && deadline !== null && status.startTime && !jobSuspended(job) && runningMs >= deadline * 1000) {
        ctx.finishedCondition = failure('DeadlineExceeded', 'Job was active longer than specified deadline');
      } else if (deadline !== undefined && deadline !== null && !jobSuspended(job)) {
        d.enqueueAfter(key, deadline * 1000 - runningMs);
      }
    }
    if (isIndexedJob(job)) {
      const { prev, all } = calculateSucceededIndexes(status.completedIndexes, pods, completions ?? 0);
      ctx.prevSucceededIndexes = prev;
      ctx.succeededIndexes = all;
      ctx.succeeded = all.total();
    }

    let suspendChanged = false;
    let manageError: unknown;
    if (ctx.finishedCondition) {
      const r = await deleteActivePods(ctx, d);
      // Pods still running, or not yet in the cache: the Job cannot be declared finished yet.
      if (r.removed !== active || !satisfied) ctx.finishedCondition = undefined;
      active -= r.removed;
      ctx.terminating += r.removed;
      ctx.ready -= r.removedReady;
      manageError = r.error;
    } else {
      let managed = false;
      if (satisfied && !job.metadata.deletionTimestamp) {
        const r = await manageJob(ctx, d);
        active = r.active;
        manageError = r.error;
        managed = true;
      }
      const complete = completions === undefined || completions === null
        ? ctx.succeeded > 0 && active === 0 // any success ends a Job without completions, once the rest finished
        : ctx.succeeded >= completions && active === 0;
      if (complete) {
        ctx.finishedCondition = newJobCondition('SuccessCriteriaMet', 'True', { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', nowMs });
      } else if (managed) {
        // Only a sync that managed pods may change the Suspended condition.
        const suspended = jobSuspended(job);
        const r = ensureJobConditionStatus(status.conditions, suspended
          ? { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', nowMs }
          : { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed', nowMs });
        status.conditions = r.conditions;
        if (r.changed) {
          suspendChanged = true;
          d.recorder.event(job, 'Normal', suspended ? 'Suspended' : 'Resumed', suspended ? 'Job suspended' : 'Job resumed');
          // activeDeadlineSeconds counts continuous activity: a resumed Job starts again now.
          if (!suspended) status.startTime = rfc3339(nowMs);
        }
      }
    }

    const needsFlush = suspendChanged || active !== (status.active ?? 0) || ctx.ready !== status.ready || ctx.terminating !== status.terminating;
    status.active = active;
    status.ready = ctx.ready;
    status.terminating = ctx.terminating;
    await trackJobStatusAndRemoveFinalizers(ctx, d, { needsFlush });
    if (manageError !== undefined) throw manageError;
  }
}
