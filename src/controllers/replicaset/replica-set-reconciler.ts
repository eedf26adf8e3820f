/**
 * The ReplicaSet sync, after kube-controller-manager's ReplicaSetController.syncReplicaSet and
 * manageReplicas (pkg/controller/replicaset/replica_set.go), written once for ReplicaSets and
 * ReplicationControllers ({@link ReplicaSetKind}). A sync claims the active pods the selector
 * matches (adopting orphans, releasing pods that no longer match), then — only when the
 * expectations of the previous sync were observed and the set is not being deleted — creates or
 * deletes pods to reach spec.replicas, and finally writes status.
 */
import { type LabelSelector } from '../../api/selector/label-selector.ts';
import type { Client } from '../../client/client.ts';
import { type Informer, splitKey } from '../../controller/informer.ts';
import type { ReconcileResult, Reconciler } from '../../controller/reconciler.ts';
import type { Clock } from '../../util/clock.ts';
import { claimObjects, freshControllerCheck } from '../common/controller-ref-manager.ts';
import { getControllerOf, newControllerRef, objectKey, withTypeMeta } from '../common/controller-ref.ts';
import type { UIDTrackingControllerExpectations } from '../common/expectations.ts';
import { filterActivePods } from '../common/pod-availability.ts';
import { isNamespaceTerminating, PODS, type PodControl } from '../common/pod-control.ts';
import { slowStartBatch } from '../common/slow-start-batch.ts';
import type { Pod, ReplicaSet } from '../common/workload-types.ts';
import { getPodsToDelete } from './pods-to-delete.ts';
import type { ReplicaSetKind } from './replica-set-kind.ts';
import { calculateReplicaSetStatus, updateReplicaSetStatus } from './replica-set-status.ts';

/** as kube's BurstReplicas: at most this many pods are created or deleted per sync. */
export const BURST_REPLICAS = 500;

export interface ReplicaSetReconcilerOptions {
  readonly kind: ReplicaSetKind;
  readonly client: Client;
  readonly clock: Clock;
  readonly rsInformer: Informer;
  readonly podInformer: Informer;
  readonly podControl: PodControl;
  readonly expectations: UIDTrackingControllerExpectations;
  /** @default {@link BURST_REPLICAS} */
  readonly burstReplicas?: number;
}

export class ReplicaSetReconciler implements Reconciler {
  private readonly burstReplicas: number;

  constructor(private readonly o: ReplicaSetReconcilerOptions) {
    this.burstReplicas = o.burstReplicas ?? BURST_REPLICAS;
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { kind, expectations } = this.o;
    const cached = this.o.rsInformer.get(key) as ReplicaSet | undefined;
    if (!cached) {
      expectations.deleteExpectations(key);
      return;
    }
    const rs = withTypeMeta(cached, kind);
    const needsSync = expectations.satisfiedExpectations(key);
    let selector: LabelSelector;
    try {
      selector = kind.selectorOf(rs);
    } catch (e) {
      // as kube: an invalid selector is logged and not retried; a spec change enqueues again.
      console.error(`${kind.controllerName}: ${key}: invalid pod selector: ${(e as Error).message}`);
      return;
    }
    const { namespace } = splitKey(key);
    const active = filterActivePods(this.o.podInformer.list(namespace) as Pod[]);
    const pods = await claimObjects(active, {
      client: this.o.client, resource: PODS, controller: rs, controllerKind: kind, selector,
      canAdopt: freshControllerCheck({ client: this.o.client, resource: kind.resource, controller: rs, kind: kind.kind }),
    });

    let manageError: unknown;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      try {
        await this.manageReplicas(key, { rs, pods });
      } catch (e) {
        manageError = e;
      }
    }
    const status = calculateReplicaSetStatus(rs, pods, { manageError, clock: this.o.clock });
    const updated = await updateReplicaSetStatus({ client: this.o.client, kind, rs, status });
    if (manageError !== undefined) throw manageError;
    // as kube: resync after minReadySeconds as a last line of defence against clock skew.
    const replicas = updated.spec?.replicas ?? 1;
    const minReadySeconds = updated.spec?.minReadySeconds ?? 0;
    if (minReadySeconds > 0 && (updated.status?.readyReplicas ?? 0) === replicas && (updated.status?.availableReplicas ?? 0) !== replicas) {
      return { requeueAfterMs: minReadySeconds * 1000 };
    }
  }

  /** Creates or deletes pods so that `pods` (active, owned) reaches spec.replicas. */
  private async manageReplicas(key: string, input: { rs: ReplicaSet; pods: Pod[] }): Promise<void> {
    const { rs, pods } = input;
    const { expectations, podControl, kind } = this.o;
    let diff = pods.length - (rs.spec?.replicas ?? 1);
    if (diff < 0) {
      diff = Math.min(-diff, this.burstReplicas);
      // Expect the creations before making them: their watch events may arrive before we return.
      expectations.expectCreations(key, diff);
      const controllerRef = newControllerRef(rs, kind);
      const template = rs.spec?.template ?? {};
      const { successes, error } = await slowStartBatch(diff, async () => {
        try {
          await podControl.createPod(template, { owner: rs, controllerRef });
        } catch (e) {
          // Nothing can be created in a terminating namespace; that is not a failure to report.
          if (!isNamespaceTerminating(e)) throw e;
        }
      });
      // Pods never attempted will never be observed: stop expecting them.
      for (let skipped = diff - successes; skipped > 0; skipped--) expectations.creationObserved(key);
      if (error !== undefined) throw error;
      return;
    }
    if (diff > 0) {
      diff = Math.min(diff, this.burstReplicas);
      const related = this.indirectlyRelatedPods(rs);
      const victims = getPodsToDelete(pods, related, { diff, nowMs: this.o.clock.now() });
      // Snapshot which pods must go, so each deletion is counted once however it is observed.
      expectations.expectDeletionsOf(key, victims.map(objectKey));
      const errors: unknown[] = [];
      await Promise.all(victims.map(async (pod) => {
        try {
          await podControl.deletePod(pod.metadata.namespace!, pod.metadata.name!, { owner: rs });
        } catch (e) {
          // The informer will not observe a deletion that did not happen.
          expectations.deletionObservedOf(key, objectKey(pod));
          if ((e as { code?: number }).code !== 404) errors.push(e);
        }
      }));
      if (errors.length) throw errors[0];
    }
  }

  /**
   * The pods of every set controlled by this set's controller (getIndirectlyRelatedPods): for a
   * Deployment's set, the pods of its sibling sets too, so deletion can spread pods over nodes.
   */
  private indirectlyRelatedPods(rs: ReplicaSet): Pod[] {
    const owner = getControllerOf(rs);
    if (!owner) return [];
    const seen = new Set<string>();
    const related: Pod[] = [];
    const namespace = rs.metadata.namespace;
    const podsInNamespace = this.o.podInformer.list(namespace) as Pod[];
    for (const sibling of this.o.rsInformer.list(namespace) as ReplicaSet[]) {
      if (getControllerOf(sibling)?.uid !== owner.uid) continue;
      let selector: LabelSelector;
      try { selector = this.o.kind.selectorOf(sibling); } catch { continue; }
      for (const pod of podsInNamespace) {
        if (!selector.matches(pod.metadata.labels)) continue;
        const uid = pod.metadata.uid ?? objectKey(pod);
        if (seen.has(uid)) continue;
        seen.add(uid);
        related.push(pod);
      }
    }
    return related;
  }
}
