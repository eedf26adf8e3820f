/**
 * StatefulSet pod identity and storage, after kube-controller-manager's
 * pkg/controller/statefulset/stateful_set_utils.go: pod `<set>-<ordinal>` with hostname = its
 * name and subdomain = spec.serviceName, labels statefulset.kubernetes.io/pod-name,
 * apps.kubernetes.io/pod-index and controller-revision-hash (the revision's name), a volume per
 * claim template bound to the PVC `<template>-<set>-<ordinal>`; ordinals start at
 * spec.ordinals.start (StatefulSetStartOrdinal, GA in 1.31).
 */
import { newControllerRef } from '../common/controller-ref.ts';
import { podFromTemplate } from '../common/pod-control.ts';
import { isPodAvailable, isPodReady } from '../common/pod-availability.ts';
import type { Pod } from '../common/workload-types.ts';
import {
  type PersistentVolumeClaim, POD_INDEX_LABEL, POD_NAME_LABEL, STATEFUL_SET_KIND, STATEFUL_SET_REVISION_LABEL, type StatefulSet,
} from './stateful-set-types.ts';

const STATEFUL_POD_NAME = /^(.*)-([0-9]+)$/;

/** getParentNameAndOrdinal: the set name and ordinal a pod name encodes; ordinal -1 when none. */
export function parentNameAndOrdinal(pod: Pod): { parent: string; ordinal: number } {
  const m = STATEFUL_POD_NAME.exec(pod.metadata.name ?? '');
  if (!m) return { parent: '', ordinal: -1 };
  const n = Number(m[2]);
  // strconv.ParseInt(…, 10, 32): out of int32 range is no ordinal.
  return { parent: m[1], ordinal: n <= 2147483647 ? n : -1 };
}

export const getOrdinal = (pod: Pod) => parentNameAndOrdinal(pod).ordinal;

export const startOrdinal = (set: StatefulSet) => set.spec?.ordinals?.start ?? 0;

/** getEndOrdinal: the last ordinal in range (inclusive). */
export const endOrdinal = (set: StatefulSet) => startOrdinal(set) + (set.spec?.replicas ?? 1) - 1;

export function podInOrdinalRange(pod: Pod, set: StatefulSet): boolean {
  const o = getOrdinal(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

export const podName = (set: StatefulSet, ordinal: number) => `${set.metadata.name}-${ordinal}`;

export const claimName = (set: StatefulSet, template: string, ordinal: number) => `${template}-${set.metadata.name}-${ordinal}`;

/** isMemberOf: the pod's name says it belongs to the set. */
export const isMemberOf = (set: StatefulSet, pod: Pod) => parentNameAndOrdinal(pod).parent === set.metadata.name;

/** identityMatches: name, namespace and pod-name label fit the ordinal (hostname and subdomain are immutable). */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = parentNameAndOrdinal(pod);
  return ordinal >= 0 && parent === set.metadata.name && pod.metadata.name === podName(set, ordinal)
    && pod.metadata.namespace === set.metadata.namespace && pod.metadata.labels?.[POD_NAME_LABEL] === pod.metadata.name;
}

interface Volume { name: string; persistentVolumeClaim?: { claimName?: string; readOnly?: boolean }; [k: string]: unknown }

const volumesOf = (pod: Pod) => ((pod.spec as { volumes?: Volume[] } | undefined)?.volumes ?? []);

/** storageMatches: a volume per claim template, bound to the ordinal's claim. */
export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = getOrdinal(pod);
  if (ordinal < 0) return false;
  const volumes = new Map(volumesOf(pod).map((v) => [v.name, v]));
  return (set.spec?.volumeClaimTemplates ?? []).every((t) => volumes.get(t.metadata?.name ?? '')?.persistentVolumeClaim?.claimName === claimName(set, t.metadata?.name ?? '', ordinal));
}

/** getPersistentVolumeClaims: the claims the pod's ordinal needs, by template name, labelled with the set's matchLabels. */
export function persistentVolumeClaims(set: StatefulSet, pod: Pod): Map<string, PersistentVolumeClaim> {
  const ordinal = getOrdinal(pod);
  const out = new Map<string, PersistentVolumeClaim>();
  for (const t of set.spec?.volumeClaimTemplates ?? []) {
    const template = t.metadata?.name ?? '';
    const claim: PersistentVolumeClaim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', ...structuredClone(t), metadata: { ...structuredClone(t.metadata ?? {}) } };
    delete claim.status;
    delete claim.metadata.creationTimestamp;
    claim.metadata.name = claimName(set, template, ordinal);
    claim.metadata.namespace = set.metadata.namespace;
    claim.metadata.labels = { ...(claim.metadata.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) };
    out.set(template, claim);
  }
  return out;
}

/** updateStorage: the claim volumes first, then the pod's other volumes (same-named ones are replaced). */
export function updateStorage(set: StatefulSet, pod: Pod): void {
  const claims = persistentVolumeClaims(set, pod);
  const volumes: Volume[] = [...claims].map(([name, claim]) => ({ name, persistentVolumeClaim: { claimName: claim.metadata.name } }));
  for (const v of volumesOf(pod)) if (!claims.has(v.name)) volumes.push(v);
  (pod.spec ??= {}).volumes = volumes;
}

/** updateIdentity: name, namespace, pod-name and pod-index labels. */
export function updateIdentity(set: StatefulSet, pod: Pod): void {
  const ordinal = getOrdinal(pod);
  pod.metadata.name = podName(set, ordinal);
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [POD_NAME_LABEL]: pod.metadata.name, [POD_INDEX_LABEL]: String(ordinal) };
}

/** newStatefulSetPod: from the template, with identity (hostname and subdomain set only here) and storage. */
export function newStatefulSetPod(set: StatefulSet, ordinal: number): Pod {
  const pod = podFromTemplate(set.spec?.template ?? {}, { owner: set, controllerRef: newControllerRef(set, STATEFUL_SET_KIND) }) as Pod;
  pod.metadata.name = podName(set, ordinal);
  updateIdentity(set, pod);
  const spec = (pod.spec ??= {});
  spec.hostname = pod.metadata.name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  updateStorage(set, pod);
  return pod;
}

export const getPodRevision = (pod: Pod) => pod.metadata.labels?.[STATEFUL_SET_REVISION_LABEL] ?? '';

/**
 * newVersionedStatefulSetPod: below the partition (or, without rollingUpdate, below the current
 * replicas) a new pod gets the current revision, else the update revision.
 */
export function newVersionedStatefulSetPod(o: { currentSet: StatefulSet; updateSet: StatefulSet; currentRevision: string; updateRevision: string; ordinal: number }): Pod {
  const { currentSet, ordinal } = o;
  const strategy = currentSet.spec?.updateStrategy;
  const start = startOrdinal(currentSet);
  // Go's precedence: (RollingUpdate && no rollingUpdate && below current) || (rollingUpdate && below partition).
  const useCurrent = (strategy?.type === 'RollingUpdate' && !strategy.rollingUpdate && ordinal < start + (currentSet.status?.currentReplicas ?? 0))
    || (!!strategy?.rollingUpdate && ordinal < start + (strategy.rollingUpdate.partition ?? 0));
  const pod = newStatefulSetPod(useCurrent ? currentSet : o.updateSet, ordinal);
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [STATEFUL_SET_REVISION_LABEL]: useCurrent ? o.currentRevision : o.updateRevision };
  return pod;
}

/** isCreated: the API server has it (it has a phase). */
export const isCreated = (pod: Pod) => (pod.status?.phase ?? '') !== '';
export const isPending = (pod: Pod) => pod.status?.phase === 'Pending';
export const isFailed = (pod: Pod) => pod.status?.phase === 'Failed';
export const isSucceeded = (pod: Pod) => pod.status?.phase === 'Succeeded';
export const isTerminating = (pod: Pod) => !!pod.metadata.deletionTimestamp;
export const isRunningAndReady = (pod: Pod) => pod.status?.phase === 'Running' && isPodReady(pod);
export const isRunningAndAvailable = (pod: Pod, o: { minReadySeconds: number; nowMs: number }) => isPodAvailable(pod, o);
/** isHealthy: running, ready, not terminating. */
export const isHealthy = (pod: Pod) => isRunningAndReady(pod) && !isTerminating(pod);
/** allowsBurst: podManagementPolicy Parallel. */
export const allowsBurst = (set: StatefulSet) => set.spec?.podManagementPolicy === 'Parallel';
