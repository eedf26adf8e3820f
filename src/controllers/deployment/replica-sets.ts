/**
 * Finding a Deployment's new and old ReplicaSets and summing their counts, as kube's deployment
 * util (FindNewReplicaSet, FindOldReplicaSets, FindActiveOrLatest, EqualIgnoreHash,
 * Get*ReplicaCountForReplicaSets, ReplicaSetsByRevision). The new set is the one whose pod
 * template equals the Deployment's, ignoring the pod-template-hash label; every other owned set
 * is old.
 */
import { byCreationTimestamp, filterActiveReplicaSets, specReplicas } from '../common/replica-set-order.ts';
import { semanticEqual } from '../common/semantic-equal.ts';
import type { Deployment, PodTemplateSpec, ReplicaSet } from '../common/workload-types.ts';
import { revisionOf } from './annotations.ts';
import { POD_TEMPLATE_HASH_LABEL } from './deployment-spec.ts';

/** Templates equal but for the pod-template-hash label (util.EqualIgnoreHash), semantically. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return semanticEqual(withoutHash(a), withoutHash(b));
}

function withoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec {
  if (!t?.metadata?.labels || !(POD_TEMPLATE_HASH_LABEL in t.metadata.labels)) return t ?? {};
  const { [POD_TEMPLATE_HASH_LABEL]: _hash, ...labels } = t.metadata.labels;
  return { ...t, metadata: { ...t.metadata, labels } };
}

/** The oldest set whose template matches the Deployment's (several can, after upgrades: #40415). */
export function findNewReplicaSet(d: Deployment, sets: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...sets].sort(byCreationTimestamp).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** Every set but the new one: `active` those with replicas, `all` every one. */
export function findOldReplicaSets(d: Deployment, sets: readonly ReplicaSet[]): { active: ReplicaSet[]; all: ReplicaSet[] } {
  const newRS = findNewReplicaSet(d, sets);
  const all = sets.filter((rs) => !newRS || rs.metadata.uid !== newRS.metadata.uid);
  return { active: all.filter((rs) => specReplicas(rs) !== 0), all };
}

/**
 * util.FindActiveOrLatest: the only set with replicas; with none, the new set or else the newest
 * old one; with several, undefined (they must be scaled proportionally).
 */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActiveReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

const present = (sets: readonly (ReplicaSet | undefined)[]) => sets.filter((rs): rs is ReplicaSet => rs !== undefined);

/** Sum of spec.replicas. */
export function replicaCount(sets: readonly (ReplicaSet | undefined)[]): number {
  return present(sets).reduce((n, rs) => n + specReplicas(rs), 0);
}

/** Sum of status.replicas. */
export function actualReplicaCount(sets: readonly (ReplicaSet | undefined)[]): number {
  return present(sets).reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
}

/** Sum of status.readyReplicas. */
export function readyReplicaCount(sets: readonly (ReplicaSet | undefined)[]): number {
  return present(sets).reduce((n, rs) => n + (rs.status?.readyReplicas ?? 0), 0);
}

/** Sum of status.availableReplicas. */
export function availableReplicaCount(sets: readonly (ReplicaSet | undefined)[]): number {
  return present(sets).reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
}

/** ReplicaSetsByRevision: lower revision first; unparsable or equal revisions by creation time. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra === undefined || rb === undefined || ra === rb) return byCreationTimestamp(a, b);
  return ra - rb;
}
