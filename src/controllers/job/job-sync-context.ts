/**
 * What one Job sync works with (kube-controller-manager's syncJobCtx) and the dependencies the
 * sync steps share, plus the pod predicates and the status write the steps have in common.
 * Feature gates are kube 1.32's defaults: JobPodReplacementPolicy, JobManagedBy and
 * JobSuccessPolicy on, so terminating pods are counted and terminal conditions are delayed
 * behind FailureTarget / SuccessCriteriaMet until no pod is left running or terminating.
 */
import type { Client } from '../../client/client.ts';
import type { EventRecorder } from '../../controller/event-recorder.ts';
import type { Clock } from '../../util/clock.ts';
import type { ControllerExpectations } from '../common/expectations.ts';
import type { Pod } from '../common/workload-types.ts';
import type { BackoffRecord, BackoffStore } from './backoff-store.ts';
import type { FinalizerExpectations } from './finalizer-expectations.ts';
import type { OrderedIntervals } from './indexed-job.ts';
import type { JobPods } from './job-pods.ts';
import { JOB_KIND, JOBS, type Job, type JobCondition, type JobStatus, type UncountedTerminatedPods } from './job-types.ts';

/** as kube's MaxUncountedPods: keeps status.uncountedTerminatedPods around 20 KB. */
export const MAX_UNCOUNTED_PODS = 500;
/** as kube's MaxPodCreateDeletePerSync */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

export interface JobSyncDeps {
  readonly client: Client;
  readonly clock: Clock;
  readonly recorder: EventRecorder;
  readonly pods: JobPods;
  readonly expectations: ControllerExpectations;
  readonly finalizerExpectations: FinalizerExpectations;
  readonly backoff: BackoffStore;
  /** Looks at the Job again after `delayMs` (an earlier pending look wins). */
  readonly enqueueAfter: (key: string, delayMs: number) => void;
  /** The batching delay for pod-driven syncs (kube's syncJobBatchPeriod). */
  readonly syncBatchPeriodMs: number;
}

/** A Job copy being synced: its status and uncounted lists exist. */
export type WorkingJob = Job & { status: JobStatus & { uncountedTerminatedPods: UncountedTerminatedPods } };

export interface SyncJobContext {
  readonly key: string;
  job: WorkingJob;
  readonly pods: Pod[];
  readonly activePods: Pod[];
  finishedCondition?: JobCondition;
  succeeded: number;
  failed: number;
  prevSucceededIndexes: OrderedIntervals;
  succeededIndexes: OrderedIntervals;
  newBackoffRecord: BackoffRecord;
  readonly expectedRmFinalizers: ReadonlySet<string>;
  /** The uncounted uids as the sync started. */
  readonly uncounted: { readonly succeeded: ReadonlySet<string>; readonly failed: ReadonlySet<string> };
  terminating: number;
  ready: number;
}

export const isIndexedJob = (job: Job) => job.spec?.completionMode === 'Indexed';

export const jobSuspended = (job: Job) => job.spec?.suspend === true;

/** onlyReplaceFailedPods: podReplacementPolicy Failed (or a podFailurePolicy) waits for pods to fail, not just terminate. */
export const onlyReplaceFailedPods = (job: Job) => job.spec?.podReplacementPolicy === 'Failed' || (job.spec?.podFailurePolicy !== undefined && job.spec.podFailurePolicy !== null);

/** controller.IsPodTerminating: being deleted and not yet Succeeded or Failed. */
export const isPodTerminating = (p: Pod) => !!p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

/** isPodFailed: Failed, or — unless only failed pods are replaced — deleted before succeeding. */
export function isPodFailed(p: Pod, job: Job): boolean {
  if (p.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded';
}

/** The status as Go marshals batchv1.JobStatus: zero counters and empty lists omitted, ready/terminating/uncounted always. */
export function jobStatusWire(s: WorkingJob['status']): JobStatus {
  const out: JobStatus = {};
  if (s.conditions?.length) out.conditions = s.conditions;
  if (s.startTime) out.startTime = s.startTime;
  if (s.completionTime) out.completionTime = s.completionTime;
  if (s.active) out.active = s.active;
  if (s.succeeded) out.succeeded = s.succeeded;
  if (s.failed) out.failed = s.failed;
  out.terminating = s.terminating ?? 0;
  if (s.completedIndexes) out.completedIndexes = s.completedIndexes;
  if (s.failedIndexes !== undefined) out.failedIndexes = s.failedIndexes;
  const u = s.uncountedTerminatedPods;
  out.uncountedTerminatedPods = {};
  if (u.succeeded?.length) out.uncountedTerminatedPods.succeeded = u.succeeded;
  if (u.failed?.length) out.uncountedTerminatedPods.failed = u.failed;
  out.ready = s.ready ?? 0;
  return out;
}

/** A working copy of a cached Job. */
export function workingJob(job: Job): WorkingJob {
  const copy = structuredClone(job);
  const status = copy.status ?? {};
  const u = status.uncountedTerminatedPods ?? {};
  return { ...copy, apiVersion: JOB_KIND.apiVersion, kind: JOB_KIND.kind, status: { ...status, uncountedTerminatedPods: { succeeded: [...(u.succeeded ?? [])], failed: [...(u.failed ?? [])] } } };
}

/** updateJobStatus: a PUT of the status subresource; the answer becomes the new working copy. */
export async function updateJobStatus(job: WorkingJob, deps: Pick<JobSyncDeps, 'client'>): Promise<WorkingJob> {
  const body = { ...job, status: jobStatusWire(job.status) };
  const updated = await deps.client.resource(JOBS).namespace(job.metadata.namespace!).update(body, { subresource: 'status' }) as Job;
  return workingJob(updated);
}
