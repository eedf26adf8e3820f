/**
 * ControllerRef: the one ownerReference with `controller: true`, which says which controller
 * manages an object (metav1.GetControllerOf, metav1.IsControlledBy, metav1.NewControllerRef).
 */
import type { KubeObject, OwnerReference } from '../../api/object.ts';

/** The apiVersion and kind of a controller, as written into ownerReferences. */
export interface ControllerKind {
  readonly apiVersion: string;
  readonly kind: string;
}

export function getControllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  const ref = getControllerOf(obj);
  return ref !== undefined && ref.uid === owner.metadata.uid;
}

/** metav1.NewControllerRef: controller and blockOwnerDeletion both true. */
export function newControllerRef(owner: KubeObject, kind: ControllerKind): OwnerReference {
  return {
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** "namespace/name", the key expectations and workqueues use for a pod (controller.PodKey). */
export function objectKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

/** A copy that carries apiVersion and kind (list items may lack them), for events and refs. */
export function withTypeMeta<T extends KubeObject>(obj: T, kind: ControllerKind): T {
  return obj.apiVersion === kind.apiVersion && obj.kind === kind.kind ? obj : { ...obj, apiVersion: kind.apiVersion, kind: kind.kind };
}
