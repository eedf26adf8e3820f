/**
 * Adoption and orphaning through ControllerRef, after kube-controller-manager's
 * BaseControllerRefManager.ClaimObject (pkg/controller/controller_ref_manager.go): a controller
 * claims the objects its selector matches and nobody controls (adopt), keeps those it controls
 * that still match, and lets go of those it controls that no longer match (release). Adoption
 * and release are strategic-merge patches of metadata.ownerReferences (merge key uid) carrying the
 * child's uid as a precondition, exactly as kube sends them.
 */
import type { GroupVersionResource, KubeObject } from '../../api/object.ts';
import type { LabelSelector } from '../../api/selector/label-selector.ts';
import type { Client } from '../../client/client.ts';
import { type ControllerKind, getControllerOf, newControllerRef } from './controller-ref.ts';

export interface ClaimOptions {
  readonly client: Client;
  /** The children's resource (pods, replicasets…). */
  readonly resource: GroupVersionResource;
  /** The claiming controller object (a ReplicaSet, a Deployment…), as cached. */
  readonly controller: KubeObject;
  readonly controllerKind: ControllerKind;
  readonly selector: LabelSelector;
  /**
   * Called (at most once per claim) before the first adoption; throws to refuse adopting, e.g.
   * when a fresh read shows the controller is being deleted ({@link recheckDeletionTimestamp}).
   */
  readonly canAdopt: () => Promise<void>;
  /** Extra conditions a child must meet to be claimed (kube's filters). */
  readonly filter?: (obj: KubeObject) => boolean;
}

/**
 * Returns the children the controller owns after adopting and releasing. Failures to adopt or
 * release one child do not stop the others; they are rethrown together at the end, so the caller
 * requeues and the claimed list is still usable (kube aggregates the same way).
 */
export async function claimObjects<T extends KubeObject>(children: readonly T[], options: ClaimOptions): Promise<T[]> {
  const claimed: T[] = [];
  const errors: Error[] = [];
  let adoptable: Promise<void> | undefined;
  const canAdopt = () => (adoptable ??= options.canAdopt());
  for (const child of children) {
    try {
      const owned = await claimObject(child, options, canAdopt);
      if (owned) claimed.push(owned as T);
    } catch (e) {
      errors.push(e as Error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `[${errors.map((e) => e.message).join(', ')}]`);
  return claimed;
}

async function claimObject(child: KubeObject, options: ClaimOptions, canAdopt: () => Promise<void>): Promise<KubeObject | undefined> {
  const controller = options.controller;
  const matches = options.selector.matches(child.metadata.labels) && (options.filter?.(child) ?? true);
  const ref = getControllerOf(child);
  if (ref) {
    if (ref.uid !== controller.metadata.uid) return undefined; // someone else's
    if (matches) return child;
    // Ours but no longer selected: release, unless we are being deleted (the GC will handle it).
    if (controller.metadata.deletionTimestamp) return undefined;
    await ignoreNotFound(release(child, options));
    return undefined;
  }
  // An orphan: adopt it if it matches and neither side is being deleted.
  if (controller.metadata.deletionTimestamp || !matches) return undefined;
  if (child.metadata.deletionTimestamp) return undefined;
  if (controller.metadata.namespace && controller.metadata.namespace !== child.metadata.namespace) return undefined;
  await canAdopt();
  const adopted = await ignoreNotFound(adopt(child, options));
  return adopted;
}

function adopt(child: KubeObject, options: ClaimOptions): Promise<KubeObject> {
  const patch = { metadata: { ownerReferences: [newControllerRef(options.controller, options.controllerKind)], uid: child.metadata.uid } };
  return childClient(child, options).patch(child.metadata.name!, patch, { type: 'strategic' });
}

function release(child: KubeObject, options: ClaimOptions): Promise<KubeObject> {
  const patch = { metadata: { ownerReferences: [{ $patch: 'delete', uid: options.controller.metadata.uid }], uid: child.metadata.uid } };
  return childClient(child, options).patch(child.metadata.name!, patch, { type: 'strategic' });
}

function childClient(child: KubeObject, options: ClaimOptions) {
  return options.client.resource(options.resource).namespace(child.metadata.namespace!);
}

/** A child deleted meanwhile is simply not claimed (kube ignores NotFound here too). */
async function ignoreNotFound<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if ((e as { code?: number }).code === 404) return undefined;
    throw e;
  }
}

/**
 * controller.RecheckDeletionTimestamp: before adopting, re-read the controller from the API
 * server rather than the cache, so a controller that is being deleted never adopts (#42639).
 * `getFresh` must also fail when the object now has a different uid.
 */
export function recheckDeletionTimestamp(getFresh: () => Promise<KubeObject>): () => Promise<void> {
  return async () => {
    const fresh = await getFresh();
    if (fresh.metadata.deletionTimestamp) {
      throw new Error(`${fresh.metadata.namespace}/${fresh.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
    }
  };
}

/** The canAdopt of a namespaced controller: GET it and check it is still the same object. */
export function freshControllerCheck(options: { client: Client; resource: GroupVersionResource; controller: KubeObject; kind: string }): () => Promise<void> {
  const { client, resource, controller, kind } = options;
  return recheckDeletionTimestamp(async () => {
    const fresh = await client.resource(resource).namespace(controller.metadata.namespace!).get(controller.metadata.name!);
    if (fresh.metadata.uid !== controller.metadata.uid) {
      throw new Error(`original ${kind} ${controller.metadata.namespace}/${controller.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${controller.metadata.uid}`);
    }
    return fresh;
  });
}
