/**
 * The deployment controller's informer event handlers, after kube's addDeployment…deletePod
 * (pkg/controller/deployment/deployment_controller.go). They map events to Deployment keys only:
 * any Deployment change; a ReplicaSet change wakes its controlling Deployment (an orphan set wakes
 * every Deployment whose selector matches it, to be adopted); a pod deletion wakes a Recreate
 * Deployment once it has no pods left, since Recreate waits for that before scaling up.
 */
import type { KubeObject, OwnerReference } from '../../api/object.ts';
import { labelSelectorAsSelector } from '../../api/selector/label-selector.ts';
import { type Informer, keyOf } from '../../controller/informer.ts';
import { getControllerOf } from '../common/controller-ref.ts';
import type { Deployment, Pod, ReplicaSet } from '../common/workload-types.ts';

export interface DeploymentEventHandlerOptions {
  readonly deploymentInformer: Informer;
  readonly rsInformer: Informer;
  readonly podInformer: Informer;
  readonly enqueue: (key: string) => void;
}

export function registerDeploymentEventHandlers(o: DeploymentEventHandlerOptions): void {
  const { deploymentInformer, rsInformer, podInformer, enqueue } = o;

  const resolve = (namespace: string | undefined, ref: OwnerReference): Deployment | undefined => {
    if (ref.kind !== 'Deployment') return undefined;
    const d = deploymentInformer.get(`${namespace}/${ref.name}`) as Deployment | undefined;
    return d && d.metadata.uid === ref.uid ? d : undefined;
  };

  /** util.GetDeploymentsForReplicaSet: Deployments whose non-empty selector matches the set's labels. */
  const deploymentsFor = (rs: ReplicaSet): Deployment[] => {
    if (!rs.metadata.labels || Object.keys(rs.metadata.labels).length === 0) return [];
    return (deploymentInformer.list(rs.metadata.namespace) as Deployment[]).filter((d) => {
      try {
        const selector = labelSelectorAsSelector(d.spec?.selector);
        return !selector.isEmpty() && selector.matches(rs.metadata.labels);
      } catch {
        return false;
      }
    });
  };

  const deleteReplicaSet = (rs: KubeObject) => {
    const ref = getControllerOf(rs);
    if (!ref) return; // nobody cares about an orphan going away
    const d = resolve(rs.metadata.namespace, ref);
    if (d) enqueue(keyOf(d));
  };

  deploymentInformer.addEventHandler({
    onAdd: (d) => enqueue(keyOf(d)),
    onUpdate: (_old, cur) => enqueue(keyOf(cur)),
    onDelete: (d) => enqueue(keyOf(d)),
  });

  rsInformer.addEventHandler({
    onAdd: (obj) => {
      const rs = obj as ReplicaSet;
      if (rs.metadata.deletionTimestamp) { deleteReplicaSet(rs); return; }
      const ref = getControllerOf(rs);
      if (ref) {
        const d = resolve(rs.metadata.namespace, ref);
        if (d) enqueue(keyOf(d));
        return;
      }
      for (const d of deploymentsFor(rs)) enqueue(keyOf(d));
    },
    onUpdate: (oldObj, curObj) => {
      const old = oldObj as ReplicaSet;
      const cur = curObj as ReplicaSet;
      if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
      const curRef = getControllerOf(cur);
      const oldRef = getControllerOf(old);
      const refChanged = JSON.stringify(curRef) !== JSON.stringify(oldRef);
      if (refChanged && oldRef) {
        const d = resolve(old.metadata.namespace, oldRef);
        if (d) enqueue(keyOf(d));
      }
      if (curRef) {
        const d = resolve(cur.metadata.namespace, curRef);
        if (d) enqueue(keyOf(d));
        return;
      }
      const labelChanged = JSON.stringify(cur.metadata.labels ?? {}) !== JSON.stringify(old.metadata.labels ?? {});
      if (labelChanged || refChanged) for (const d of deploymentsFor(cur)) enqueue(keyOf(d));
    },
    onDelete: deleteReplicaSet,
  });

  podInformer.addEventHandler({
    onDelete: (obj) => {
      const pod = obj as Pod;
      const d = deploymentForPod(pod);
      if (!d || d.spec?.strategy?.type !== 'Recreate') return;
      // Recreate waits for every pod to be gone: wake it when the last one goes.
      const owned = new Set((rsInformer.list(d.metadata.namespace) as ReplicaSet[]).filter((rs) => getControllerOf(rs)?.uid === d.metadata.uid).map((rs) => rs.metadata.uid));
      const left = (podInformer.list(d.metadata.namespace) as Pod[]).some((p) => owned.has(getControllerOf(p)?.uid));
      if (!left) enqueue(keyOf(d));
    },
  });

  /** The Deployment controlling the ReplicaSet controlling the pod (getDeploymentForPod). */
  function deploymentForPod(pod: Pod): Deployment | undefined {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    const rs = rsInformer.get(`${pod.metadata.namespace}/${ref.name}`) as ReplicaSet | undefined;
    if (!rs || rs.metadata.uid !== ref.uid) return undefined;
    const rsRef = getControllerOf(rs);
    return rsRef ? resolve(rs.metadata.namespace, rsRef) : undefined;
  }
}
