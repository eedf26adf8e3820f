/**
 * The taint eviction controller, after kube-controller-manager's tainteviction Controller (the
 * NoExecute taint manager): a pod bound to a node with NoExecute taints it does not tolerate is
 * deleted at once; one that tolerates them all, some with tolerationSeconds, is deleted that many
 * seconds (the shortest) after the controller first saw it so; tolerations without seconds keep
 * it forever. Before deleting, the pod gets the DisruptionTarget condition (reason
 * DeletionByTaintManager), as with the PodDisruptionConditions feature (GA in 1.31).
 *
 * Schedules are in memory, keyed by pod; they are cancelled when the taints go or become
 * tolerated, as kube's TimedWorkerQueue.
 */
import type { KubeObject } from '../../api/object.ts';
import { Controller } from '../../controller/controller.ts';
import type { ReconcileResult } from '../../controller/reconciler.ts';
import { keyOf } from '../../controller/informer.ts';
import { rfc3339 } from '../../util/clock.ts';
import { type ControllerDeps, recorderFor } from '../common/controller-deps.ts';
import { PODS_BY_NODE, podsByNode } from '../nodelifecycle/node-lifecycle-controller.ts';
import { matchingTolerations, minTolerationSeconds, type TaintLike, type Toleration } from './tolerations.ts';

const NODES = { group: '', version: 'v1', resource: 'nodes' };
const PODS = { group: '', version: 'v1', resource: 'pods' };

interface PodCondition { type: string; status: string; lastProbeTime?: string | null; lastTransitionTime?: string; reason?: string; message?: string }

function noExecuteTaints(node: KubeObject | undefined): TaintLike[] {
  return ((node?.spec as { taints?: TaintLike[] } | undefined)?.taints ?? []).filter((t) => t.effect === 'NoExecute');
}

export function newTaintEvictionController(options: ControllerDeps): Controller {
  const { client, clock } = options;
  const recorder = recorderFor(options, 'taint-eviction-controller');
  const nodes = options.informers.informerFor(NODES);
  const pods = options.informers.informerFor(PODS);
  pods.addIndex(PODS_BY_NODE, podsByNode);
  /** Pending evictions by pod key: when first decided and when due. */
  const scheduled = new Map<string, { uid: string; fireAt: number }>();

  function cancel(key: string, pod: KubeObject | undefined): void {
    if (!scheduled.delete(key) || !pod) return;
    recorder.event(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  async function evict(key: string, pod: KubeObject): Promise<void> {
    recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    const rc = client.resource(PODS).namespace(pod.metadata.namespace!);
    try {
      const live = await rc.get(pod.metadata.name!);
      if (live.metadata.uid !== pod.metadata.uid) return;
      const status = (live.status ?? {}) as { conditions?: PodCondition[] };
      const existing = status.conditions?.find((c) => c.type === 'DisruptionTarget');
      if (existing?.status !== 'True' || existing.reason !== 'DeletionByTaintManager') {
        const condition: PodCondition = {
          type: 'DisruptionTarget', status: 'True', lastProbeTime: null,
          lastTransitionTime: existing?.status === 'True' ? existing.lastTransitionTime : rfc3339(clock.now()),
          reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint',
        };
        const conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), condition];
        await rc.update({ ...live, status: { ...status, conditions } }, { subresource: 'status' });
      }
      await rc.delete(live.metadata.name!, { preconditions: { uid: live.metadata.uid } });
    } catch (e) {
      if ((e as { code?: number }).code !== 404) throw e;
    }
    scheduled.delete(key);
  }

  const reconciler = {
    async reconcile(key: string): Promise<ReconcileResult | void> {
      const pod = pods.get(key);
      if (!pod || pod.metadata.deletionTimestamp) { cancel(key, undefined); return; }
      const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
      if (!nodeName) return;
      const taints = noExecuteTaints(nodes.get(nodeName));
      if (taints.length === 0) { cancel(key, pod); return; }
      const tolerations = ((pod.spec as { tolerations?: Toleration[] }).tolerations ?? []);
      const { all, used } = matchingTolerations(taints, tolerations);
      if (!all) return evict(key, pod);
      const seconds = minTolerationSeconds(used);
      if (seconds < 0) { cancel(key, pod); return; }
      const now = clock.now();
      let entry = scheduled.get(key);
      // as processPodOnNode: an eviction already scheduled for this pod keeps its time.
      if (!entry || entry.uid !== pod.metadata.uid) {
        entry = { uid: pod.metadata.uid!, fireAt: now + seconds * 1000 };
        scheduled.set(key, entry);
      }
      if (now >= entry.fireAt) return evict(key, pod);
      return { requeueAfterMs: entry.fireAt - now };
    },
  };

  const controller = new Controller({ name: 'taint-eviction-controller', reconciler, clock });
  const enqueuePod = (p: KubeObject) => { if (podsByNode(p).length || scheduled.has(keyOf(p))) controller.enqueue(keyOf(p)); };
  pods.addEventHandler({ onAdd: enqueuePod, onUpdate: (_old, p) => enqueuePod(p), onDelete: (p) => { if (scheduled.has(keyOf(p))) controller.enqueue(keyOf(p)); } });
  const enqueueNodePods = (n: KubeObject) => { for (const p of pods.byIndex(PODS_BY_NODE, n.metadata.name!)) controller.enqueue(keyOf(p)); };
  nodes.addEventHandler({
    onAdd: (n) => { if (noExecuteTaints(n).length) enqueueNodePods(n); },
    onUpdate: (old, n) => { if (JSON.stringify(noExecuteTaints(old)) !== JSON.stringify(noExecuteTaints(n))) enqueueNodePods(n); },
    onDelete: enqueueNodePods,
  });
  return controller;
}

