/**
 * The scale subresource of replicated workloads (Deployment, ReplicaSet, StatefulSet,
 * ReplicationController): spec.replicas, status.replicas and the selector as a string, as
 * kube's ScaleREST builds autoscaling/v1 Scale.
 */
import type { KubeObject } from '../../api/object.ts';
import { asObj, asStrMap, ensureObj } from '../../api/validation/access.ts';
import { formatLabelSelector, formatSetSelector } from '../../api/validation/label-selector.ts';
import type { ScaleStrategy } from '../strategy.ts';

const count = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback);

/** For a metav1.LabelSelector spec.selector (apps/v1 kinds). */
export const labelSelectorScale: ScaleStrategy = {
  replicas: (obj) => count(asObj(obj.spec)?.replicas, 1),
  setReplicas: (obj: KubeObject, replicas: number) => { ensureObj(obj, 'spec').replicas = replicas; },
  statusReplicas: (obj) => count(asObj(obj.status)?.replicas, 0),
  selector: (obj) => formatLabelSelector(asObj(obj.spec)?.selector),
};

/** For a map spec.selector (ReplicationController). */
export const mapSelectorScale: ScaleStrategy = {
  ...labelSelectorScale,
  selector: (obj) => formatSetSelector(asStrMap(asObj(obj.spec)?.selector)),
};
