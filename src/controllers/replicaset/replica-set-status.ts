/**
 * ReplicaSet status, as kube-controller-manager's replicaset controller computes and writes it
 * (pkg/controller/replicaset/replica_set_utils.go calculateStatus / updateReplicaSetStatus): counts
 * over the active pods the set owns, a ReplicaFailure condition while creating or deleting pods
 * fails, observedGeneration set on every write, written through the status subresource with one
 * re-read-and-retry on failure.
 */
import type { Client } from '../../client/client.ts';
import { labelSelectorFromSet } from '../../api/selector/label-selector.ts';
import { type Clock, rfc3339 } from '../../util/clock.ts';
import { isPodAvailable, isPodReady } from '../common/pod-availability.ts';
import type { Pod, ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from '../common/workload-types.ts';
import type { ReplicaSetKind } from './replica-set-kind.ts';

export const REPLICA_FAILURE = 'ReplicaFailure';

export function getReplicaSetCondition(status: ReplicaSetStatus | undefined, type: string): ReplicaSetCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** Adds or replaces a condition; a condition with the same status and reason is left as it is. */
export function setReplicaSetCondition(status: ReplicaSetStatus, condition: ReplicaSetCondition): void {
  const current = getReplicaSetCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), condition];
}

export function removeReplicaSetCondition(status: ReplicaSetStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length) status.conditions = rest; else delete status.conditions;
}

/**
 * The new status of `rs` owning `pods` (active, claimed): replicas, fullyLabeledReplicas (pods
 * carrying every template label), readyReplicas, availableReplicas (ready for minReadySeconds),
 * and ReplicaFailure (FailedCreate / FailedDelete with the error message) while manageError is set.
 */
export function calculateReplicaSetStatus(rs: ReplicaSet, pods: readonly Pod[], options: { manageError?: unknown; clock: Clock }): ReplicaSetStatus {
  const status: ReplicaSetStatus = structuredClone(rs.status ?? {});
  const templateLabels = labelSelectorFromSet(rs.spec?.template?.metadata?.labels);
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  const now = options.clock.now();
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (templateLabels.matches(pod.metadata.labels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, { minReadySeconds, nowMs: now })) available++;
    }
  }
  const failure = getReplicaSetCondition(rs.status, REPLICA_FAILURE);
  if (options.manageError !== undefined && !failure) {
    const diff = pods.length - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    setReplicaSetCondition(status, {
      type: REPLICA_FAILURE, status: 'True', lastTransitionTime: rfc3339(now), reason,
      message: errorMessage(options.manageError),
    });
  } else if (options.manageError === undefined && failure) {
    removeReplicaSetCondition(status, REPLICA_FAILURE);
  }
  status.replicas = pods.length;
  status.fullyLabeledReplicas = fullyLabeled;
  status.readyReplicas = ready;
  status.availableReplicas = available;
  return status;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Equal counts and conditions (updateReplicaSetStatus's "steady state" test, generation aside). */
export function sameReplicaSetStatus(a: ReplicaSetStatus | undefined, b: ReplicaSetStatus): boolean {
  return (a?.replicas ?? 0) === (b.replicas ?? 0)
    && (a?.fullyLabeledReplicas ?? 0) === (b.fullyLabeledReplicas ?? 0)
    && (a?.readyReplicas ?? 0) === (b.readyReplicas ?? 0)
    && (a?.availableReplicas ?? 0) === (b.availableReplicas ?? 0)
    && JSON.stringify(a?.conditions ?? []) === JSON.stringify(b.conditions ?? []);
}

/** The status as Go marshals it: `replicas` always, the other counts only when non-zero. */
export function replicaSetStatusWire(s: ReplicaSetStatus): ReplicaSetStatus {
  const out: ReplicaSetStatus = { replicas: s.replicas ?? 0 };
  if (s.fullyLabeledReplicas) out.fullyLabeledReplicas = s.fullyLabeledReplicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas) out.availableReplicas = s.availableReplicas;
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  if (s.conditions?.length) out.conditions = s.conditions;
  return out;
}

/**
 * Writes `status` to `rs` unless nothing changed and the generation was already observed. On a
 * failed write the set is read again and the write retried once (statusUpdateRetries = 1).
 */
export async function updateReplicaSetStatus(options: { client: Client; kind: ReplicaSetKind; rs: ReplicaSet; status: ReplicaSetStatus }): Promise<ReplicaSet> {
  const { client, kind, rs } = options;
  if (sameReplicaSetStatus(rs.status, options.status) && rs.metadata.generation === rs.status?.observedGeneration) return rs;
  const status = replicaSetStatusWire({ ...options.status, observedGeneration: rs.metadata.generation });
  const api = client.resource(kind.resource).namespace(rs.metadata.namespace!);
  let current: ReplicaSet = rs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await api.update({ ...current, apiVersion: kind.apiVersion, kind: kind.kind, status }, { subresource: 'status' }) as ReplicaSet;
    } catch (e) {
      if (attempt >= 1) throw e;
      current = await api.get(rs.metadata.name!) as ReplicaSet;
    }
  }
}
