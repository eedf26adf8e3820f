/**
 * The ReplicaSet controller's informer event handlers, after kube-controller-manager's
 * addRS/updateRS/deleteRS and addPod/updatePod/deletePod (pkg/controller/replicaset/replica_set.go).
 * They only map events to ReplicaSet keys, and record observed pod creations and deletions in the
 * expectations: a pod with a ControllerRef wakes its controller only; an orphan wakes every set
 * whose selector matches it, so one of them can adopt it.
 */
import type { KubeObject, OwnerReference } from '../../api/object.ts';
import { type Informer, keyOf } from '../../controller/informer.ts';
import { getControllerOf, objectKey } from '../common/controller-ref.ts';
import type { UIDTrackingControllerExpectations } from '../common/expectations.ts';
import { isPodReady } from '../common/pod-availability.ts';
import type { Pod, ReplicaSet } from '../common/workload-types.ts';
import type { ReplicaSetKind } from './replica-set-kind.ts';

export interface ReplicaSetEventHandlerOptions {
  readonly kind: ReplicaSetKind;
  readonly rsInformer: Informer;
  readonly podInformer: Informer;
  readonly expectations: UIDTrackingControllerExpectations;
  readonly enqueue: (key: string) => void;
  readonly enqueueAfter: (key: string, delayMs: number) => void;
}

export function registerReplicaSetEventHandlers(o: ReplicaSetEventHandlerOptions): void {
  const { kind, rsInformer, expectations, enqueue } = o;

  /** The set a ControllerRef points at, if it is of our kind and still the same object. */
  const resolve = (namespace: string | undefined, ref: OwnerReference): ReplicaSet | undefined => {
    if (ref.kind !== kind.kind) return undefined;
    const rs = rsInformer.get(namespace ? `${namespace}/${ref.name}` : ref.name) as ReplicaSet | undefined;
    return rs && rs.metadata.uid === ref.uid ? rs : undefined;
  };

  /** Sets whose (non-empty) selector matches an orphan pod (ReplicaSetLister.GetPodReplicaSets). */
  const matchingSets = (pod: Pod): ReplicaSet[] => {
    if (!pod.metadata.labels || Object.keys(pod.metadata.labels).length === 0) return [];
    const out: ReplicaSet[] = [];
    for (const rs of rsInformer.list(pod.metadata.namespace) as ReplicaSet[]) {
      try {
        const selector = kind.selectorOf(rs);
        // A nil or empty selector must match nothing here, not everything.
        if (!selector.isEmpty() && selector.matches(pod.metadata.labels)) out.push(rs);
      } catch {
        // an invalid selector matches nothing
      }
    }
    return out;
  };

  const deleteRS = (rs: KubeObject) => {
    const key = keyOf(rs);
    // A set re-created under the same name starts with clean expectations.
    expectations.deleteExpectations(key);
    enqueue(key);
  };

  rsInformer.addEventHandler({
    onAdd: (rs) => enqueue(keyOf(rs)),
    onUpdate: (old, cur) => {
      if (old.metadata.uid !== cur.metadata.uid) deleteRS(old);
      enqueue(keyOf(cur));
    },
    onDelete: deleteRS,
  });

  const deletePod = (pod: Pod) => {
    const ref = getControllerOf(pod);
    if (!ref) return; // nobody waits for an orphan to go
    const rs = resolve(pod.metadata.namespace, ref);
    if (!rs) return;
    const key = keyOf(rs);
    expectations.deletionObservedOf(key, objectKey(pod));
    enqueue(key);
  };

  o.podInformer.addEventHandler({
    onAdd: (obj) => {
      const pod = obj as Pod;
      // After a controller restart a pod may first appear already being deleted.
      if (pod.metadata.deletionTimestamp) { deletePod(pod); return; }
      const ref = getControllerOf(pod);
      if (ref) {
        const rs = resolve(pod.metadata.namespace, ref);
        if (!rs) return;
        const key = keyOf(rs);
        expectations.creationObserved(key);
        enqueue(key);
        return;
      }
      // An orphan: wake every set that may adopt it, without observing a creation.
      for (const rs of matchingSets(pod)) enqueue(keyOf(rs));
    },
    onUpdate: (oldObj, curObj) => {
      const old = oldObj as Pod;
      const cur = curObj as Pod;
      if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
      const labelChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
      if (cur.metadata.deletionTimestamp) {
        // A graceful deletion: replace the pod now rather than when the kubelet removes it.
        deletePod(cur);
        if (labelChanged) deletePod(old);
        return;
      }
      const curRef = getControllerOf(cur);
      const oldRef = getControllerOf(old);
      const refChanged = JSON.stringify(curRef) !== JSON.stringify(oldRef);
      if (refChanged && oldRef) {
        const rs = resolve(old.metadata.namespace, oldRef);
        if (rs) enqueue(keyOf(rs));
      }
      if (curRef) {
        const rs = resolve(cur.metadata.namespace, curRef);
        if (!rs) return;
        const key = keyOf(rs);
        enqueue(key);
        // A pod that just became ready becomes available minReadySeconds later: look again then
        // (plus a second against millisecond skew, as kube).
        const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
        if (!isPodReady(old) && isPodReady(cur) && minReadySeconds > 0) o.enqueueAfter(key, (minReadySeconds + 1) * 1000);
        return;
      }
      if (labelChanged || refChanged) for (const rs of matchingSets(cur)) enqueue(keyOf(rs));
    },
    onDelete: (obj) => deletePod(obj as Pod),
  });
}
