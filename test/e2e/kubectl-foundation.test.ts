/**
 * The foundation issue's "Show it": the real kubectl against `ekslite up` (the built CLI as a
 * child process), with a fresh HOME, using the seed's manifests.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { startEkslite, type EksliteProcess } from '../support/ekslite-process.ts';

/** Parsed YAML/JSON read by path in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
import { KUBECTL, kubectl, kubectlAvailable, kubectlOk } from '../support/kubectl.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

describe('kubectl against ekslite up', { skip }, () => {
  let ek: EksliteProcess;
  before(async () => { ek = await startEkslite(); });
  after(async () => { await ek?.stop(); await ek?.cleanup(); });

  test('version reports the server as v1.32', async () => {
    const out = await kubectlOk(ek, ['version', '-o', 'json']);
    const v = JSON.parse(out) as { serverVersion: { major: string; minor: string; gitVersion: string } };
    assert.equal(v.serverVersion.major, '1');
    assert.equal(v.serverVersion.minor, '32');
    assert.match(v.serverVersion.gitVersion, /^v1\.32\./);
  });

  test('api-resources lists built-in kinds with short names', async () => {
    const out = await kubectlOk(ek, ['api-resources']);
    assert.match(out, /^pods\s+po\s+v1\s+true\s+Pod$/m);
    assert.match(out, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    assert.match(out, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    assert.match(out, /^customresourcedefinitions\s+crd,crds\s+apiextensions.k8s.io\/v1\s+false\s+CustomResourceDefinition$/m);
  });

  test('the system namespaces exist', async () => {
    const out = await kubectlOk(ek, ['get', 'namespaces', '-o', 'name']);
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) assert.match(out, new RegExp(`^namespace/${ns}$`, 'm'));
  });

  test('create -f the seed Deployment, then get, get -o yaml and describe it', async () => {
    const created = await kubectlOk(ek, ['create', '-f', join(FIXTURES, 'nginx-deployment.yaml')]);
    assert.match(created, /deployment.apps\/nginx-deployment created/);
    const table = await kubectlOk(ek, ['get', 'deployments']);
    assert.match(table, /nginx-deployment/);
    const yaml = parseYaml(await kubectlOk(ek, ['get', 'deployment', 'nginx-deployment', '-o', 'yaml'])) as Loose;
    assert.equal(yaml.kind, 'Deployment');
    assert.equal(yaml.spec.replicas, 2);
    assert.equal(yaml.metadata.generation, 1);
    assert.match(yaml.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.match(yaml.metadata.resourceVersion, /^\d+$/);
    // Kubernetes' defaults were applied.
    assert.deepEqual(yaml.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    assert.equal(yaml.spec.revisionHistoryLimit, 10);
    assert.equal(yaml.spec.progressDeadlineSeconds, 600);
    assert.equal(yaml.spec.template.spec.restartPolicy, 'Always');
    assert.equal(yaml.spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent');
    assert.equal(yaml.spec.template.spec.containers[0].ports[0].protocol, 'TCP');
    const described = await kubectlOk(ek, ['describe', 'deployment', 'nginx-deployment']);
    assert.match(described, /^Name:\s+nginx-deployment$/m);
    assert.match(described, /^Selector:\s+app=nginx$/m);
    assert.match(described, /nginx:1\.7\.9/);
  });

  test('create -f the seed LoadBalancer Service allocates a ClusterIP and a NodePort', async () => {
    await kubectlOk(ek, ['create', '-f', join(FIXTURES, 'nginx-svc.yaml')]);
    const svc = JSON.parse(await kubectlOk(ek, ['get', 'service', 'nginx-svc', '-o', 'json'])) as Loose;
    assert.match(svc.spec.clusterIP, /^\d+\.\d+\.\d+\.\d+$/);
    assert.ok(svc.spec.ports[0].nodePort >= 30000 && svc.spec.ports[0].nodePort <= 32767);
    assert.equal(svc.spec.sessionAffinity, 'None');
  });

  test('creating an existing object is AlreadyExists', async () => {
    const r = await kubectl(ek, ['create', '-f', join(FIXTURES, 'nginx-deployment.yaml')]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Error from server \(AlreadyExists\).*"nginx-deployment" already exists/);
  });

  test('label and annotate change the object; label selectors find it', async () => {
    await kubectlOk(ek, ['label', 'deployment', 'nginx-deployment', 'tier=web']);
    await kubectlOk(ek, ['annotate', 'deployment', 'nginx-deployment', 'note=hello']);
    const out = await kubectlOk(ek, ['get', 'deployments', '-l', 'tier=web,app in (nginx)', '-o', 'name']);
    assert.equal(out.trim(), 'deployment.apps/nginx-deployment');
    const none = await kubectlOk(ek, ['get', 'deployments', '-l', 'tier!=web', '-o', 'name']);
    assert.equal(none.trim(), '');
    const ann = await kubectlOk(ek, ['get', 'deployment', 'nginx-deployment', '-o', 'jsonpath={.metadata.annotations.note}']);
    assert.equal(ann, 'hello');
    // A second label without --overwrite is refused by kubectl after reading the live object.
    const again = await kubectl(ek, ['label', 'deployment', 'nginx-deployment', 'tier=api']);
    assert.notEqual(again.code, 0);
  });

  test('get all shows the Deployment and the Service', async () => {
    const out = await kubectlOk(ek, ['get', 'all']);
    assert.match(out, /deployment.apps\/nginx-deployment/);
    assert.match(out, /service\/nginx-svc/);
  });

  test('get -w streams changes made after it started', async () => {
    await kubectlOk(ek, ['create', 'configmap', 'watched', '--from-literal=a=1']);
    const child = spawn(KUBECTL, ['get', 'configmaps', '-w', '-o', 'name'], { env: { ...process.env, HOME: ek.home, KUBECONFIG: ek.kubeconfig } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    const waitFor = async (re: RegExp) => {
      for (let i = 0; i < 600 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(out, re);
    };
    try {
      await waitFor(/configmap\/watched/);
      const before = out.length;
      await kubectlOk(ek, ['create', 'configmap', 'late', '--from-literal=b=2']);
      await waitFor(/configmap\/late/);
      assert.ok(out.length > before);
    } finally {
      child.kill();
    }
  });

  test('delete removes objects and a second delete is NotFound', async () => {
    assert.match(await kubectlOk(ek, ['delete', '-f', join(FIXTURES, 'nginx-deployment.yaml')]), /deleted/);
    const r = await kubectl(ek, ['get', 'deployment', 'nginx-deployment']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Error from server \(NotFound\): deployments.apps "nginx-deployment" not found/);
    await kubectlOk(ek, ['delete', 'service', 'nginx-svc']);
  });

  test('namespaced objects need an existing namespace', async () => {
    const r = await kubectl(ek, ['create', 'configmap', 'x', '-n', 'nope']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /namespaces "nope" not found/);
  });
});
