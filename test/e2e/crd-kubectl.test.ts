/**
 * Custom resources with the real kubectl against `ekslite up` (kubectl-surface.md §6.5): apply a
 * CRD, apply a CR straight after it, print it with the CRD's columns and short name, re-apply a
 * change (kubectl sends a JSON merge patch for CRs), scale it, list it under `get all`, and
 * delete the CRD, which deletes the CR and the resource type. Then helm v4 installs a chart whose
 * crds/ holds the CRD and whose templates hold a CR of it, and upgrades that CR.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startEkslite, type EksliteProcess } from '../support/ekslite-process.ts';
import { kubectl, kubectlAvailable, kubectlOk } from '../support/kubectl.ts';
import { helm4, runOk } from '../support/tools.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'crd');
const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

describe('kubectl and CRDs against ekslite up', { skip }, () => {
  let ek: EksliteProcess;
  before(async () => { ek = await startEkslite({ name: 'crd-e2e' }); });
  after(async () => { await ek?.stop(); await ek?.cleanup(); });

  test('apply the CRD, then a CR straight away', async () => {
    assert.match(await kubectlOk(ek, ['apply', '-f', join(FIXTURES, 'widget-crd.yaml')]), /customresourcedefinition.apiextensions.k8s.io\/widgets.example.com created/);
    assert.match(await kubectlOk(ek, ['apply', '-f', join(FIXTURES, 'widget.yaml')]), /widget.example.com\/w1 created/);
  });

  test('get widgets prints the printer columns; the short name works too', async () => {
    const table = await kubectlOk(ek, ['get', 'widgets']);
    assert.match(table, /^NAME\s+SIZE\s+REPLICAS\s+AGE$/m);
    assert.match(table, /^w1\s+large\s+2\s+\d+s$/m);
    const short = await kubectlOk(ek, ['get', 'wd', 'w1', '-o', 'json']);
    const obj = JSON.parse(short) as { apiVersion: string; spec: Record<string, unknown>; metadata: { generation: number } };
    assert.equal(obj.apiVersion, 'example.com/v1');
    assert.deepEqual(obj.spec, { size: 'large', replicas: 2 });
    assert.equal(obj.metadata.generation, 1);
  });

  test('a second apply with a changed spec is a merge patch and bumps generation', async () => {
    const r = await kubectl(ek, ['apply', '-f', join(FIXTURES, 'widget-scaled.yaml'), '-v=8']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /widget.example.com\/w1 configured/);
    assert.match(r.stderr, /PATCH https:\/\/\S+\/apis\/example.com\/v1\/namespaces\/default\/widgets\/w1/);
    assert.match(r.stderr, /Content-Type: application\/merge-patch\+json/);
    assert.doesNotMatch(r.stderr, /error calculating patch/);
    const obj = JSON.parse(await kubectlOk(ek, ['get', 'widget', 'w1', '-o', 'json'])) as { spec: { replicas: number }; metadata: { generation: number } };
    assert.equal(obj.spec.replicas, 4);
    assert.equal(obj.metadata.generation, 2);
    assert.match(await kubectlOk(ek, ['apply', '-f', join(FIXTURES, 'widget-scaled.yaml')]), /widget.example.com\/w1 unchanged/);
  });

  test('an invalid CR is refused with the schema error', async () => {
    const r = await kubectl(ek, ['apply', '-f', join(FIXTURES, 'widget-invalid.yaml')]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /spec\.replicas: Invalid value: "string": spec\.replicas in body must be of type integer: "string"/);
  });

  test('kubectl scale uses the scale subresource', async () => {
    assert.match(await kubectlOk(ek, ['scale', 'widget', 'w1', '--replicas=3']), /widget.example.com\/w1 scaled/);
    const obj = JSON.parse(await kubectlOk(ek, ['get', 'wd', 'w1', '-o', 'json'])) as { spec: { replicas: number } };
    assert.equal(obj.spec.replicas, 3);
  });

  test('get all includes the CR (category "all"); explain reads its schema', async () => {
    assert.match(await kubectlOk(ek, ['get', 'all']), /^widget\.example\.com\/w1\s+large\s+3\s+\d+s$/m);
    assert.match(await kubectlOk(ek, ['explain', 'widgets.spec']), /replicas\s+<integer>/);
  });

  test('delete crd removes the CRs and the resource type', async () => {
    assert.match(await kubectlOk(ek, ['delete', 'crd', 'widgets.example.com']), /customresourcedefinition.apiextensions.k8s.io "widgets.example.com" deleted/);
    // With the discovery cache of the earlier commands kubectl still knows the type: the list is a 404.
    const cached = await kubectl(ek, ['get', 'widgets']);
    assert.notEqual(cached.code, 0);
    assert.match(cached.stderr, /NotFound/);
    // With fresh discovery the type is unknown.
    const fresh = await kubectl(ek, ['get', 'widgets', '--cache-dir', join(ek.dir, 'fresh-cache')]);
    assert.notEqual(fresh.code, 0);
    assert.match(fresh.stderr, /the server doesn't have a resource type "widgets"/);
    assert.doesNotMatch(await kubectlOk(ek, ['get', 'crds']), /widgets\.example\.com/);
  });
});

describe('helm v4 and a chart with a CRD and a CR of it', { skip: kubectlAvailable() && helm4() ? false : 'kubectl or helm v4 is not available' }, () => {
  let ek: EksliteProcess;
  before(async () => { ek = await startEkslite({ name: 'crd-helm' }); });
  after(async () => { await ek?.stop(); await ek?.cleanup(); });

  test('install creates the CRD, waits for it, creates the CR; upgrade patches the CR', async () => {
    const helm = helm4()!;
    const chart = join(ek.dir, 'chart');
    await mkdir(join(chart, 'templates'), { recursive: true });
    await mkdir(join(chart, 'crds'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: widgets\nversion: 0.1.0\n');
    await writeFile(join(chart, 'values.yaml'), 'replicas: 2\n');
    await copyFile(join(FIXTURES, 'widget-crd.yaml'), join(chart, 'crds', 'widget-crd.yaml'));
    await writeFile(join(chart, 'templates', 'widget.yaml'),
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: {{ .Release.Name }}}\nspec: {size: large, replicas: {{ .Values.replicas }}}\n');
    assert.match(await runOk(helm, ek, ['install', 'demo', chart]), /STATUS: deployed/);
    assert.match(await kubectlOk(ek, ['get', 'widgets']), /^demo\s+large\s+2\s+/m);
    await runOk(helm, ek, ['upgrade', 'demo', chart, '--set', 'replicas=5']);
    assert.equal(await kubectlOk(ek, ['get', 'widget', 'demo', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}']), '5 2');
    await runOk(helm, ek, ['uninstall', 'demo']);
    const left = await kubectl(ek, ['get', 'widget', 'demo']);
    assert.notEqual(left.code, 0, 'helm deleted the CR');
  });
});
