/**
 * Orderings and filters of ReplicaSets from kube-controller-manager's controller_utils.go
 * (ReplicaSetsByCreationTimestamp, ReplicaSetsBySizeOlder, ReplicaSetsBySizeNewer,
 * FilterActiveReplicaSets). Each comparator returns a negative number when `a` sorts first.
 */
import type { ReplicaSet } from './workload-types.ts';

export function specReplicas(rs: ReplicaSet): number {
  return rs.spec?.replicas ?? 1;
}

function created(rs: ReplicaSet): number {
  const t = rs.metadata.creationTimestamp ? Date.parse(rs.metadata.creationTimestamp) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/** Older first; equal times by name. */
export function byCreationTimestamp(a: ReplicaSet, b: ReplicaSet): number {
  const d = created(a) - created(b);
  if (d !== 0) return d;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** Larger first; equal sizes older first. */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  const d = specReplicas(b) - specReplicas(a);
  return d !== 0 ? d : byCreationTimestamp(a, b);
}

/** Larger first; equal sizes newer first. */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  const d = specReplicas(b) - specReplicas(a);
  return d !== 0 ? d : byCreationTimestamp(b, a);
}

/** ReplicaSets with spec.replicas > 0. */
export function filterActiveReplicaSets<T extends ReplicaSet>(sets: readonly (T | undefined)[]): T[] {
  return sets.filter((rs): rs is T => rs !== undefined && specReplicas(rs) > 0);
}
