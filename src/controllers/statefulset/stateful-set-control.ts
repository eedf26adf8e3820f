/**
 * The StatefulSet update algorithm, after kube-controller-manager 1.32's defaultStatefulSetControl
 * (pkg/controller/statefulset/stateful_set_control.go):
 *  - revisions: the update revision is the set's template (created, or an equal older one
 *    renumbered — a rollback); the current revision is status.currentRevision's;
 *  - pods with an ordinal in range are replicas, others are condemned;
 *  - OrderedReady (monotonic): replicas are processed by ascending ordinal and the sync stops at
 *    the first pod it creates or that is not Running, Ready and available; then condemned pods
 *    are deleted from the highest ordinal, one at a time, only while all others are healthy.
 *    Parallel: every replica and every condemned pod at once, in slow-start batches;
 *  - RollingUpdate: the highest-ordinal pod at or above the partition whose revision is old is
 *    deleted (the next sync re-creates it at the update revision), one at a time, waiting for
 *    each to become healthy; OnDelete leaves pods until the user deletes them.
 * MaxUnavailableStatefulSet is off in 1.32, so rolling updates take one pod at a time.
 */
import type { Client } from '../../client/client.ts';
import type { Informer } from '../../controller/informer.ts';
import { labelSelectorAsSelector } from '../../api/selector/label-selector.ts';
import { getControllerOf } from '../common/controller-ref.ts';
import type { Pod } from '../common/workload-types.ts';
import { CONTROLLER_REVISIONS } from '../daemonset/daemon-set-types.ts';
import {
  applyRevision, type ControllerRevision, createControllerRevision, equalRevision, newRevision, nextRevision, sortControllerRevisions,
} from './controller-history.ts';
import type { StatefulPodControl } from './stateful-pod-control.ts';
import { countReplicas, updateStatefulSetStatus } from './stateful-set-status.ts';
import {
  allowsBurst, endOrdinal, getOrdinal, getPodRevision, identityMatches, isCreated, isFailed, isHealthy, isPending, isRunningAndAvailable,
  isRunningAndReady, isSucceeded, isTerminating, newVersionedStatefulSetPod, podInOrdinalRange, startOrdinal, storageMatches,
} from './stateful-set-utils.ts';
import type { StatefulSet, StatefulSetStatus } from './stateful-set-types.ts';

/** as kube's MaxBatchSize for Parallel slow-start batches. */
const MAX_BATCH_SIZE = 500;

export interface StatefulSetControlDeps {
  readonly client: Client;
  readonly podControl: StatefulPodControl;
  readonly revisionInformer: Informer;
  readonly setInformer: Informer;
  readonly nowMs: () => number;
}

/** ListRevisions: revisions the selector matches that this set controls or nobody does. */
export function listRevisions(set: StatefulSet, revisionInformer: Informer): ControllerRevision[] {
  const selector = labelSelectorAsSelector(set.spec?.selector);
  return (revisionInformer.list(set.metadata.namespace) as ControllerRevision[]).filter((r) => {
    if (!selector.matches(r.metadata.labels)) return false;
    const ref = getControllerOf(r);
    return !ref || ref.uid === set.metadata.uid;
  });
}

/**
 * runForAll: monotonic — in order, stopping at the first step that blocks or fails; otherwise
 * slow-start batches of concurrent steps, stopping after a batch with a failure.
 */
async function runForAll(count: number, fn: (i: number) => Promise<boolean>, monotonic: boolean): Promise<boolean> {
  if (monotonic) {
    for (let i = 0; i < count; i++) if (await fn(i)) return true;
    return false;
  }
  let next = 0;
  for (let batch = Math.min(1, count); batch > 0; batch = Math.min(2 * batch, count - next, MAX_BATCH_SIZE)) {
    const indexes = Array.from({ length: batch }, () => next++);
    const results = await Promise.allSettled(indexes.map((i) => fn(i)));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length === 1) throw failed[0].reason;
    if (failed.length > 1) throw new AggregateError(failed.map((f) => f.reason), failed.map((f) => (f.reason as Error).message).join('; '));
  }
  return false;
}

export class StatefulSetControl {
  constructor(private readonly d: StatefulSetControlDeps) {}

  /** UpdateStatefulSet: returns the status written (undefined when the sync failed before computing one). */
  async updateStatefulSet(input: StatefulSet, pods: readonly Pod[]): Promise<StatefulSetStatus | undefined> {
    const set = structuredClone(input);
    const revisions = sortControllerRevisions(listRevisions(set, this.d.revisionInformer));
    const r = await this.performUpdate(set, pods, revisions);
    // The history is trimmed whatever happened (kube aggregates both errors).
    await this.truncateHistory(set, pods, revisions, r);
    if (r.error !== undefined) throw r.error;
    return r.status;
  }

  private async performUpdate(set: StatefulSet, pods: readonly Pod[], revisions: ControllerRevision[]): Promise<{ current?: ControllerRevision; update?: ControllerRevision; status?: StatefulSetStatus; error?: unknown }> {
    let rev: { current: ControllerRevision; update: ControllerRevision; collisionCount: number };
    try {
      rev = await this.getStatefulSetRevisions(set, revisions);
    } catch (error) {
      return { error };
    }
    const { status, error } = await this.sync(set, rev, pods);
    // The latest status is written even when the sync failed part way.
    try {
      await updateStatefulSetStatus(set, status, { client: this.d.client, setInformer: this.d.setInformer });
    } catch (statusError) {
      return { ...rev, status, error: error ?? statusError };
    }
    return { ...rev, status, error };
  }

  /** getStatefulSetRevisions */
  private async getStatefulSetRevisions(set: StatefulSet, revisions: ControllerRevision[]): Promise<{ current: ControllerRevision; update: ControllerRevision; collisionCount: number }> {
    let collisionCount = set.status?.collisionCount ?? 0;
    let update = newRevision(set, nextRevision(revisions), collisionCount);
    const equal = revisions.filter((r) => equalRevision(r, update));
    if (equal.length > 0 && revisions.at(-1) === equal.at(-1)) {
      // The latest revision already holds this template: nothing changed.
      update = revisions.at(-1)!;
    } else if (equal.length > 0) {
      // An older revision holds it: a rollback, renumbered to be the latest.
      const api = this.d.client.resource(CONTROLLER_REVISIONS).namespace(set.metadata.namespace!);
      update = await api.update({ ...equal.at(-1)!, revision: update.revision }) as ControllerRevision;
    } else {
      ({ revision: update, collisionCount } = await createControllerRevision(this.d.client, update, collisionCount));
    }
    const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    return { current, update, collisionCount };
  }

  /** truncateHistory: delete the oldest revisions that are neither current, update, nor on a pod, beyond revisionHistoryLimit. */
  private async truncateHistory(set: StatefulSet, pods: readonly Pod[], revisions: readonly ControllerRevision[], live: { current?: ControllerRevision; update?: ControllerRevision }): Promise<void> {
    const names = new Set([live.current?.metadata.name, live.update?.metadata.name, ...pods.map(getPodRevision)]);
    const history = revisions.filter((r) => !names.has(r.metadata.name));
    const limit = set.spec?.revisionHistoryLimit ?? 10;
    const api = this.d.client.resource(CONTROLLER_REVISIONS).namespace(set.metadata.namespace!);
    for (const r of history.slice(0, Math.max(0, history.length - limit))) {
      try {
        await api.delete(r.metadata.name!);
      } catch (e) {
        if ((e as { code?: number }).code !== 404) throw e;
      }
    }
  }

  /** updateStatefulSet (the pod part): the status to write, and what stopped the sync if anything did. */
  private async sync(set: StatefulSet, rev: { current: ControllerRevision; update: ControllerRevision; collisionCount: number }, pods: readonly Pod[]): Promise<{ status: StatefulSetStatus; error?: unknown }> {
    const { podControl } = this.d;
    const currentSet = applyRevision(set, rev.current);
    const updateSet = applyRevision(set, rev.update);
    const minReadySeconds = set.spec?.minReadySeconds ?? 0;
    const counting = { minReadySeconds, nowMs: this.d.nowMs(), currentRevision: rev.current.metadata.name!, updateRevision: rev.update.metadata.name! };
    const status: StatefulSetStatus = {
      replicas: 0, availableReplicas: 0, observedGeneration: set.metadata.generation,
      currentRevision: rev.current.metadata.name, updateRevision: rev.update.metadata.name, collisionCount: rev.collisionCount,
    };
    countReplicas(status, counting, pods);

    const start = startOrdinal(set);
    const replicas: Pod[] = new Array<Pod>(Math.max(0, endOrdinal(set) - start + 1));
    const condemned: Pod[] = [];
    for (const pod of pods) {
      if (podInOrdinalRange(pod, set)) replicas[getOrdinal(pod) - start] = pod;
      else if (getOrdinal(pod) >= 0) condemned.push(pod);
    }
    const newPod = (ordinal: number) => newVersionedStatefulSetPod({ currentSet, updateSet, currentRevision: rev.current.metadata.name!, updateRevision: rev.update.metadata.name!, ordinal });
    for (let i = 0; i < replicas.length; i++) replicas[i] ??= newPod(start + i);
    condemned.sort((a, b) => getOrdinal(b) - getOrdinal(a));
    const firstUnhealthy = replicas.find((p) => !isHealthy(p)) ?? [...condemned].reverse().find((p) => !isHealthy(p));

    const done = (error?: unknown) => {
      countReplicas(status, counting, replicas, condemned);
      return { status, error };
    };
    // Being deleted: nothing but status.
    if (set.metadata.deletionTimestamp) return { status };
    const monotonic = !allowsBurst(set);
    const available = (p: Pod) => isRunningAndAvailable(p, { minReadySeconds, nowMs: counting.nowMs });

    const processReplica = async (i: number): Promise<boolean> => {
      const pod = replicas[i];
      if (isFailed(pod) || isSucceeded(pod)) {
        // A finished pod is deleted; the next sync, after it is gone, creates it again.
        if (!pod.metadata.deletionTimestamp) await podControl.deleteStatefulPod(set, pod);
        return true;
      }
      if (!isCreated(pod)) {
        // A claim still owned by an earlier pod of this name must be deleted before the pod is re-created.
        if (podControl.podClaimIsStale(set, pod)) return true;
        await podControl.createStatefulPod(set, pod);
        if (monotonic) return true;
      }
      if (isPending(pod)) await podControl.createMissingClaims(set, pod);
      if (monotonic && (isTerminating(pod) || !isRunningAndReady(pod) || !available(pod))) return true;
      if (identityMatches(set, pod) && storageMatches(set, pod) && podControl.claimsMatchRetentionPolicy(updateSet, pod)) return false;
      await podControl.updateStatefulPod(updateSet, pod);
      return false;
    };
    try {
      if (await runForAll(replicas.length, processReplica, monotonic)) return done();
      // Condemned pods get the claim references their scale-down calls for.
      const fixClaims = async (i: number) => {
        if (!podControl.claimsMatchRetentionPolicy(updateSet, condemned[i])) await podControl.updatePodClaimForRetentionPolicy(updateSet, condemned[i]);
        return false;
      };
      if (await runForAll(condemned.length, fixClaims, monotonic)) return done();
      // Only now, with every replica Running, Ready and available (monotonic), may pods be terminated.
      const processCondemned = async (i: number): Promise<boolean> => {
        const pod = condemned[i];
        if (isTerminating(pod)) return monotonic;
        if (monotonic && pod !== firstUnhealthy && (!isRunningAndReady(pod) || !available(pod))) return true;
        await podControl.deleteStatefulPod(set, pod);
        return true;
      };
      if (await runForAll(condemned.length, processCondemned, monotonic)) return done();
    } catch (e) {
      return done(e);
    }
    done();
    if (set.spec?.updateStrategy?.type === 'OnDelete') return { status };

    const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    for (let target = replicas.length - 1; target >= partition; target--) {
      const pod = replicas[target];
      if (getPodRevision(pod) !== rev.update.metadata.name && !isTerminating(pod)) {
        let error: unknown;
        try {
          await podControl.deleteStatefulPod(set, pod);
        } catch (e) {
          if ((e as { code?: number }).code !== 404) error = e;
        }
        status.currentReplicas = (status.currentReplicas ?? 0) - 1;
        return { status, error };
      }
      // Wait for the updated pod to become healthy before touching the next.
      if (!isHealthy(pod)) return { status };
    }
    return { status };
  }
}
