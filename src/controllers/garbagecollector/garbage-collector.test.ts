import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeObject, OwnerReference } from '../../api/object.ts';
import { startLifecycleCluster, type LifecycleCluster, podManifest } from '../../../test/support/lifecycle-cluster.ts';
import { waitFor } from '../../../test/support/wait-for.ts';
import { newGarbageCollectorController } from './garbage-collector.ts';
import { itemKey, parseItemKey } from './object-graph.ts';

let env: LifecycleCluster;
before(async () => { env = await startLifecycleCluster((deps) => [newGarbageCollectorController(deps)]); });
after(async () => { await env?.close(); });

const rsClient = () => env.client.resource({ group: 'apps', version: 'v1', resource: 'replicasets' }).namespace('default');
const podClient = () => env.client.resource({ group: '', version: 'v1', resource: 'pods' }).namespace('default');

async function createReplicaSet(name: string): Promise<KubeObject> {
  return rsClient().create({
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name },
    spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
  });
}

function refTo(owner: KubeObject, extra: Partial<OwnerReference> = {}): OwnerReference {
  return { apiVersion: owner.apiVersion!, kind: owner.kind!, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true, ...extra };
}

async function createPods(owner: KubeObject, names: string[], extra: { finalizers?: string[]; ref?: Partial<OwnerReference> } = {}): Promise<KubeObject[]> {
  const out: KubeObject[] = [];
  for (const n of names) out.push(await podClient().create(podManifest(n, { labels: { app: owner.metadata.name! }, ownerReferences: [refTo(owner, extra.ref)], finalizers: extra.finalizers })));
  return out;
}

/** Gone, or marked for deletion (a pod may wait for its kubelet). */
async function deleted(name: string): Promise<boolean> {
  try {
    return !!(await podClient().get(name)).metadata.deletionTimestamp;
  } catch (e) {
    if ((e as { code?: number }).code === 404) return true;
    throw e;
  }
}

async function absent(get: () => Promise<KubeObject>): Promise<boolean> {
  try { await get(); return false; } catch (e) { if ((e as { code?: number }).code === 404) return true; throw e; }
}

test('item keys round-trip group, version, resource, namespace and name', () => {
  const key = itemKey({ group: '', version: 'v1', resource: 'pods' }, 'ns', 'p-1');
  assert.deepEqual(parseItemKey(key), { gvr: { group: '', version: 'v1', resource: 'pods' }, namespace: 'ns', name: 'p-1' });
  assert.deepEqual(parseItemKey(itemKey({ group: 'apps', version: 'v1', resource: 'x' }, undefined, 'n')).namespace, undefined);
});

test('pods of a ReplicaSet deleted in the background are garbage collected', async () => {
  const rs = await createReplicaSet('bg');
  await createPods(rs, ['bg-1', 'bg-2']);
  await rsClient().delete('bg', { propagationPolicy: 'Background' });
  await waitFor(async () => (await deleted('bg-1')) && (await deleted('bg-2')), { what: 'orphaned pods to be deleted' });
});

test('an object whose owner never existed is collected; one with a live owner is kept', async () => {
  const live = await createReplicaSet('live');
  const ghost = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'ghost', uid: '6a1b0000-0000-4000-8000-000000000001' };
  await podClient().create(podManifest('ghost-1', { ownerReferences: [ghost] }));
  await createPods(live, ['kept-1']);
  await waitFor(() => deleted('ghost-1'), { what: 'pod with an absent owner to be deleted' });
  assert.equal((await podClient().get('kept-1')).metadata.deletionTimestamp, undefined);
});

test('a dependent with another live owner loses only the reference to the deleted one', async () => {
  const a = await createReplicaSet('owner-a');
  const b = await createReplicaSet('owner-b');
  await podClient().create(podManifest('shared-1', { ownerReferences: [refTo(a, { controller: false }), refTo(b, { controller: false })] }));
  await rsClient().delete('owner-a', { propagationPolicy: 'Background' });
  const pod = await waitFor(async () => {
    const p = await podClient().get('shared-1');
    return p.metadata.ownerReferences?.length === 1 ? p : undefined;
  }, { what: 'the dangling reference to be removed' });
  assert.equal(pod.metadata.ownerReferences![0].uid, b.metadata.uid);
  assert.equal(pod.metadata.deletionTimestamp, undefined);
});

test('foreground deletion deletes the dependents first and keeps the owner until blocking ones are gone', async () => {
  const rs = await createReplicaSet('fg');
  await createPods(rs, ['fg-1']);
  // A finalizer holds this dependent after its delete, so the owner must wait for it.
  await createPods(rs, ['fg-held'], { finalizers: ['example.com/hold'] });
  await rsClient().delete('fg', { propagationPolicy: 'Foreground' });
  await waitFor(async () => (await deleted('fg-1')) && (await deleted('fg-held')), { what: 'dependents to be deleted' });
  const owner = await rsClient().get('fg');
  assert.ok(owner.metadata.deletionTimestamp, 'the owner is marked for deletion');
  assert.deepEqual(owner.metadata.finalizers, ['foregroundDeletion'], 'the owner waits for its blocking dependent');
  const held = await podClient().get('fg-held');
  await podClient().patch('fg-held', { metadata: { finalizers: null, resourceVersion: held.metadata.resourceVersion } }, { type: 'merge' });
  await waitFor(() => absent(() => rsClient().get('fg')), { what: 'the owner to be deleted after its dependents' });
});

test('a non-blocking dependent does not hold a foreground deletion', async () => {
  const rs = await createReplicaSet('fg-nb');
  await createPods(rs, ['fg-nb-held'], { finalizers: ['example.com/hold'], ref: { blockOwnerDeletion: false } });
  await rsClient().delete('fg-nb', { propagationPolicy: 'Foreground' });
  await waitFor(() => absent(() => rsClient().get('fg-nb')), { what: 'the owner to be deleted' });
  const held = await waitFor(async () => { const p = await podClient().get('fg-nb-held'); return p.metadata.deletionTimestamp ? p : undefined; }, { what: 'the dependent to be deleted too' });
  await podClient().patch('fg-nb-held', { metadata: { finalizers: null, resourceVersion: held.metadata.resourceVersion } }, { type: 'merge' });
});

test('orphan deletion removes the owner reference from dependents and then the owner', async () => {
  const rs = await createReplicaSet('orph');
  await createPods(rs, ['orph-1', 'orph-2']);
  await rsClient().delete('orph', { propagationPolicy: 'Orphan' });
  await waitFor(() => absent(() => rsClient().get('orph')), { what: 'the orphaning owner to be deleted' });
  for (const name of ['orph-1', 'orph-2']) {
    const pod = await podClient().get(name);
    assert.equal(pod.metadata.deletionTimestamp, undefined, `${name} is kept`);
    assert.equal(pod.metadata.ownerReferences, undefined, `${name} has no owner left`);
  }
});
