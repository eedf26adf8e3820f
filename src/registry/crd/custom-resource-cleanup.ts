/**
 * Deleting a CustomResourceDefinition first deletes its instances, after apiextensions-apiserver
 * pkg/registry/customresourcedefinition/etcd.go (REST.Delete): the first delete of a CRD does not
 * remove it but sets deletionTimestamp, adds the `customresourcecleanup.apiextensions.k8s.io`
 * finalizer and the condition Terminating=True (InstanceDeletionPending). The CRD finalizer
 * controller (src/apiserver/crd/) then deletes every instance and removes the finalizer, and the
 * Store removes the CRD. kube adds the finalizer at delete time, not at create time, so a live
 * CRD carries no finalizer.
 *
 * Wraps the CRD kind's Strategy: the Store's deletionPending/prepareForDelete hooks are where the
 * first delete turns into marking.
 */
import type { KubeObject } from '../../api/object.ts';
import { ensureObj, objects } from '../../api/validation/access.ts';
import type { Strategy } from '../strategy.ts';

export const CUSTOM_RESOURCE_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

/**
 * Sets one status condition, as apiextensions helpers.SetCRDCondition: lastTransitionTime moves
 * only when the status changes.
 */
export function setCrdCondition(crd: KubeObject, condition: { type: string; status: string; reason: string; message: string }, now: string): void {
  const status = ensureObj(crd, 'status');
  const conditions = objects(status.conditions);
  const existing = conditions.find((c) => c.type === condition.type);
  const lastTransitionTime = existing && existing.status === condition.status && typeof existing.lastTransitionTime === 'string' ? existing.lastTransitionTime : now;
  const next = { type: condition.type, status: condition.status, lastTransitionTime, reason: condition.reason, message: condition.message };
  status.conditions = existing ? conditions.map((c) => (c === existing ? next : c)) : [...conditions, next];
}

export function withCustomResourceCleanup(base: Strategy): Strategy {
  return {
    ...base,
    // Only the first delete is held: once marked, the finalizer holds the CRD.
    deletionPending: (crd) => crd.metadata.deletionTimestamp === undefined || (base.deletionPending?.(crd) ?? false),
    prepareForDelete(crd) {
      base.prepareForDelete?.(crd);
      const finalizers = crd.metadata.finalizers ?? [];
      if (!finalizers.includes(CUSTOM_RESOURCE_CLEANUP_FINALIZER)) crd.metadata.finalizers = [...finalizers, CUSTOM_RESOURCE_CLEANUP_FINALIZER];
      // The Store set deletionTimestamp to "now" just before; the Strategy has no clock of its own.
      setCrdCondition(crd, {
        type: 'Terminating', status: 'True', reason: 'InstanceDeletionPending',
        message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
      }, crd.metadata.deletionTimestamp ?? '');
    },
  };
}
