/**
 * The DaemonSet sync, after kube-controller-manager's syncDaemonSet, manage, syncNodes and
 * updateDaemonSet (pkg/controller/daemon): build the revision history, and — once the previous
 * sync's creations and deletions were observed — create a daemon pod for each node that should
 * run one and has none, delete those that should not be there, take a RollingUpdate step, prune
 * old revisions; then write status.
 */
import { labelSelectorAsSelector } from '../../api/selector/label-selector.ts';
import type { Client } from '../../client/client.ts';
import type { EventRecorder } from '../../controller/event-recorder.ts';
import type { Informer } from '../../controller/informer.ts';
import type { ReconcileResult, Reconciler } from '../../controller/reconciler.ts';
import type { Clock } from '../../util/clock.ts';
import { claimObjects, freshControllerCheck } from '../common/controller-ref-manager.ts';
import { newControllerRef, withTypeMeta } from '../common/controller-ref.ts';
import type { ControllerExpectations } from '../common/expectations.ts';
import { isNamespaceTerminating, type PodControl, PODS } from '../common/pod-control.ts';
import { slowStartBatch } from '../common/slow-start-batch.ts';
import type { Pod } from '../common/workload-types.ts';
import { createDaemonPodTemplate, daemonPodTemplateForNode, targetNodeName, templateGeneration } from './daemon-pod-template.ts';
import { cleanupHistory, constructHistory } from './daemon-set-history.ts';
import { countDaemonSetStatus, storeDaemonSetStatus } from './daemon-set-status.ts';
import { CONTROLLER_REVISION_HASH_LABEL, type ControllerRevision, DAEMON_SET_KIND, DAEMON_SETS, type DaemonSet, type Node } from './daemon-set-types.ts';
import { nodeShouldRunDaemonPod } from './node-should-run.ts';
import { type FailedPodsBackoff, podsShouldBeOnNode } from './pods-on-node.ts';
import { allowsSurge, rollingUpdateStep } from './rolling-update.ts';

/** as kube's daemon BurstReplicas: at most this many pods created or deleted per sync. */
export const DAEMON_BURST_REPLICAS = 250;

export interface DaemonSetReconcilerOptions {
  readonly client: Client;
  readonly clock: Clock;
  readonly recorder: EventRecorder;
  readonly dsInformer: Informer;
  readonly podInformer: Informer;
  readonly nodeInformer: Informer;
  readonly revisionInformer: Informer;
  readonly podControl: PodControl;
  readonly expectations: ControllerExpectations;
  readonly backoff: FailedPodsBackoff;
}

const isTerminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

export class DaemonSetReconciler implements Reconciler {
  constructor(private readonly o: DaemonSetReconcilerOptions) {}

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { expectations } = this.o;
    const cached = this.o.dsInformer.get(key) as DaemonSet | undefined;
    if (!cached) { expectations.deleteExpectations(key); return; }
    const ds = withTypeMeta(cached, DAEMON_SET_KIND);
    const nodes = (this.o.nodeInformer.list() as Node[]).sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    const sel = ds.spec?.selector;
    if (sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
      this.o.recorder.event(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
      return;
    }
    // Being deleted: its history may be half gone, so no status can be trusted either.
    if (ds.metadata.deletionTimestamp) return;
    const { cur, old } = await constructHistory(ds, {
      client: this.o.client,
      listRevisions: (ns) => this.o.revisionInformer.list(ns) as ControllerRevision[],
      daemonPods: () => this.daemonPods(ds),
    });
    const hash = cur.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '';
    if (!expectations.satisfiedExpectations(key)) {
      // Only status: observedGeneration stays, this sync did not act on the generation.
      await this.updateStatus(ds, nodes, hash, { updateObservedGeneration: false });
      return;
    }
    let requeueAfterMs: number | undefined;
    let error: unknown;
    try {
      requeueAfterMs = await this.manage(key, ds, nodes, hash);
      if (expectations.satisfiedExpectations(key) && ds.spec?.updateStrategy?.type === 'RollingUpdate') await this.rollingUpdate(key, ds, nodes, hash);
      await cleanupHistory(ds, old, { client: this.o.client, pods: await this.daemonPods(ds) });
    } catch (e) {
      error = e;
    }
    const statusRequeue = await this.updateStatus(ds, nodes, hash, { updateObservedGeneration: true }).catch((e: unknown) => {
      error ??= e;
      return undefined;
    });
    if (error !== undefined) throw error;
    const after = Math.min(requeueAfterMs ?? Infinity, statusRequeue ?? Infinity);
    if (after !== Infinity) return { requeueAfterMs: after };
  }

  /** getDaemonPods: the DaemonSet's pods, claimed by selector (adopting orphans, releasing strays). */
  private async daemonPods(ds: DaemonSet): Promise<Pod[]> {
    return claimObjects(this.o.podInformer.list(ds.metadata.namespace) as Pod[], {
      client: this.o.client, resource: PODS, controller: ds, controllerKind: DAEMON_SET_KIND,
      selector: labelSelectorAsSelector(ds.spec?.selector),
      canAdopt: freshControllerCheck({ client: this.o.client, resource: DAEMON_SETS, controller: ds, kind: DAEMON_SET_KIND.kind }),
    });
  }

  /** getNodesToDaemonPods: claimed pods by target node; pods both deleted and finished are left out. */
  private async nodeToDaemonPods(ds: DaemonSet): Promise<Map<string, Pod[]>> {
    const byNode = new Map<string, Pod[]>();
    for (const pod of await this.daemonPods(ds)) {
      if (pod.metadata.deletionTimestamp && isTerminal(pod)) continue;
      const node = targetNodeName(pod);
      if (node === undefined) continue;
      byNode.set(node, [...(byNode.get(node) ?? []), pod]);
    }
    return byNode;
  }

  /** manage: returns when to look again for failed pods held back by the back-off. */
  private async manage(key: string, ds: DaemonSet, nodes: readonly Node[], hash: string): Promise<number | undefined> {
    const nodeToDaemonPods = await this.nodeToDaemonPods(ds);
    const needing: string[] = [];
    const toDelete: string[] = [];
    let requeueAfterMs: number | undefined;
    const surge = allowsSurge(ds);
    for (const node of nodes) {
      const work = podsShouldBeOnNode({
        node, ds, daemonPods: nodeToDaemonPods.get(node.metadata.name!), should: nodeShouldRunDaemonPod(node, ds),
        hash, allowsSurge: surge, backoff: this.o.backoff, nowMs: this.o.clock.now(),
      });
      needing.push(...work.nodesNeedingDaemonPods);
      toDelete.push(...work.podsToDelete);
      for (const e of work.events) this.o.recorder.event(ds, e.type, e.reason, e.message);
      if (work.requeueAfterMs !== undefined) requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, work.requeueAfterMs);
    }
    // getUnscheduledPodsWithoutNode: pods pinned to nodes that no longer exist never get scheduled; no one else deletes them.
    const known = new Set(nodes.map((n) => n.metadata.name!));
    for (const [node, pods] of nodeToDaemonPods) {
      if (!known.has(node)) for (const p of pods) if (!p.spec?.nodeName) toDelete.push(p.metadata.name!);
    }
    await this.syncNodes(key, ds, { toDelete, needing, hash });
    return requeueAfterMs;
  }

  /** rollingUpdate: delete old pods, or (surge) create new ones beside them, within the strategy's limits. */
  private async rollingUpdate(key: string, ds: DaemonSet, nodes: readonly Node[], hash: string): Promise<void> {
    const nodeToDaemonPods = await this.nodeToDaemonPods(ds);
    const should = new Map(nodes.map((n) => [n.metadata.name!, nodeShouldRunDaemonPod(n, ds).shouldRun]));
    let desired = 0;
    for (const [name, run] of should) {
      if (!run) continue;
      desired++;
      if (!nodeToDaemonPods.has(name)) nodeToDaemonPods.set(name, []);
    }
    const step = rollingUpdateStep({
      ds, nodeToDaemonPods, shouldRun: (n) => should.get(n) ?? false, desiredNumberScheduled: desired,
      hash, generation: templateGeneration(ds), nowMs: this.o.clock.now(),
    });
    await this.syncNodes(key, ds, { toDelete: step.podsToDelete, needing: step.nodesToCreate, hash });
  }

  /** syncNodes: expectations first, then slow-start creations (one per node) and parallel deletions. */
  private async syncNodes(key: string, ds: DaemonSet, work: { toDelete: readonly string[]; needing: readonly string[]; hash: string }): Promise<void> {
    const { expectations, podControl } = this.o;
    const creates = work.needing.slice(0, DAEMON_BURST_REPLICAS);
    const deletes = work.toDelete.slice(0, DAEMON_BURST_REPLICAS);
    expectations.expectCreations(key, creates.length);
    expectations.raiseExpectations(key, 0, deletes.length);
    const errors: unknown[] = [];
    const template = createDaemonPodTemplate(ds, work.hash);
    const controllerRef = newControllerRef(ds, DAEMON_SET_KIND);
    const queue = [...creates];
    let attempted = 0;
    const { error } = await slowStartBatch(creates.length, async () => {
      attempted++;
      const node = queue.shift()!;
      try {
        await podControl.createPod(daemonPodTemplateForNode(template, node), { owner: ds, controllerRef });
      } catch (e) {
        // A terminating namespace refuses every creation; kube neither reports nor un-expects it.
        if (isNamespaceTerminating(e)) return;
        expectations.creationObserved(key);
        throw e;
      }
    });
    if (error !== undefined) errors.push(error);
    // Creations never attempted after a failed batch will not be observed.
    expectations.lowerExpectations(key, creates.length - attempted, 0);
    await Promise.all(deletes.map(async (name) => {
      try {
        await podControl.deletePod(ds.metadata.namespace!, name, { owner: ds });
      } catch (e) {
        expectations.deletionObserved(key);
        if ((e as { code?: number }).code !== 404) errors.push(e);
      }
    }));
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, errors.map((e) => (e as Error).message).join('; '));
  }

  /** updateDaemonSetStatus: returns when to look again for pods that become available after minReadySeconds. */
  private async updateStatus(ds: DaemonSet, nodes: readonly Node[], hash: string, o: { updateObservedGeneration: boolean }): Promise<number | undefined> {
    const counts = countDaemonSetStatus({
      ds, nodes, nodeToDaemonPods: await this.nodeToDaemonPods(ds), shouldRun: (n) => nodeShouldRunDaemonPod(n, ds),
      hash, generation: templateGeneration(ds), nowMs: this.o.clock.now(),
    });
    await storeDaemonSetStatus(ds, counts, { client: this.o.client, updateObservedGeneration: o.updateObservedGeneration });
    // as kube: a resync after minReadySeconds is the last line of defence against clock skew.
    const minReadySeconds = ds.spec?.minReadySeconds ?? 0;
    return minReadySeconds > 0 && counts.numberReady !== counts.numberAvailable ? minReadySeconds * 1000 : undefined;
  }
}
