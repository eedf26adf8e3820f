/**
 * The StatefulSet controller (kube-controller-manager's "statefulset" controller). A sync, after
 * StatefulSetController.sync (pkg/controller/statefulset/stateful_set.go), adopts orphaned
 * ControllerRevisions the selector matches, claims the pods the selector matches whose names
 * make them members (`<set>-<ordinal>`), runs {@link StatefulSetControl}, and looks again after
 * minReadySeconds while replicas are not yet available. Event handlers only map set and pod
 * events to set keys.
 */
import type { KubeObject } from '../../api/object.ts';
import { type LabelSelector, labelSelectorAsSelector } from '../../api/selector/label-selector.ts';
import type { Client } from '../../client/client.ts';
import { Controller } from '../../controller/controller.ts';
import { type Informer, keyOf } from '../../controller/informer.ts';
import type { ReconcileResult, Reconciler } from '../../controller/reconciler.ts';
import type { Clock } from '../../util/clock.ts';
import { type ControllerDeps, recorderFor } from '../common/controller-deps.ts';
import { claimObjects, freshControllerCheck } from '../common/controller-ref-manager.ts';
import { getControllerOf, newControllerRef, withTypeMeta } from '../common/controller-ref.ts';
import { isPodReady } from '../common/pod-availability.ts';
import { PODS } from '../common/pod-control.ts';
import type { Pod } from '../common/workload-types.ts';
import { CONTROLLER_REVISIONS } from '../daemonset/daemon-set-types.ts';
import { StatefulPodControl } from './stateful-pod-control.ts';
import { listRevisions, StatefulSetControl } from './stateful-set-control.ts';
import { isMemberOf } from './stateful-set-utils.ts';
import { PERSISTENT_VOLUME_CLAIMS, STATEFUL_SET_KIND, STATEFUL_SETS, type StatefulSet } from './stateful-set-types.ts';

export function newStatefulSetController(deps: ControllerDeps): Controller {
  const setInformer = deps.informers.informerFor(STATEFUL_SETS);
  const podInformer = deps.informers.informerFor(PODS);
  const revisionInformer = deps.informers.informerFor(CONTROLLER_REVISIONS);
  const pvcInformer = deps.informers.informerFor(PERSISTENT_VOLUME_CLAIMS);
  const recorder = recorderFor(deps, 'statefulset-controller');
  const podControl = new StatefulPodControl({ client: deps.client, recorder, pvcInformer, podInformer });
  const control = new StatefulSetControl({ client: deps.client, podControl, revisionInformer, setInformer, nowMs: () => deps.clock.now() });
  const reconciler = new StatefulSetReconciler({ client: deps.client, clock: deps.clock, setInformer, podInformer, revisionInformer, control });
  const controller = new Controller({ name: 'statefulset-controller', reconciler, clock: deps.clock, workers: deps.workers ?? 5 });
  const enqueue = (set: KubeObject) => controller.enqueue(keyOf(set));

  const resolve = (pod: Pod): StatefulSet | undefined => {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== STATEFUL_SET_KIND.kind) return undefined;
    const set = setInformer.get(`${pod.metadata.namespace}/${ref.name}`) as StatefulSet | undefined;
    return set && set.metadata.uid === ref.uid ? set : undefined;
  };
  /** getStatefulSetsForPod: the sets whose (non-empty) selector matches an orphan. */
  const matching = (pod: Pod): StatefulSet[] => (setInformer.list(pod.metadata.namespace) as StatefulSet[]).filter((set) => {
    try {
      const s = labelSelectorAsSelector(set.spec?.selector);
      return !s.isEmpty() && s.matches(pod.metadata.labels);
    } catch {
      return false;
    }
  });
  const podEvent = (pod: Pod) => {
    if (getControllerOf(pod)) {
      const set = resolve(pod);
      if (set) enqueue(set);
      return;
    }
    for (const set of matching(pod)) enqueue(set);
  };

  setInformer.addEventHandler({ onAdd: enqueue, onUpdate: (_, cur) => enqueue(cur), onDelete: enqueue });
  podInformer.addEventHandler({
    onAdd: (obj) => podEvent(obj as Pod),
    onUpdate: (oldObj, curObj) => {
      const old = oldObj as Pod;
      const cur = curObj as Pod;
      if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
      const oldRef = getControllerOf(old);
      const curRef = getControllerOf(cur);
      if (oldRef && JSON.stringify(oldRef) !== JSON.stringify(curRef)) {
        const set = resolve(old);
        if (set) enqueue(set);
      }
      if (curRef) {
        const set = resolve(cur);
        if (!set) return;
        enqueue(set);
        // A pod that just became ready is available minReadySeconds later (+1s against skew, as kube).
        const minReadySeconds = set.spec?.minReadySeconds ?? 0;
        if (!isPodReady(old) && isPodReady(cur) && minReadySeconds > 0) controller.queue.addAfter(keyOf(set), (minReadySeconds + 1) * 1000);
        return;
      }
      if (JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {}) || oldRef) podEvent(cur);
    },
    onDelete: (obj) => {
      const set = resolve(obj as Pod);
      if (set) enqueue(set);
    },
  });
  return controller;
}

interface StatefulSetReconcilerOptions {
  readonly client: Client;
  readonly clock: Clock;
  readonly setInformer: Informer;
  readonly podInformer: Informer;
  readonly revisionInformer: Informer;
  readonly control: StatefulSetControl;
}

class StatefulSetReconciler implements Reconciler {
  constructor(private readonly o: StatefulSetReconcilerOptions) {}

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const cached = this.o.setInformer.get(key) as StatefulSet | undefined;
    if (!cached) return;
    const set = withTypeMeta(cached, STATEFUL_SET_KIND);
    let selector: LabelSelector;
    try {
      selector = labelSelectorAsSelector(set.spec?.selector);
    } catch (e) {
      // as kube: an invalid selector is reported and not retried; a spec change enqueues again.
      console.error(`statefulset-controller: ${key}: invalid selector: ${(e as Error).message}`);
      return;
    }
    const canAdopt = freshControllerCheck({ client: this.o.client, resource: STATEFUL_SETS, controller: set, kind: STATEFUL_SET_KIND.kind });
    await this.adoptOrphanRevisions(set, canAdopt);
    const pods = await claimObjects(this.o.podInformer.list(set.metadata.namespace) as Pod[], {
      client: this.o.client, resource: PODS, controller: set, controllerKind: STATEFUL_SET_KIND, selector, canAdopt,
      filter: (pod) => isMemberOf(set, pod as Pod),
    });
    const status = await this.o.control.updateStatefulSet(set, pods);
    const minReadySeconds = set.spec?.minReadySeconds ?? 0;
    if (minReadySeconds > 0 && status && status.availableReplicas !== (set.spec?.replicas ?? 1)) return { requeueAfterMs: minReadySeconds * 1000 };
  }

  /** adoptOrphanRevisions: the selector's revisions nobody controls become this set's. */
  private async adoptOrphanRevisions(set: StatefulSet, canAdopt: () => Promise<void>): Promise<void> {
    const orphans = listRevisions(set, this.o.revisionInformer).filter((r) => !getControllerOf(r));
    if (orphans.length === 0) return;
    await canAdopt();
    const api = this.o.client.resource(CONTROLLER_REVISIONS).namespace(set.metadata.namespace!);
    for (const r of orphans) {
      await api.patch(r.metadata.name!, { metadata: { ownerReferences: [newControllerRef(set, STATEFUL_SET_KIND)], uid: r.metadata.uid } }, { type: 'strategic' });
    }
  }
}
