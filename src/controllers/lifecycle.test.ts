import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestCluster, type TestCluster } from '../../test/support/in-process-cluster.ts';
import { podManifest } from '../../test/support/lifecycle-cluster.ts';
import { waitFor } from '../../test/support/wait-for.ts';
import type { Client } from '../client/client.ts';
import { InformerFactory } from '../controller/informer-factory.ts';
import { Manager } from '../controller/manager.ts';
import { systemClock } from '../util/clock.ts';
import { randomIds } from '../util/ids.ts';
import type { Started } from '../util/runnable.ts';
import { registerLifecycleControllers } from './lifecycle.ts';

let cluster: TestCluster;
let client: Client;
let started: Started;
before(async () => {
  cluster = await startTestCluster();
  client = cluster.client();
  const informers = new InformerFactory(client, systemClock);
  const manager = new Manager(informers);
  registerLifecycleControllers(manager, { client, informers, clock: systemClock, ids: randomIds, resources: () => cluster.registry.resources() });
  started = await manager.start(new AbortController().signal);
});
after(async () => { await started?.stop(); await cluster?.close(); });

test('the lifecycle controllers run together in one manager', async () => {
  const sa = client.resource({ group: '', version: 'v1', resource: 'serviceaccounts' }).namespace('default');
  await waitFor(() => sa.get('default'), { what: 'the default ServiceAccount' });
  const pods = client.resource({ group: '', version: 'v1', resource: 'pods' }).namespace('default');
  await pods.create(podManifest('orphan', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: '6a1b0000-0000-4000-8000-0000000000aa' }] }));
  await waitFor(async () => pods.get('orphan').then((p) => !!p.metadata.deletionTimestamp, (e: { code?: number }) => e.code === 404), { what: 'the orphan to be collected' });
  const pdbs = client.resource({ group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' }).namespace('default');
  await pdbs.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'none' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'none' } } } });
  const status = await waitFor(async () => {
    const s = (await pdbs.get('none')).status as { expectedPods?: number; conditions?: unknown[] } | undefined;
    return s?.conditions?.length ? s : undefined;
  }, { what: 'the PDB status' });
  assert.equal(status.expectedPods, 0);
});
