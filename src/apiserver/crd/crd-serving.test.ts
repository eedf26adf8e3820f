/**
 * Custom resources served from CRDs, on an in-process cluster: a CRD with two versions, status
 * and scale subresources, printer columns, short names and category "all" is usable in the very
 * next request after its create; its CRs are validated, defaulted and pruned; discovery, OpenAPI
 * and Tables include it; deleting the CRD deletes its CRs and stops serving it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { KubeList, KubeObject } from '../../api/object.ts';
import { StatusError } from '../../api/status.ts';
import type { Client } from '../../client/client.ts';
import { startControlPlane } from '../../cluster/control-plane.ts';
import { startTestCluster, type TestCluster } from '../../../test/support/in-process-cluster.ts';
import { waitFor } from '../../../test/support/wait-for.ts';

const CRDS = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
const WIDGETS = { group: 'example.com', version: 'v1', resource: 'widgets' };
const WIDGETS_BETA = { ...WIDGETS, version: 'v1beta1' };

const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        size: { type: 'string', enum: ['small', 'large'], default: 'small' },
        replicas: { type: 'integer', minimum: 0, default: 1 },
        color: { type: 'string' },
      },
    },
    status: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'string' }, phase: { type: 'string' } } },
  },
};

function widgetCrd(): KubeObject {
  const version = (name: string, storage: boolean) => ({
    name, served: true, storage,
    schema: { openAPIV3Schema: schema },
    subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
    additionalPrinterColumns: [
      { name: 'Size', type: 'string', jsonPath: '.spec.size' },
      { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ],
  });
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com', scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wd'], categories: ['all'] },
      versions: [version('v1beta1', false), version('v1', true)],
    },
  };
}

const widget = (name: string, spec: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name }, spec, ...extra });

async function rejection(p: Promise<unknown>): Promise<StatusError> {
  try { await p; } catch (e) { if (e instanceof StatusError) return e; throw e; }
  assert.fail('expected the request to fail');
}

const condition = (crd: KubeObject, type: string) => ((crd.status as { conditions?: { type: string; status: string; reason: string }[] }).conditions ?? []).find((c) => c.type === type);

describe('custom resources served from a CRD', () => {
  let cluster: TestCluster;
  let client: Client;
  const widgets = () => client.resource(WIDGETS).namespace('default');

  before(async () => {
    cluster = await startTestCluster();
    client = cluster.client();
    await client.resource(CRDS).create(widgetCrd());
  });
  after(async () => { await cluster?.close(); });

  test('a CR can be created in the request right after its CRD, defaulted and pruned', async () => {
    const created = await widgets().create(widget('w1', { color: 'red', bogus: true }, { junk: 1 }));
    assert.equal(created.apiVersion, 'example.com/v1');
    assert.equal(created.kind, 'Widget');
    assert.deepEqual(created.spec, { color: 'red', size: 'small', replicas: 1 });
    assert.equal(created.junk, undefined);
    assert.equal(created.metadata.generation, 1);
    assert.match(created.metadata.uid ?? '', /^[0-9a-f-]{36}$/);
  });

  test('the CRD gets NamesAccepted, Established and its accepted names; no finalizer while live', async () => {
    const crd = await waitFor(async () => {
      const c = await client.resource(CRDS).get('widgets.example.com');
      return condition(c, 'Established')?.status === 'True' && condition(c, 'NamesAccepted') ? c : undefined;
    }, { what: 'Established' });
    assert.equal(condition(crd, 'NamesAccepted')?.reason, 'NoConflicts');
    assert.equal(condition(crd, 'Established')?.reason, 'InitialNamesAccepted');
    assert.deepEqual((crd.status as Record<string, unknown>).acceptedNames,
      { plural: 'widgets', singular: 'widget', shortNames: ['wd'], kind: 'Widget', listKind: 'WidgetList', categories: ['all'] });
    assert.deepEqual((crd.status as Record<string, unknown>).storedVersions, ['v1']);
    assert.equal(crd.metadata.finalizers, undefined);
  });

  test('get and list, in both served versions, from one storage', async () => {
    await widgets().create(widget('w2', { size: 'large' }));
    const beta = await client.resource(WIDGETS_BETA).namespace('default').get('w2');
    assert.equal(beta.apiVersion, 'example.com/v1beta1');
    assert.deepEqual(beta.spec, { size: 'large', replicas: 1 });
    const list = await widgets().list();
    assert.equal(list.kind, 'WidgetList');
    assert.deepEqual(list.items.map((i) => i.metadata.name).sort(), ['w1', 'w2']);
    const all = await client.resource(WIDGETS_BETA).list();
    assert.equal(all.apiVersion, 'example.com/v1beta1');
    assert.ok(all.items.every((i) => i.apiVersion === 'example.com/v1beta1'));
  });

  test('a merge patch changes the spec and bumps generation; strategic merge patch is 415', async () => {
    const patched = await widgets().patch('w1', { spec: { replicas: 3 } }, { type: 'merge' });
    assert.equal((patched.spec as { replicas: number }).replicas, 3);
    assert.equal(patched.metadata.generation, 2);
    const e = await rejection(widgets().patch('w1', { spec: { replicas: 4 } }, { type: 'strategic' }));
    assert.equal(e.code, 415);
  });

  test('a CR that breaks the schema is 422 with kube\'s field paths and messages', async () => {
    const e = await rejection(widgets().create(widget('bad', { replicas: 'string', size: 'medium' })));
    assert.equal(e.code, 422);
    assert.equal(e.reason, 'Invalid');
    assert.match(e.message, /^Widget\.example\.com "bad" is invalid: \[/);
    assert.match(e.message, /spec\.replicas: Invalid value: "string": spec\.replicas in body must be of type integer: "string"/);
    assert.match(e.message, /spec\.size: Unsupported value: "medium": supported values: "small", "large"/);
    const name = await rejection(widgets().create(widget('Not_A_Name')));
    assert.equal(name.code, 422);
    assert.match(name.message, /metadata\.name: Invalid value: "Not_A_Name": a lowercase RFC 1123 subdomain/);
    const patch = await rejection(widgets().patch('w1', { spec: { replicas: -1 } }, { type: 'merge' }));
    assert.match(patch.message, /spec\.replicas: Invalid value: -1: spec\.replicas in body should be greater than or equal to 0/);
  });

  test('the status subresource: /status ignores spec, the main resource ignores status; generation moves with spec only', async () => {
    const before = await widgets().get('w1');
    const viaStatus = await widgets().update({ ...before, spec: { ...(before.spec as object), replicas: 9 }, status: { replicas: 2, phase: 'Ready' } }, { subresource: 'status' });
    assert.deepEqual(viaStatus.status, { replicas: 2, phase: 'Ready' });
    assert.equal((viaStatus.spec as { replicas: number }).replicas, 3);
    assert.equal(viaStatus.metadata.generation, before.metadata.generation);
    const viaMain = await widgets().patch('w1', { status: { phase: 'Hacked' }, spec: { color: 'blue' } }, { type: 'merge' });
    assert.equal((viaMain.status as { phase: string }).phase, 'Ready');
    assert.equal((viaMain.spec as { color: string }).color, 'blue');
    assert.equal(viaMain.metadata.generation, (before.metadata.generation ?? 0) + 1);
    const created = await widgets().create(widget('w3', {}, { status: { phase: 'Preset' } }));
    assert.equal(created.status, undefined);
  });

  test('the scale subresource reads and writes the CRD\'s replica paths', async () => {
    await widgets().patch('w1', { status: { selector: 'app=w1' } }, { type: 'merge', subresource: 'status' });
    const scale = await client.call<KubeObject>({ method: 'GET', path: '/apis/example.com/v1/namespaces/default/widgets/w1/scale' });
    assert.equal(scale.kind, 'Scale');
    assert.equal(scale.apiVersion, 'autoscaling/v1');
    assert.deepEqual(scale.spec, { replicas: 3 });
    assert.deepEqual(scale.status, { replicas: 2, selector: 'app=w1' });
    await client.call({ method: 'PATCH', path: '/apis/example.com/v1/namespaces/default/widgets/w1/scale', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ spec: { replicas: 5 } }) });
    assert.equal(((await widgets().get('w1')).spec as { replicas: number }).replicas, 5);
  });

  test('aggregated discovery lists the resource with its versions, names, categories and subresources', async () => {
    const doc = await client.call<{ items: { metadata: { name?: string }; versions: { version: string; resources: Record<string, unknown>[] }[] }[] }>({
      method: 'GET', path: '/apis', headers: { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' },
    });
    const group = doc.items.find((g) => g.metadata.name === 'example.com');
    assert.ok(group, 'example.com is in discovery');
    assert.deepEqual(group.versions.map((v) => v.version), ['v1', 'v1beta1']);
    const r = group.versions[0].resources.find((x) => x.resource === 'widgets')!;
    assert.deepEqual(r.shortNames, ['wd']);
    assert.deepEqual(r.categories, ['all']);
    assert.equal(r.scope, 'Namespaced');
    assert.equal(r.singularResource, 'widget');
    assert.deepEqual(r.responseKind, { group: 'example.com', version: 'v1', kind: 'Widget' });
    assert.deepEqual((r.subresources as { subresource: string }[]).map((s) => s.subresource), ['status', 'scale']);
    assert.equal(doc.items[doc.items.length - 1].metadata.name, 'example.com', 'CRD groups come after the built-in ones');
  });

  test('OpenAPI v3 has a document for the group-version with the schema and merge-patch-only PATCH', async () => {
    const index = await client.call<{ paths: Record<string, { serverRelativeURL: string }> }>({ method: 'GET', path: '/openapi/v3' });
    const entry = index.paths['apis/example.com/v1'];
    assert.ok(entry, 'apis/example.com/v1 is in the index');
    const [path, query] = entry.serverRelativeURL.split('?');
    const doc = await client.call<{ paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> }; parameters?: { name: string }[] }>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }>({
      method: 'GET', path, query: new URLSearchParams(query),
    });
    const kind = doc.components.schemas['com.example.v1.Widget'];
    assert.ok(kind?.properties?.spec, 'the Widget schema has spec');
    const item = doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}'];
    assert.ok(item?.patch?.requestBody, 'the PATCH operation exists');
    assert.ok(!('application/strategic-merge-patch+json' in item.patch.requestBody.content));
    assert.ok(item.patch.parameters?.some((p) => p.name === 'fieldValidation'));
  });

  test('Tables print the additionalPrinterColumns', async () => {
    const table = await client.call<{ columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] }>({
      method: 'GET', path: '/apis/example.com/v1/namespaces/default/widgets', headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
    });
    assert.deepEqual(table.columnDefinitions.map((c) => c.name), ['Name', 'Size', 'Replicas', 'Age']);
    const w1 = table.rows.find((r) => r.cells[0] === 'w1')!;
    assert.deepEqual(w1.cells.slice(0, 3), ['w1', 'small', 5]);
  });

  test('a second CRD whose short name is taken is not accepted and not served', async () => {
    const crd = widgetCrd();
    const spec = crd.spec as { names: Record<string, unknown>; versions: Record<string, unknown>[] };
    crd.metadata.name = 'gadgets.example.com';
    spec.names = { plural: 'gadgets', kind: 'Gadget', shortNames: ['wd'] };
    spec.versions = [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }];
    await client.resource(CRDS).create(crd);
    const status = await waitFor(async () => {
      const c = await client.resource(CRDS).get('gadgets.example.com');
      return condition(c, 'NamesAccepted') ? c : undefined;
    }, { what: 'NamesAccepted' });
    assert.equal(condition(status, 'NamesAccepted')?.status, 'False');
    assert.equal(condition(status, 'NamesAccepted')?.reason, 'ShortNamesConflict');
    assert.equal(condition(status, 'Established')?.status, 'False');
    const e = await rejection(client.resource({ group: 'example.com', version: 'v1', resource: 'gadgets' }).namespace('default').list());
    assert.equal(e.code, 404);
    await client.resource(CRDS).delete('gadgets.example.com');
  });

  test('deleting the CRD waits for its CRs (their finalizers too), refuses creates meanwhile, then stops serving', async () => {
    await widgets().create(widget('held', {}, { metadata: { name: 'held', finalizers: ['example.com/hold'] } }));
    await client.resource(CRDS).delete('widgets.example.com');
    const terminating = await waitFor(async () => {
      const c = await client.resource(CRDS).get('widgets.example.com');
      return condition(c, 'Terminating')?.reason === 'InstanceDeletionInProgress' ? c : undefined;
    }, { what: 'Terminating' });
    assert.ok(terminating.metadata.deletionTimestamp);
    assert.deepEqual(terminating.metadata.finalizers, ['customresourcecleanup.apiextensions.k8s.io']);
    const held = await waitFor(async () => {
      const list: KubeList = await widgets().list();
      return list.items.length === 1 ? list.items[0] : undefined;
    }, { what: 'only the held CR left' });
    assert.equal(held.metadata.name, 'held');
    assert.ok(held.metadata.deletionTimestamp);
    const refused = await rejection(widgets().create(widget('late')));
    assert.equal(refused.code, 405);
    await widgets().patch('held', { metadata: { finalizers: null } }, { type: 'merge' });
    await waitFor(async () => {
      const e = await rejection(client.resource(CRDS).get('widgets.example.com')).catch(() => undefined);
      return e?.code === 404;
    }, { what: 'the CRD to be gone' });
    await waitFor(() => cluster.registry.storeFor('example.com', 'v1', 'widgets') === undefined, { what: 'the resource to be removed' });
    const gone = await rejection(widgets().list());
    assert.equal(gone.code, 404);
    assert.equal(cluster.registry.storeFor('example.com', 'v1beta1', 'widgets'), undefined);
  });

  test('a recreated CRD serves an empty resource: the old CRs were deleted from storage', async () => {
    await client.resource(CRDS).create(widgetCrd());
    const list = await widgets().list();
    assert.deepEqual(list.items, []);
  });
});

describe('custom resources after a restart', () => {
  test('a cluster restarted on the same SQLite file serves its CRDs and their CRs as soon as it is up', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ekslite-crd-restart-'));
    try {
      const first = await startControlPlane({ dataDir: dir, port: 0 });
      try {
        await first.client().resource(CRDS).create(widgetCrd());
        await first.client().resource(WIDGETS).namespace('default').create(widget('kept', { size: 'large' }));
      } finally {
        await first.stop();
      }
      const second = await startControlPlane({ dataDir: dir, port: 0 });
      try {
        const kept = await second.client().resource(WIDGETS_BETA).namespace('default').get('kept');
        assert.deepEqual(kept.spec, { size: 'large', replicas: 1 });
        assert.ok(second.registry.resources().some((r) => r.group === 'example.com' && r.version === 'v1' && r.resource === 'widgets'));
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
