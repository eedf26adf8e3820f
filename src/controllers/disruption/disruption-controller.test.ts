import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { StatusError } from '../../api/status.ts';
import { evictPod } from '../../apiserver/eviction.ts';
import { rfc3339 } from '../../util/clock.ts';
import { startLifecycleCluster, type LifecycleCluster, podManifest } from '../../../test/support/lifecycle-cluster.ts';
import { waitFor } from '../../../test/support/wait-for.ts';
import { newDisruptionController } from './disruption-controller.ts';
import type { PdbStatus } from './pdb-status.ts';

let env: LifecycleCluster;
before(async () => { env = await startLifecycleCluster((deps) => [newDisruptionController(deps)]); });
after(async () => { await env?.close(); });

const pods = () => env.client.resource({ group: '', version: 'v1', resource: 'pods' }).namespace('default');
const pdbs = () => env.client.resource({ group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' }).namespace('default');
const replicaSets = () => env.client.resource({ group: 'apps', version: 'v1', resource: 'replicasets' }).namespace('default');

async function readyPod(name: string, app: string, owner?: KubeObject): Promise<void> {
  const ownerReferences = owner ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true }] : undefined;
  const p = await pods().create(podManifest(name, { labels: { app }, ownerReferences, spec: { nodeName: 'n1' } }));
  await pods().update({ ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: rfc3339(env.clock.now()) }] } }, { subresource: 'status' });
}

async function statusOf(name: string, want: (s: PdbStatus) => boolean, what: string): Promise<PdbStatus> {
  return waitFor(async () => {
    const s = (await pdbs().get(name)).status as PdbStatus | undefined;
    return s && want(s) ? s : undefined;
  }, { what });
}

const summary = (s: PdbStatus) => ({ expectedPods: s.expectedPods, desiredHealthy: s.desiredHealthy, currentHealthy: s.currentHealthy, disruptionsAllowed: s.disruptionsAllowed });

test('an integer minAvailable counts the selected ready pods', async () => {
  for (const n of ['min-1', 'min-2', 'min-3']) await readyPod(n, 'min');
  await pdbs().create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'min' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'min' } } } });
  const s = await statusOf('min', (x) => x.currentHealthy === 3, 'min status');
  assert.deepEqual(summary(s), { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
  const pdb = await pdbs().get('min');
  assert.equal(s.observedGeneration, pdb.metadata.generation);
  assert.deepEqual(s.conditions?.map((c) => [c.type, c.status, c.reason]), [['DisruptionAllowed', 'True', 'SufficientPods']]);
});

test('a percentage maxUnavailable uses the controller\'s replicas', async () => {
  const rs = await replicaSets().create({
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' },
    spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
  });
  for (const n of ['web-1', 'web-2', 'web-3']) await readyPod(n, 'web', rs);
  await pdbs().create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { maxUnavailable: '25%', selector: { matchLabels: { app: 'web' } } } });
  const short = await statusOf('web', (x) => x.currentHealthy === 3, 'web status with 3 of 4 pods');
  assert.deepEqual(summary(short), { expectedPods: 4, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 });
  assert.equal(short.conditions?.[0].reason, 'InsufficientPods');
  await readyPod('web-4', 'web', rs);
  const full = await statusOf('web', (x) => x.currentHealthy === 4, 'web status with 4 pods');
  assert.deepEqual(summary(full), { expectedPods: 4, desiredHealthy: 3, currentHealthy: 4, disruptionsAllowed: 1 });
});

test('the eviction subresource spends the budget the controller computed, then refuses', async () => {
  await statusOf('web', (x) => x.disruptionsAllowed === 1, 'one disruption allowed');
  const deps = {
    pods: env.cluster.registry.storeFor('', 'v1', 'pods')!,
    pdbs: env.cluster.registry.storeFor('policy', 'v1', 'poddisruptionbudgets')!,
    clock: env.clock,
  };
  const evict = (name: string) => evictPod(deps, { namespace: 'default', name, body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name } }, dryRun: false });
  assert.equal((await evict('web-1')).status, 'Success');
  const spent = await statusOf('web', (x) => x.currentHealthy === 3, 'the evicted pod to stop counting');
  assert.equal(spent.disruptionsAllowed, 0);
  const refused = await evict('web-2').then(() => undefined, (e: unknown) => e);
  assert.ok(refused instanceof StatusError);
  assert.equal(refused.code, 429);
  assert.equal(refused.status.details?.causes?.[0].reason, 'DisruptionBudget');
});

test('a pod whose controller cannot be found makes the budget fail safe', async () => {
  const ghost = { metadata: { name: 'ghost', uid: '6a1b0000-0000-4000-8000-00000000beef' } } as KubeObject;
  await readyPod('lost-1', 'lost', ghost);
  await pdbs().create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'lost' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'lost' } } } });
  const s = await statusOf('lost', (x) => (x.conditions ?? []).length > 0, 'lost status');
  assert.equal(s.disruptionsAllowed, 0);
  assert.deepEqual([s.conditions![0].status, s.conditions![0].reason, s.conditions![0].message], ['False', 'SyncFailed', 'found no controllers for pod "lost-1"']);
});
