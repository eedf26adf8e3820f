/**
 * The DaemonSet controller (kube-controller-manager's "daemonset" controller). Event handlers,
 * after addDaemonset…deleteNode (pkg/controller/daemon/daemon_controller.go), only map events to
 * DaemonSet keys and record observed pod creations and deletions: a pod wakes the DaemonSet that
 * controls it (an orphan every DaemonSet whose selector matches it); a node wakes the DaemonSets
 * whose placement on it changed; a ControllerRevision wakes its DaemonSet.
 *
 * Difference from kube: a deleted node also wakes every DaemonSet (kube waits for a resync), so
 * unscheduled pods pinned to the gone node are removed promptly.
 */
import type { KubeObject } from '../../api/object.ts';
import { labelSelectorAsSelector } from '../../api/selector/label-selector.ts';
import { Controller } from '../../controller/controller.ts';
import { keyOf } from '../../controller/informer.ts';
import { type ControllerDeps, recorderFor } from '../common/controller-deps.ts';
import { getControllerOf } from '../common/controller-ref.ts';
import { ControllerExpectations } from '../common/expectations.ts';
import { isPodReady } from '../common/pod-availability.ts';
import { PodControl, PODS } from '../common/pod-control.ts';
import type { Pod } from '../common/workload-types.ts';
import { DaemonSetReconciler } from './daemon-set-reconciler.ts';
import { CONTROLLER_REVISIONS, DAEMON_SET_KIND, DAEMON_SETS, type DaemonSet, type Node, NODES } from './daemon-set-types.ts';
import { nodeShouldRunDaemonPod } from './node-should-run.ts';
import { FailedPodsBackoff } from './pods-on-node.ts';

/** nodeInSameCondition: the same set of conditions with status True. */
function trueConditions(node: Node): string {
  return (node.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => c.type).sort().join(',');
}

/** shouldIgnoreNodeUpdate: only heartbeats (condition times, resourceVersion) changed. */
function shouldIgnoreNodeUpdate(old: Node, cur: Node): boolean {
  if (trueConditions(old) !== trueConditions(cur)) return false;
  const strip = (n: Node) => ({ ...n, metadata: { ...n.metadata, resourceVersion: undefined, managedFields: undefined }, status: { ...n.status, conditions: undefined } });
  return JSON.stringify(strip(old)) === JSON.stringify(strip(cur));
}

export function newDaemonSetController(deps: ControllerDeps): Controller {
  const dsInformer = deps.informers.informerFor(DAEMON_SETS);
  const podInformer = deps.informers.informerFor(PODS);
  const nodeInformer = deps.informers.informerFor(NODES);
  const revisionInformer = deps.informers.informerFor(CONTROLLER_REVISIONS);
  const recorder = recorderFor(deps, 'daemonset-controller');
  const expectations = new ControllerExpectations({ clock: deps.clock });
  const reconciler = new DaemonSetReconciler({
    client: deps.client, clock: deps.clock, recorder, dsInformer, podInformer, nodeInformer, revisionInformer, expectations,
    podControl: new PodControl({ client: deps.client, recorder }), backoff: new FailedPodsBackoff(),
  });
  const controller = new Controller({ name: 'daemonset-controller', reconciler, clock: deps.clock, workers: deps.workers ?? 2 });
  const enqueue = (ds: KubeObject) => controller.enqueue(keyOf(ds));
  const allDaemonSets = () => dsInformer.list() as DaemonSet[];

  /** resolveControllerRef: the DaemonSet a ControllerRef names, if it is still that object. */
  const resolve = (obj: KubeObject): DaemonSet | undefined => {
    const ref = getControllerOf(obj);
    if (!ref || ref.kind !== DAEMON_SET_KIND.kind) return undefined;
    const ds = dsInformer.get(`${obj.metadata.namespace}/${ref.name}`) as DaemonSet | undefined;
    return ds && ds.metadata.uid === ref.uid ? ds : undefined;
  };
  /** getDaemonSetsForPod: the DaemonSets whose (non-empty) selector matches an orphan. */
  const matching = (pod: Pod): DaemonSet[] => (dsInformer.list(pod.metadata.namespace) as DaemonSet[]).filter((ds) => {
    try {
      const s = labelSelectorAsSelector(ds.spec?.selector);
      return !s.isEmpty() && s.matches(pod.metadata.labels);
    } catch {
      return false;
    }
  });

  dsInformer.addEventHandler({ onAdd: enqueue, onUpdate: (_, cur) => enqueue(cur), onDelete: enqueue });

  const deletePod = (pod: Pod) => {
    const ds = resolve(pod);
    if (!ds) return;
    expectations.deletionObserved(keyOf(ds));
    enqueue(ds);
  };
  podInformer.addEventHandler({
    onAdd: (obj) => {
      const pod = obj as Pod;
      // After a restart a pod may first appear already being deleted: not a creation.
      if (pod.metadata.deletionTimestamp) { deletePod(pod); return; }
      if (getControllerOf(pod)) {
        const ds = resolve(pod);
        if (!ds) return;
        expectations.creationObserved(keyOf(ds));
        enqueue(ds);
        return;
      }
      for (const ds of matching(pod)) enqueue(ds);
    },
    onUpdate: (oldObj, curObj) => {
      const old = oldObj as Pod;
      const cur = curObj as Pod;
      if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
      // A graceful deletion: act on it now rather than when the kubelet removes the pod.
      if (cur.metadata.deletionTimestamp) { deletePod(cur); return; }
      const curRef = getControllerOf(cur);
      const oldRef = getControllerOf(old);
      const refChanged = JSON.stringify(curRef) !== JSON.stringify(oldRef);
      if (refChanged && oldRef) {
        const ds = resolve(old);
        if (ds) enqueue(ds);
      }
      if (curRef) {
        const ds = resolve(cur);
        if (!ds) return;
        enqueue(ds);
        // A pod that just became ready becomes available minReadySeconds later (+1s against skew, as kube).
        const minReadySeconds = ds.spec?.minReadySeconds ?? 0;
        if (!isPodReady(old) && isPodReady(cur) && minReadySeconds > 0) controller.queue.addAfter(keyOf(ds), (minReadySeconds + 1) * 1000);
        return;
      }
      const labelsChanged = JSON.stringify(cur.metadata.labels ?? {}) !== JSON.stringify(old.metadata.labels ?? {});
      if (labelsChanged || refChanged) for (const ds of matching(cur)) enqueue(ds);
    },
    onDelete: (obj) => deletePod(obj as Pod),
  });

  nodeInformer.addEventHandler({
    onAdd: (node) => {
      for (const ds of allDaemonSets()) if (nodeShouldRunDaemonPod(node as Node, ds).shouldRun) enqueue(ds);
    },
    onUpdate: (oldObj, curObj) => {
      const old = oldObj as Node;
      const cur = curObj as Node;
      if (shouldIgnoreNodeUpdate(old, cur)) return;
      for (const ds of allDaemonSets()) {
        const a = nodeShouldRunDaemonPod(old, ds);
        const b = nodeShouldRunDaemonPod(cur, ds);
        if (a.shouldRun !== b.shouldRun || a.shouldContinueRunning !== b.shouldContinueRunning) enqueue(ds);
      }
    },
    onDelete: () => { for (const ds of allDaemonSets()) enqueue(ds); },
  });

  const revisionEvent = (cr: KubeObject) => {
    const ds = resolve(cr);
    if (ds) enqueue(ds);
  };
  revisionInformer.addEventHandler({ onAdd: revisionEvent, onUpdate: (_, cur) => revisionEvent(cur), onDelete: revisionEvent });
  return controller;
}
