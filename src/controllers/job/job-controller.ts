/**
 * The Job controller (kube-controller-manager's "job" controller). Event handlers, after
 * addPod/updatePod/deletePod and addJob/updateJob/deleteJob (pkg/controller/job): Job spec
 * changes sync at once; pod events and status-only Job updates sync after the batching period
 * (kube's syncJobBatchPeriod, 1s), so a burst of pod changes costs one sync; observed pod
 * creations, deletions and finalizer removals settle the expectations; pods that lost their Job
 * while holding its tracking finalizer are queued to have it removed.
 */
import { labelSelectorAsSelector } from '../../api/selector/label-selector.ts';
import { Controller } from '../../controller/controller.ts';
import { keyOf } from '../../controller/informer.ts';
import { type ControllerDeps, recorderFor } from '../common/controller-deps.ts';
import { getControllerOf, isControlledBy } from '../common/controller-ref.ts';
import { ControllerExpectations } from '../common/expectations.ts';
import { PODS } from '../common/pod-control.ts';
import type { Pod } from '../common/workload-types.ts';
import { BackoffStore } from './backoff-store.ts';
import { FinalizerExpectations } from './finalizer-expectations.ts';
import { isJobFinished } from './job-conditions.ts';
import { hasTrackingFinalizer, JobPods } from './job-pods.ts';
import { JobReconciler, ORPHAN_POD_PREFIX } from './job-reconciler.ts';
import { JOB_KIND, JOBS, type Job } from './job-types.ts';

/** as kube's syncJobBatchPeriod */
export const SYNC_JOB_BATCH_PERIOD_MS = 1000;

export interface JobControllerOptions {
  /** Delay of pod-driven syncs. @default {@link SYNC_JOB_BATCH_PERIOD_MS} */
  readonly syncBatchPeriodMs?: number;
}

export function newJobController(deps: ControllerDeps, options: JobControllerOptions = {}): Controller {
  const jobInformer = deps.informers.informerFor(JOBS);
  const podInformer = deps.informers.informerFor(PODS);
  const recorder = recorderFor(deps, 'job-controller');
  const expectations = new ControllerExpectations({ clock: deps.clock });
  const finalizerExpectations = new FinalizerExpectations();
  const syncBatchPeriodMs = options.syncBatchPeriodMs ?? SYNC_JOB_BATCH_PERIOD_MS;
  // The reconciler schedules later looks on the controller's queue, which exists only after it.
  const later: { queue?: Controller['queue'] } = {};
  const reconciler = new JobReconciler({
    client: deps.client, clock: deps.clock, recorder, expectations, finalizerExpectations, jobInformer, podInformer,
    pods: new JobPods({ client: deps.client, recorder }),
    backoff: new BackoffStore(), syncBatchPeriodMs,
    enqueueAfter: (key, ms) => later.queue?.addAfter(key, ms),
  });
  const c = new Controller({ name: 'job-controller', reconciler, clock: deps.clock, workers: deps.workers ?? 5 });
  later.queue = c.queue;
  const now = (key: string) => c.enqueue(key);
  const batched = (key: string) => c.queue.addAfter(key, syncBatchPeriodMs);
  const enqueueOrphan = (pod: Pod) => c.enqueue(`${ORPHAN_POD_PREFIX}${keyOf(pod)}`);

  const resolve = (pod: Pod): Job | undefined => {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== JOB_KIND.kind) return undefined;
    const job = jobInformer.get(`${pod.metadata.namespace}/${ref.name}`) as Job | undefined;
    return job && job.metadata.uid === ref.uid ? job : undefined;
  };
  /** JobLister.GetPodJobs: Jobs whose selector matches an orphan. */
  const matchingJobs = (pod: Pod): Job[] => (jobInformer.list(pod.metadata.namespace) as Job[]).filter((j) => {
    try {
      const s = labelSelectorAsSelector(j.spec?.selector);
      return !s.isEmpty() && s.matches(pod.metadata.labels);
    } catch {
      return false;
    }
  });
  /** cleanupPodFinalizers: a finished or deleted Job's pods that still hold its finalizer. */
  const cleanupPodFinalizers = (job: Job) => {
    for (const pod of podInformer.list(job.metadata.namespace) as Pod[]) if (isControlledBy(pod, job) && hasTrackingFinalizer(pod)) enqueueOrphan(pod);
  };

  const deletePod = (pod: Pod, final: boolean) => {
    const hasFinalizer = hasTrackingFinalizer(pod);
    if (!getControllerOf(pod)) {
      // Perhaps the garbage collector removed the reference: the finalizer must still go.
      if (hasFinalizer) enqueueOrphan(pod);
      return;
    }
    const job = resolve(pod);
    if (!job || isJobFinished(job)) {
      if (hasFinalizer) enqueueOrphan(pod);
      return;
    }
    const key = keyOf(job);
    expectations.deletionObserved(key);
    if (final || !hasFinalizer) finalizerExpectations.finalizerRemovalObserved(key, pod.metadata.uid!);
    batched(key);
  };

  podInformer.addEventHandler({
    onAdd: (obj) => {
      const pod = obj as Pod;
      // After a restart a pod may first appear already being deleted: not a creation.
      if (pod.metadata.deletionTimestamp) { deletePod(pod, false); return; }
      if (getControllerOf(pod)) {
        const job = resolve(pod);
        if (!job) return;
        expectations.creationObserved(keyOf(job));
        batched(keyOf(job));
        return;
      }
      if (hasTrackingFinalizer(pod)) enqueueOrphan(pod);
      for (const job of matchingJobs(pod)) batched(keyOf(job));
    },
    onUpdate: (oldObj, curObj) => {
      const old = oldObj as Pod;
      const cur = curObj as Pod;
      if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
      if (cur.metadata.deletionTimestamp) { deletePod(cur, false); return; }
      const finalizerRemoved = !hasTrackingFinalizer(cur);
      const curRef = getControllerOf(cur);
      const oldRef = getControllerOf(old);
      const refChanged = JSON.stringify(curRef) !== JSON.stringify(oldRef);
      if (refChanged && oldRef) {
        const job = resolve(old);
        if (job) {
          if (finalizerRemoved) finalizerExpectations.finalizerRemovalObserved(keyOf(job), cur.metadata.uid!);
          batched(keyOf(job));
        }
      }
      if (curRef) {
        const job = resolve(cur);
        if (!job) return;
        if (finalizerRemoved) finalizerExpectations.finalizerRemovalObserved(keyOf(job), cur.metadata.uid!);
        batched(keyOf(job));
        return;
      }
      if (hasTrackingFinalizer(cur)) enqueueOrphan(cur);
      const labelsChanged = JSON.stringify(cur.metadata.labels ?? {}) !== JSON.stringify(old.metadata.labels ?? {});
      if (labelsChanged || refChanged) for (const job of matchingJobs(cur)) batched(keyOf(job));
    },
    onDelete: (obj) => deletePod(obj as Pod, true),
  });

  jobInformer.addEventHandler({
    onAdd: (job) => now(keyOf(job)),
    onUpdate: (oldObj, curObj) => {
      const old = oldObj as Job;
      const cur = curObj as Job;
      const key = keyOf(cur);
      // A spec change syncs now; status updates (mostly our own, driven by pods) are batched.
      if (cur.metadata.generation === old.metadata.generation) batched(key); else now(key);
      // Pod finalizers must not outlive a finished Job; this is the backup path.
      if (isJobFinished(cur)) cleanupPodFinalizers(cur);
      const deadline = cur.spec?.activeDeadlineSeconds;
      if (cur.status?.startTime && deadline !== undefined && deadline !== null && deadline !== old.spec?.activeDeadlineSeconds) {
        c.queue.addAfter(key, deadline * 1000 - (deps.clock.now() - Date.parse(cur.status.startTime)));
      }
    },
    onDelete: (job) => {
      now(keyOf(job));
      cleanupPodFinalizers(job as Job);
    },
  });
  return c;
}
