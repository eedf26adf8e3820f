import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startLifecycleCluster, type LifecycleCluster } from '../../../test/support/lifecycle-cluster.ts';
import { waitFor } from '../../../test/support/wait-for.ts';
import { newServiceAccountsController } from './serviceaccounts-controller.ts';

let env: LifecycleCluster;
before(async () => { env = await startLifecycleCluster((deps) => [newServiceAccountsController(deps)]); });
after(async () => { await env?.close(); });

const sa = (ns: string) => env.client.resource({ group: '', version: 'v1', resource: 'serviceaccounts' }).namespace(ns);

async function defaultAccount(ns: string) {
  try { return await sa(ns).get('default'); } catch (e) { if ((e as { code?: number }).code === 404) return undefined; throw e; }
}

test('the system namespaces have a default ServiceAccount', async () => {
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    await waitFor(() => defaultAccount(ns), { what: `default ServiceAccount in ${ns}` });
  }
});

test('a new namespace gets a default ServiceAccount, re-created when deleted', async () => {
  await env.client.resource({ group: '', version: 'v1', resource: 'namespaces' }).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
  const first = await waitFor(() => defaultAccount('team-a'), { what: 'default ServiceAccount in team-a' });
  await sa('team-a').delete('default');
  const second = await waitFor(async () => {
    const now = await defaultAccount('team-a');
    return now && now.metadata.uid !== first.metadata.uid ? now : undefined;
  }, { what: 'the default ServiceAccount to be re-created' });
  assert.equal(second.metadata.name, 'default');
});
