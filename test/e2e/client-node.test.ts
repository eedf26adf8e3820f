/**
 * `@kubernetes/client-node` 1.4.0 against `ekslite up`: list, an informer that sees add, update
 * and delete, a JSON merge patch, and 409 Conflict on an update with a stale resourceVersion.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { startEkslite, type EksliteProcess } from '../support/ekslite-process.ts';

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('@kubernetes/client-node against ekslite up', () => {
  let ek: EksliteProcess;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;

  before(async () => {
    ek = await startEkslite({ name: 'client-node' });
    kc = new k8s.KubeConfig();
    kc.loadFromFile(ek.kubeconfig);
    core = kc.makeApiClient(k8s.CoreV1Api);
  });
  after(async () => { await ek?.stop(); await ek?.cleanup(); });

  test('lists namespaces', async () => {
    const list = await core.listNamespace();
    const names = list.items.map((n) => n.metadata?.name);
    assert.ok(names.includes('default') && names.includes('kube-system'), String(names));
    assert.match(list.metadata?.resourceVersion ?? '', /^\d+$/);
  });

  test('an informer sees add, update and delete', async () => {
    const seen: string[] = [];
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () => core.listNamespacedConfigMap({ namespace: 'default' }));
    informer.on('add', (o) => seen.push(`add:${o.metadata?.name}`));
    informer.on('update', (o) => seen.push(`update:${o.metadata?.name}:${o.data?.k}`));
    informer.on('delete', (o) => seen.push(`delete:${o.metadata?.name}`));
    await informer.start();
    try {
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'inf' }, data: { k: '1' } } });
      await waitFor(() => seen.includes('add:inf'), 'add');
      await core.replaceNamespacedConfigMap({ name: 'inf', namespace: 'default', body: { metadata: { name: 'inf' }, data: { k: '2' } } });
      await waitFor(() => seen.includes('update:inf:2'), 'update');
      await core.deleteNamespacedConfigMap({ name: 'inf', namespace: 'default' });
      await waitFor(() => seen.includes('delete:inf'), 'delete');
      assert.equal(informer.get('inf', 'default'), undefined);
    } finally {
      await informer.stop();
    }
  });

  test('a JSON merge patch changes only the patched fields', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'mp', labels: { a: '1' } }, data: { x: '1', y: '2' } } });
    const patched = await core.patchNamespacedConfigMap(
      { name: 'mp', namespace: 'default', body: { data: { y: null, z: '3' }, metadata: { labels: { b: '2' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    assert.deepEqual(patched.data, { x: '1', z: '3' });
    assert.deepEqual(patched.metadata?.labels, { a: '1', b: '2' });
  });

  test('an update with a stale resourceVersion is 409 Conflict', async () => {
    const cm = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cas' }, data: { v: '1' } } });
    const stale = structuredClone(cm);
    await core.replaceNamespacedConfigMap({ name: 'cas', namespace: 'default', body: { ...cm, data: { v: '2' } } });
    await assert.rejects(
      core.replaceNamespacedConfigMap({ name: 'cas', namespace: 'default', body: { ...stale, data: { v: '3' } } }),
      (e: { code?: number; body?: string }) => {
        assert.equal(e.code, 409);
        const status = JSON.parse(e.body ?? '{}') as { reason?: string; message?: string };
        assert.equal(status.reason, 'Conflict');
        assert.match(status.message ?? '', /the object has been modified; please apply your changes to the latest version and try again/);
        return true;
      },
    );
    const now = await core.readNamespacedConfigMap({ name: 'cas', namespace: 'default' });
    assert.equal(now.data?.v, '2');
  });
});
