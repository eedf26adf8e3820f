/**
 * fieldValidation for custom resources: the CRD's structural schema decides what is unknown —
 * Strict answers 400 as kube-apiserver words it, Warn answers with Warning headers, and the
 * unknown fields are pruned either way.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster, type TestCluster } from '../support/in-process-cluster.ts';

let cluster: TestCluster;
before(async () => { cluster = await startTestCluster(); });
after(async () => { await cluster.close(); });

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gadgets.example.com' },
  spec: {
    group: 'example.com', scope: 'Namespaced', names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
  },
};

test('unknown fields of a custom resource: Strict is 400, Warn warns, both prune', async () => {
  const client = cluster.client();
  await client.resource({ group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' }).create(CRD as never);
  const path = '/apis/example.com/v1/namespaces/default/gadgets';
  const body = (name: string) => JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name }, spec: { size: 1, colour: 'red' } });
  let strict = await client.transport.request({ method: 'POST', path, query: new URLSearchParams({ fieldValidation: 'Strict' }), headers: { 'content-type': 'application/json' }, body: body('g1') });
  for (let i = 0; i < 100 && strict.status === 404; i++) {
    await new Promise((r) => setTimeout(r, 20)); // the resource is served as the CRD's watch event arrives
    strict = await client.transport.request({ method: 'POST', path, query: new URLSearchParams({ fieldValidation: 'Strict' }), headers: { 'content-type': 'application/json' }, body: body('g1') });
  }
  assert.equal(strict.status, 400, strict.body.toString());
  assert.equal(JSON.parse(strict.body.toString()).message, 'Gadget in version "v1" cannot be handled as a Gadget: strict decoding error: unknown field "spec.colour"');
  const warn = await client.transport.request({ method: 'POST', path, query: new URLSearchParams({ fieldValidation: 'Warn' }), headers: { 'content-type': 'application/json' }, body: body('g2') });
  assert.equal(warn.status, 201);
  assert.equal(warn.headers.warning, '299 - "unknown field \\"spec.colour\\""');
  assert.deepEqual(JSON.parse(warn.body.toString()).spec, { size: 1 });
});
