/**
 * The instance deletion of a terminating CRD, after apiextensions-apiserver
 * pkg/controller/finalizer/crd_finalizer.go (sync, deleteInstances): condition Terminating=True
 * InstanceDeletionInProgress, every instance deleted through the registry (each delete honours
 * the instance's own finalizers, so a CR held by a finalizer holds its CRD too), then, once none
 * is left, Terminating=False InstanceDeletionCompleted and the
 * `customresourcecleanup.apiextensions.k8s.io` finalizer removed in one write, which lets the
 * Store remove the CRD.
 *
 * kube polls the instance list; this waits for the next change of the instances (a watch from
 * the list's revision) before it lists again, so it neither spins nor sleeps.
 */
import type { KubeObject } from '../../api/object.ts';
import { rfc3339, type Clock } from '../../util/clock.ts';
import { CUSTOM_RESOURCE_CLEANUP_FINALIZER, setCrdCondition } from '../../registry/crd/custom-resource-cleanup.ts';
import type { Store } from '../../registry/store.ts';

export interface DeleteCustomResourcesDeps {
  /** The CRDs' Store. */
  readonly crds: Store;
  /** A Store of the CRD's instances (any served version: they share one key space), if one is served. */
  readonly instances: Store | undefined;
  readonly clock: Clock;
}

const isNotFound = (e: unknown): boolean => (e as { code?: number }).code === 404;

/** Deletes every instance of `crdName`, then releases the CRD. Resolves when done or aborted. */
export async function deleteCustomResources(deps: DeleteCustomResourcesDeps, crdName: string, signal: AbortSignal): Promise<void> {
  const now = () => rfc3339(deps.clock.now());
  await setTerminating(deps, crdName, { status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' }, now());
  const store = deps.instances;
  while (store && !signal.aborted) {
    const list = await store.list(undefined);
    if (list.items.length === 0) break;
    const changed = nextChange(store, list.metadata.resourceVersion ?? '0', signal);
    for (const item of list.items) {
      if (item.metadata.deletionTimestamp) continue;
      await store.delete(item.metadata.namespace, item.metadata.name!).catch((e: unknown) => { if (!isNotFound(e)) throw e; });
    }
    await changed;
  }
  if (signal.aborted) return;
  await deps.crds.rawUpdate(undefined, crdName, (crd) => {
    setCrdCondition(crd, { type: 'Terminating', status: 'False', reason: 'InstanceDeletionCompleted', message: 'removed all instances' }, now());
    const rest = (crd.metadata.finalizers ?? []).filter((f) => f !== CUSTOM_RESOURCE_CLEANUP_FINALIZER);
    if (rest.length > 0) crd.metadata.finalizers = rest; else delete crd.metadata.finalizers;
    return crd;
  }).catch((e: unknown) => { if (!isNotFound(e)) throw e; });
}

async function setTerminating(deps: DeleteCustomResourcesDeps, crdName: string, c: { status: string; reason: string; message: string }, now: string): Promise<void> {
  await deps.crds.guaranteedUpdate(undefined, crdName, (crd: KubeObject) => {
    setCrdCondition(crd, { type: 'Terminating', ...c }, now);
    return crd;
  }, { subresource: 'status' }).catch((e: unknown) => { if (!isNotFound(e)) throw e; });
}

/** Resolves at the first change to the instances after `resourceVersion` (or when aborted). */
function nextChange(store: Store, resourceVersion: string, signal: AbortSignal): Promise<void> {
  const done = new AbortController();
  const stop = () => done.abort();
  signal.addEventListener('abort', stop, { once: true });
  return new Promise<void>((resolve, reject) => {
    done.signal.addEventListener('abort', () => { signal.removeEventListener('abort', stop); resolve(); }, { once: true });
    store.watch(undefined, {
      resourceVersion,
      signal: done.signal,
      onEvent: stop,
      onError: stop,
    }).catch((e: unknown) => { done.abort(); reject(e instanceof Error ? e : new Error(String(e))); });
  });
}
