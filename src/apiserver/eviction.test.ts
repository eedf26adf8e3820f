import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../api/object.ts';
import { StatusError } from '../api/status.ts';
import { FakeClock, rfc3339 } from '../util/clock.ts';
import { startTestCluster, type TestCluster } from '../../test/support/in-process-cluster.ts';
import { evictPod, type EvictionDeps } from './eviction.ts';

const clock = new FakeClock();
let cluster: TestCluster;
let deps: EvictionDeps;
before(async () => {
  cluster = await startTestCluster({ clock });
  deps = { pods: cluster.registry.storeFor('', 'v1', 'pods')!, pdbs: cluster.registry.storeFor('policy', 'v1', 'poddisruptionbudgets')!, clock };
});
after(async () => { await cluster?.close(); });

const NS = 'default';

async function runningPod(name: string, labels: Record<string, string>, ready = true): Promise<KubeObject> {
  await deps.pods.create(NS, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }] } });
  return deps.pods.guaranteedUpdate(NS, name, (p) => ({
    ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: rfc3339(clock.now()) }] },
  }), { subresource: 'status' });
}

async function pdb(name: string, app: string, status: { disruptionsAllowed: number; currentHealthy: number; desiredHealthy: number; behind?: boolean }): Promise<KubeObject> {
  const created = await deps.pdbs.create(NS, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { minAvailable: status.desiredHealthy, selector: { matchLabels: { app } } } });
  const generation = created.metadata.generation ?? 1;
  return deps.pdbs.guaranteedUpdate(NS, name, (p) => ({
    ...p, status: { ...status, behind: undefined, expectedPods: status.currentHealthy, observedGeneration: status.behind ? generation - 1 : generation },
  }), { subresource: 'status' });
}

const eviction = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: NS }, ...extra });
const evict = (name: string, o: { body?: KubeObject; dryRun?: boolean } = {}) => evictPod(deps, { namespace: NS, name, body: o.body ?? eviction(name), dryRun: o.dryRun ?? false });

async function rejection(p: Promise<unknown>): Promise<StatusError> {
  try { await p; } catch (e) { if (e instanceof StatusError) return e; throw e; }
  assert.fail('expected the eviction to be refused');
}

const podState = async (name: string) => deps.pods.get(NS, name).catch(() => undefined);

test('a PDB with no disruption allowed blocks the eviction with 429 and a DisruptionBudget cause', async () => {
  await runningPod('blocked-1', { app: 'blocked' });
  await pdb('blocked', 'blocked', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 });
  const err = await rejection(evict('blocked-1'));
  assert.equal(err.code, 429);
  assert.equal(err.reason, 'TooManyRequests');
  assert.equal(err.message, "Cannot evict pod as it would violate the pod's disruption budget.");
  assert.deepEqual(err.status.details?.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget blocked needs 1 healthy pods and has 1 currently' }]);
  assert.equal((await podState('blocked-1'))?.metadata.deletionTimestamp, undefined);
});

test('an allowed eviction spends the budget, records the pod and deletes it with DisruptionTarget', async () => {
  await runningPod('ok-1', { app: 'ok' });
  await runningPod('ok-2', { app: 'ok' });
  await pdb('ok', 'ok', { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1 });
  const status = await evict('ok-1');
  assert.deepEqual(status, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
  const pod = await podState('ok-1');
  assert.ok(pod?.metadata.deletionTimestamp, 'the pod is being deleted (its kubelet finishes it)');
  const dt = (pod!.status as { conditions: { type: string; status: string; reason?: string; message?: string }[] }).conditions.find((c) => c.type === 'DisruptionTarget');
  assert.deepEqual([dt?.status, dt?.reason, dt?.message], ['True', 'EvictionByEvictionAPI', 'Eviction API: evicting']);
  const budget = (await deps.pdbs.get(NS, 'ok')).status as { disruptionsAllowed: number; disruptedPods: Record<string, string>; conditions: { reason: string }[] };
  assert.equal(budget.disruptionsAllowed, 0);
  assert.deepEqual(Object.keys(budget.disruptedPods), ['ok-1']);
  assert.equal(budget.conditions.find((c) => c.reason)?.reason, 'InsufficientPods');
  const second = await rejection(evict('ok-2'));
  assert.equal(second.code, 429);
});

test('pending pods are deleted without consulting PDBs', async () => {
  await deps.pods.create(NS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pending-1', labels: { app: 'pending' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
  await pdb('pending', 'pending', { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 1 });
  assert.equal((await evict('pending-1')).status, 'Success');
  const p = await podState('pending-1');
  assert.ok(!p || p.metadata.deletionTimestamp);
  assert.equal(((await deps.pdbs.get(NS, 'pending')).status as { disruptedPods?: unknown }).disruptedPods, undefined);
});

test('an unready pod goes without spending a budget that is met', async () => {
  await runningPod('unready-1', { app: 'unready' }, false);
  await runningPod('unready-2', { app: 'unready' });
  await pdb('unready', 'unready', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 });
  assert.equal((await evict('unready-1')).status, 'Success');
  assert.ok((await podState('unready-1'))?.metadata.deletionTimestamp);
  assert.equal(((await deps.pdbs.get(NS, 'unready')).status as { disruptionsAllowed: number }).disruptionsAllowed, 0);
});

test('a PDB its controller has not processed yet answers 429 with retry after 10 s', async () => {
  await runningPod('behind-1', { app: 'behind' });
  await pdb('behind', 'behind', { disruptionsAllowed: 1, currentHealthy: 1, desiredHealthy: 0, behind: true });
  const err = await rejection(evict('behind-1'));
  assert.equal(err.code, 429);
  assert.equal(err.status.details?.retryAfterSeconds, 10);
  assert.equal(err.status.details?.causes?.[0].message, 'The disruption budget behind is still being processed by the server.');
});

test('more than one matching PDB is refused with a 500 Status', async () => {
  await runningPod('two-1', { app: 'two', tier: 'web' });
  await pdb('two-a', 'two', { disruptionsAllowed: 1, currentHealthy: 1, desiredHealthy: 0 });
  await deps.pdbs.create(NS, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'two-b' }, spec: { maxUnavailable: 1, selector: { matchLabels: { tier: 'web' } } } });
  const status = await evict('two-1');
  assert.deepEqual([status.code, status.status, status.message], [500, 'Failure', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.']);
});

test('dry run neither deletes nor spends', async () => {
  await runningPod('dry-1', { app: 'dry' });
  await pdb('dry', 'dry', { disruptionsAllowed: 1, currentHealthy: 1, desiredHealthy: 0 });
  assert.equal((await evict('dry-1', { dryRun: true })).status, 'Success');
  assert.equal((await podState('dry-1'))?.metadata.deletionTimestamp, undefined);
  assert.equal(((await deps.pdbs.get(NS, 'dry')).status as { disruptionsAllowed: number }).disruptionsAllowed, 1);
});

test('the Eviction must name the pod of the URL, which must exist', async () => {
  const mismatch = await rejection(evict('x', { body: eviction('y') }));
  assert.deepEqual([mismatch.code, mismatch.message], [400, 'name in URL does not match name in Eviction object']);
  assert.equal((await rejection(evict('nope'))).code, 404);
});
