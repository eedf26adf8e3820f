/**
 * `@kubernetes/client-node` 1.4.0 against `ekslite up`: create a CRD with ApiextensionsV1Api,
 * then create, get, list and patch its custom resources with CustomObjectsApi, as operators
 * written with client-node do.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { startEkslite, type EksliteProcess } from '../support/ekslite-process.ts';

const ref = { group: 'stable.example.com', version: 'v1', plural: 'crontabs', namespace: 'default' };

const crd: k8s.V1CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'crontabs.stable.example.com' },
  spec: {
    group: 'stable.example.com',
    scope: 'Namespaced',
    names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'] },
    versions: [{
      name: 'v1', served: true, storage: true,
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            spec: {
              type: 'object',
              properties: { cronSpec: { type: 'string' }, image: { type: 'string' }, replicas: { type: 'integer', _default: 1 } },
            },
          },
        },
      },
    }],
  },
};

describe('@kubernetes/client-node CustomObjectsApi against ekslite up', () => {
  let ek: EksliteProcess;
  let custom: k8s.CustomObjectsApi;

  before(async () => {
    ek = await startEkslite({ name: 'crd-client-node' });
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(ek.kubeconfig);
    custom = kc.makeApiClient(k8s.CustomObjectsApi);
    await kc.makeApiClient(k8s.ApiextensionsV1Api).createCustomResourceDefinition({ body: crd });
  });
  after(async () => { await ek?.stop(); await ek?.cleanup(); });

  test('create, get, list and merge-patch a custom object', async () => {
    const created = await custom.createNamespacedCustomObject({
      ...ref, body: { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'nightly' }, spec: { cronSpec: '0 0 * * *', image: 'busybox', extra: 'x' } },
    }) as { spec: Record<string, unknown>; metadata: { uid: string } };
    assert.deepEqual(created.spec, { cronSpec: '0 0 * * *', image: 'busybox', replicas: 1 });

    const got = await custom.getNamespacedCustomObject({ ...ref, name: 'nightly' }) as { metadata: { uid: string }; kind: string };
    assert.equal(got.kind, 'CronTab');
    assert.equal(got.metadata.uid, created.metadata.uid);

    const list = await custom.listNamespacedCustomObject(ref) as { kind: string; items: { metadata: { name: string } }[] };
    assert.equal(list.kind, 'CronTabList');
    assert.deepEqual(list.items.map((i) => i.metadata.name), ['nightly']);

    const patched = await custom.patchNamespacedCustomObject(
      { ...ref, name: 'nightly', body: { spec: { image: 'alpine' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    ) as { spec: Record<string, unknown>; metadata: { generation: number } };
    assert.deepEqual(patched.spec, { cronSpec: '0 0 * * *', image: 'alpine', replicas: 1 });
    assert.equal(patched.metadata.generation, 2);
  });

  test('a JSON patch (client-node\'s default patch type) works too', async () => {
    const patched = await custom.patchNamespacedCustomObject({ ...ref, name: 'nightly', body: [{ op: 'replace', path: '/spec/replicas', value: 3 }] }) as { spec: { replicas: number } };
    assert.equal(patched.spec.replicas, 3);
  });

  test('a schema violation is a 422 ApiException', async () => {
    await assert.rejects(
      custom.createNamespacedCustomObject({ ...ref, body: { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'bad' }, spec: { replicas: 'two' } } }),
      (e: { code?: number; body?: string }) => {
        assert.equal(e.code, 422);
        assert.match(String(e.body), /spec\.replicas in body must be of type integer/);
        return true;
      },
    );
  });
});
