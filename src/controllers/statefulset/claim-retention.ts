/**
 * PersistentVolumeClaim ownership for spec.persistentVolumeClaimRetentionPolicy, after
 * kube-controller-manager 1.32's isClaimOwnerUpToDate and updateClaimOwnerRefForSetAndPod
 * (stateful_set_utils.go). The garbage collector does the deleting; the controller only keeps
 * controller references right:
 *
 *   whenScaled Retain, whenDeleted Retain   no reference
 *   whenScaled Retain, whenDeleted Delete   the set
 *   whenScaled Delete, whenDeleted Retain   the pod, once scaled away
 *   whenScaled Delete, whenDeleted Delete   the set, or the pod once scaled away
 *
 * A claim with a stale reference (same name, other uid) or controlled by someone else is left
 * alone, except that references to this set and pod are then removed.
 */
import type { KubeObject, OwnerReference } from '../../api/object.ts';
import { newControllerRef } from '../common/controller-ref.ts';
import type { Pod } from '../common/workload-types.ts';
import { podInOrdinalRange } from './stateful-set-utils.ts';
import { type PersistentVolumeClaim, POD_KIND, STATEFUL_SET_KIND, type StatefulSet } from './stateful-set-types.ts';

type Kind = { apiVersion: string; kind: string };

/** getPersistentVolumeClaimRetentionPolicy: Retain/Retain when unset. */
export function retentionPolicy(set: StatefulSet): { whenDeleted: string; whenScaled: string } {
  const p = set.spec?.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted ?? 'Retain', whenScaled: p?.whenScaled ?? 'Retain' };
}

/** matchesRef: same apiVersion, kind and name (uid aside). */
const matchesRef = (ref: OwnerReference, obj: KubeObject, kind: Kind) => ref.apiVersion === kind.apiVersion && ref.kind === kind.kind && ref.name === obj.metadata.name;

export const hasOwnerRef = (target: KubeObject, owner: KubeObject) => target.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid) ?? false;

function hasStaleOwnerRef(target: KubeObject, obj: KubeObject, kind: Kind): boolean {
  const ref = target.metadata.ownerReferences?.find((r) => matchesRef(r, obj, kind));
  return ref !== undefined && ref.uid !== obj.metadata.uid;
}

/** hasUnexpectedController: with a non-Retain policy, someone other than the set or pod controls the claim. */
export function hasUnexpectedController(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  const p = retentionPolicy(set);
  if (p.whenScaled === 'Retain' && p.whenDeleted === 'Retain') return false;
  for (const ref of claim.metadata.ownerReferences ?? []) {
    if (matchesRef(ref, set, STATEFUL_SET_KIND)) { if (ref.uid !== set.metadata.uid) return true; continue; }
    if (matchesRef(ref, pod, POD_KIND)) { if (ref.uid !== pod.metadata.uid) return true; continue; }
    if (ref.controller) return true;
  }
  return false;
}

/** hasNonControllerOwner: the set or pod owns the claim without being its controller. */
function hasNonControllerOwner(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  return (claim.metadata.ownerReferences ?? []).some((r) => (r.uid === set.metadata.uid || r.uid === pod.metadata.uid) && !r.controller);
}

export function isClaimOwnerUpToDate(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  // Managed by an earlier, presumably deleted, set or pod of that name: not ours to touch.
  if (hasStaleOwnerRef(claim, set, STATEFUL_SET_KIND) || hasStaleOwnerRef(claim, pod, POD_KIND)) return true;
  if (hasUnexpectedController(claim, set, pod)) return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const p = retentionPolicy(set);
  const setRef = hasOwnerRef(claim, set);
  const podRef = hasOwnerRef(claim, pod);
  const scaledDown = !podInOrdinalRange(pod, set);
  if (p.whenScaled === 'Delete' && p.whenDeleted === 'Delete') return scaledDown !== setRef && scaledDown === podRef;
  if (p.whenScaled === 'Delete') return !setRef && scaledDown === podRef;
  if (p.whenDeleted === 'Delete') return setRef && !podRef;
  return !setRef && !podRef;
}

/** updateClaimOwnerRefForSetAndPod: the claim's references rewritten for the policy (a copy). */
export function updateClaimOwnerRefs(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): PersistentVolumeClaim {
  const unexpected = hasUnexpectedController(claim, set, pod);
  let refs = (claim.metadata.ownerReferences ?? []).filter((r) => !matchesRef(r, set, STATEFUL_SET_KIND) && !matchesRef(r, pod, POD_KIND));
  const add = (owner: KubeObject, kind: Kind) => {
    if (!refs.some((r) => r.uid === owner.metadata.uid)) refs = [...refs, newControllerRef(owner, kind)];
  };
  if (!unexpected) {
    const p = retentionPolicy(set);
    const scaledDown = !podInOrdinalRange(pod, set);
    if (p.whenScaled === 'Delete' && scaledDown) add(pod, POD_KIND);
    if (p.whenDeleted === 'Delete' && (p.whenScaled !== 'Delete' || !scaledDown)) add(set, STATEFUL_SET_KIND);
  }
  return { ...claim, metadata: { ...claim.metadata, ownerReferences: refs } };
}
