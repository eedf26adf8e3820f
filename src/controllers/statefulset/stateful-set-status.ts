/**
 * StatefulSet status, after kube-controller-manager's computeReplicaStatus, completeRollingUpdate,
 * inconsistentStatus and the status updater (pkg/controller/statefulset): replicas are the pods
 * the API server has; ready ones are Running and Ready; available ones ready for
 * minReadySeconds; current / updated ones carry the current / update revision and are not
 * terminating. A RollingUpdate whose pods are all updated and ready makes the update revision
 * current. Written only when something changed, retrying conflicts on a fresh cached copy.
 */
import type { Client } from '../../client/client.ts';
import type { Informer } from '../../controller/informer.ts';
import type { Pod } from '../common/workload-types.ts';
import { getPodRevision, isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating } from './stateful-set-utils.ts';
import { STATEFUL_SET_KIND, STATEFUL_SETS, type StatefulSet, type StatefulSetStatus } from './stateful-set-types.ts';

/** updateStatus: the replica counts over the given pod lists. */
export function countReplicas(status: StatefulSetStatus, o: { minReadySeconds: number; nowMs: number; currentRevision: string; updateRevision: string }, ...lists: readonly (readonly Pod[])[]): void {
  status.replicas = 0;
  status.readyReplicas = 0;
  status.availableReplicas = 0;
  status.currentReplicas = 0;
  status.updatedReplicas = 0;
  for (const pod of lists.flat()) {
    if (isCreated(pod)) status.replicas++;
    if (isRunningAndReady(pod)) {
      status.readyReplicas++;
      if (isRunningAndAvailable(pod, o)) status.availableReplicas++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      if (getPodRevision(pod) === o.currentRevision) status.currentReplicas++;
      if (getPodRevision(pod) === o.updateRevision) status.updatedReplicas++;
    }
  }
}

/** completeRollingUpdate */
export function completeRollingUpdate(set: StatefulSet, status: StatefulSetStatus): void {
  if (set.spec?.updateStrategy?.type === 'RollingUpdate' && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
}

/** inconsistentStatus: a newer generation, or any count or revision differs. */
export function inconsistentStatus(set: StatefulSet, status: StatefulSetStatus): boolean {
  const s = set.status;
  return (status.observedGeneration ?? 0) > (s?.observedGeneration ?? 0)
    || status.replicas !== (s?.replicas ?? 0)
    || (status.currentReplicas ?? 0) !== (s?.currentReplicas ?? 0)
    || (status.readyReplicas ?? 0) !== (s?.readyReplicas ?? 0)
    || (status.updatedReplicas ?? 0) !== (s?.updatedReplicas ?? 0)
    || (status.currentRevision ?? '') !== (s?.currentRevision ?? '')
    || status.availableReplicas !== (s?.availableReplicas ?? 0)
    || (status.updateRevision ?? '') !== (s?.updateRevision ?? '');
}

/** The status as Go marshals it: replicas and availableReplicas always, collisionCount whenever set, zeros otherwise omitted. */
function statusWire(s: StatefulSetStatus, previous: StatefulSetStatus | undefined): StatefulSetStatus {
  const out: StatefulSetStatus = { replicas: s.replicas, availableReplicas: s.availableReplicas };
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.currentReplicas) out.currentReplicas = s.currentReplicas;
  if (s.updatedReplicas) out.updatedReplicas = s.updatedReplicas;
  if (s.currentRevision) out.currentRevision = s.currentRevision;
  if (s.updateRevision) out.updateRevision = s.updateRevision;
  if (s.collisionCount !== undefined) out.collisionCount = s.collisionCount;
  const conditions = s.conditions ?? previous?.conditions;
  if (conditions?.length) out.conditions = conditions;
  return out;
}

/** updateStatefulSetStatus: completes a finished rolling update, then writes if inconsistent. */
export async function updateStatefulSetStatus(set: StatefulSet, status: StatefulSetStatus, deps: { client: Client; setInformer: Informer }): Promise<void> {
  completeRollingUpdate(set, status);
  if (!inconsistentStatus(set, status)) return;
  const api = deps.client.resource(STATEFUL_SETS).namespace(set.metadata.namespace!);
  let current = set;
  for (let attempt = 0; ; attempt++) {
    try {
      await api.update({ ...current, ...STATEFUL_SET_KIND, status: statusWire(status, current.status) }, { subresource: 'status' });
      return;
    } catch (e) {
      if ((e as { code?: number }).code !== 409 || attempt >= 4) throw e;
      current = (deps.setInformer.get(`${set.metadata.namespace}/${set.metadata.name}`) as StatefulSet | undefined) ?? current;
    }
  }
}
