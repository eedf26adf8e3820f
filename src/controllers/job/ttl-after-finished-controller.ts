/**
 * The TTL-after-finished controller (kube-controller-manager's "ttl-after-finished" controller,
 * pkg/controller/ttlafterfinished): a finished Job with spec.ttlSecondsAfterFinished is deleted
 * that many seconds after its Complete or Failed condition's lastTransitionTime. Before deleting,
 * the Job is read again from the API server (the cache may hold an old TTL or an unfinished
 * state) and the delete carries its uid as a precondition, with foreground propagation so its
 * pods go first. Until then it is requeued for the moment it expires, on the injected clock.
 */
import type { Client } from '../../client/client.ts';
import { Controller } from '../../controller/controller.ts';
import { type Informer, keyOf, splitKey } from '../../controller/informer.ts';
import type { ReconcileResult, Reconciler } from '../../controller/reconciler.ts';
import type { Clock } from '../../util/clock.ts';
import type { ControllerDeps } from '../common/controller-deps.ts';
import { isJobFinished, jobFinishedCondition } from './job-conditions.ts';
import { JOBS, type Job } from './job-types.ts';

/** needsCleanup: a TTL is set and the Job has finished. */
export function needsCleanup(job: Job): boolean {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  return ttl !== undefined && ttl !== null && isJobFinished(job);
}

/** The Job's time left before deletion in ms (≤ 0 when expired), or an Error when its finish time is unknown. */
export function timeLeftMs(job: Job, nowMs: number): number | Error {
  const finishedAt = jobFinishedCondition(job)?.lastTransitionTime;
  const finishMs = finishedAt ? Date.parse(finishedAt) : NaN;
  if (Number.isNaN(finishMs)) return new Error(`unable to find the time when the Job ${job.metadata.namespace}/${job.metadata.name} finished`);
  // A finish time in the future means clock skew: the cleanup waits rather than deleting early.
  return finishMs + (job.spec?.ttlSecondsAfterFinished ?? 0) * 1000 - nowMs;
}

export function newTTLAfterFinishedController(deps: ControllerDeps): Controller {
  const jobs = deps.informers.informerFor(JOBS);
  const reconciler = new TTLAfterFinishedReconciler({ client: deps.client, clock: deps.clock, jobs });
  const controller = new Controller({ name: 'ttl-after-finished-controller', reconciler, clock: deps.clock, workers: deps.workers ?? 5 });
  const enqueue = (job: Job) => { if (needsCleanup(job)) controller.enqueue(keyOf(job)); };
  jobs.addEventHandler({ onAdd: (j) => enqueue(j as Job), onUpdate: (_, j) => enqueue(j as Job) });
  return controller;
}

class TTLAfterFinishedReconciler implements Reconciler {
  constructor(private readonly o: { client: Client; clock: Clock; jobs: Informer }) {}

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const cached = this.o.jobs.get(key) as Job | undefined;
    if (!cached || !needsCleanup(cached)) return;
    const left = timeLeftMs(cached, this.o.clock.now());
    if (left instanceof Error) throw left;
    if (left > 0) return { requeueAfterMs: left };
    // The cache may be stale (TTL changed, Job re-created): decide again on a fresh read.
    const { namespace, name } = splitKey(key);
    const api = this.o.client.resource(JOBS).namespace(namespace!);
    let fresh: Job;
    try {
      fresh = await api.get(name) as Job;
    } catch (e) {
      if ((e as { code?: number }).code === 404) return;
      throw e;
    }
    if (!needsCleanup(fresh)) return;
    const freshLeft = timeLeftMs(fresh, this.o.clock.now());
    if (freshLeft instanceof Error) throw freshLeft;
    if (freshLeft > 0) return { requeueAfterMs: freshLeft };
    try {
      await api.delete(name, { propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata.uid } });
    } catch (e) {
      if ((e as { code?: number }).code !== 404) throw e;
    }
  }
}
