/**
 * The kubectl-and-helm fidelity issue's "Show it": client-side and server-side apply of the seed
 * manifests and of a set holding every built-in kind, convergence and `kubectl diff`, an SSA
 * conflict as kubectl reports it, the protobuf-sending generators with kubectl v1.32 (the
 * dispatcher), v1.33 and v1.35, server-side printing of every kind, `kubectl explain`, and helm v4.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { startEkslite, type EksliteProcess } from '../support/ekslite-process.ts';
import { kubectl, kubectlAvailable, kubectlOk } from '../support/kubectl.ts';
import { has133, helm4, KUBECTL_133, kubectl135, runOk, runTool } from '../support/tools.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const ALL = join(FIXTURES, 'all-kinds.yaml');
const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

describe('kubectl and helm fidelity', { skip }, () => {
  let ek: EksliteProcess;
  before(async () => { ek = await startEkslite({ name: 'fidelity' }); });
  after(async () => { await ek?.stop(); await ek?.cleanup(); });

  test('client-side apply of the seed Deployment converges: replicas change, a removed port leaves, diff is empty', async () => {
    const base = join(FIXTURES, 'nginx-deployment.yaml');
    assert.match(await kubectlOk(ek, ['apply', '-f', base]), /deployment.apps\/nginx-deployment created/);
    assert.match(await kubectlOk(ek, ['apply', '-f', base]), /unchanged/);
    const text = (await import('node:fs')).readFileSync(base, 'utf8');
    const three = join(ek.dir, 'three.yaml');
    await writeFile(three, text.replace('replicas: 2', 'replicas: 3'));
    assert.match(await kubectlOk(ek, ['apply', '-f', three]), /configured/);
    const noPort = join(ek.dir, 'noport.yaml');
    await writeFile(noPort, text.replace('replicas: 2', 'replicas: 3').replace(/\n\s+ports:\n\s+- containerPort: 80/, ''));
    assert.match(await kubectlOk(ek, ['apply', '-f', noPort]), /configured/);
    const live = JSON.parse(await kubectlOk(ek, ['get', 'deployment', 'nginx-deployment', '-o', 'json'])) as { spec: { replicas: number; template: { spec: { containers: { ports?: unknown }[] } } } };
    assert.equal(live.spec.replicas, 3);
    assert.equal(live.spec.template.spec.containers[0].ports, undefined, 'the port removed from the manifest left the object');
    const diff = await kubectl(ek, ['diff', '-f', noPort]);
    assert.equal(diff.code, 0, diff.stdout + diff.stderr);
  });

  test('a manifest set with every built-in kind applies client-side, converges and server-side applies', async () => {
    const documents = (await import('node:fs')).readFileSync(ALL, 'utf8').split('\n---\n').length;
    const first = await kubectlOk(ek, ['apply', '-f', ALL]);
    assert.equal(first.trim().split('\n').length, documents, first);
    assert.ok(first.trim().split('\n').every((l) => l.endsWith(' created')), first);
    const second = await kubectlOk(ek, ['apply', '-f', ALL]);
    // As against a real cluster: a Secret with stringData and a PDB (selector patchStrategy
    // "replace") always report "configured"; everything else is unchanged.
    const changed = second.trim().split('\n').filter((l) => !l.endsWith(' unchanged'));
    assert.deepEqual(changed.sort(), ['poddisruptionbudget.policy/pdb1 configured', 'secret/secret1 configured']);
    const diff = await kubectl(ek, ['diff', '-f', ALL]);
    assert.equal(diff.code, 0, diff.stdout + diff.stderr);
    const ssa = await kubectl(ek, ['apply', '--server-side', '-f', ALL]);
    assert.equal(ssa.code, 0, ssa.stderr);
    assert.doesNotMatch(ssa.stderr, /failed to re-apply/);
    assert.ok(ssa.stdout.trim().split('\n').every((l) => l.endsWith(' serverside-applied')), ssa.stdout);
    const managed = JSON.parse(await kubectlOk(ek, ['get', 'deployment', 'deploy1', '-n', 'kinds', '-o', 'json', '--show-managed-fields'])) as { metadata: { managedFields: { manager: string; operation: string }[] } };
    assert.ok(managed.metadata.managedFields.some((m) => m.manager === 'kubectl' && m.operation === 'Apply'));
  });

  test('server-side apply creates, and a second manager conflicting on spec.replicas gets kubectl\'s conflict report', async () => {
    const manifest = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ssa-web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: ssa-web}\n  template:\n    metadata:\n      labels: {app: ssa-web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n';
    assert.match(await kubectlOk(ek, ['apply', '--server-side', '-f', '-'], manifest), /serverside-applied/);
    const other = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ssa-web\nspec:\n  replicas: 5\n';
    const r = await kubectl(ek, ['apply', '--server-side', '--field-manager=other', '-f', '-'], other);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Apply failed with 1 conflict: conflict with "kubectl": \.spec\.replicas/);
    await kubectlOk(ek, ['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'], other);
    assert.equal(await kubectlOk(ek, ['get', 'deployment', 'ssa-web', '-o', 'jsonpath={.spec.replicas}']), '5');
  });

  for (const [label, bin] of [['v1.32 (dispatcher)', 'kubectl'], ['v1.33', has133() ? KUBECTL_133 : ''], ['v1.35', kubectl135() ?? '']] as const) {
    test(`protobuf generators, autoscale, auth can-i and whoami with kubectl ${label}`, { skip: bin ? false : `kubectl ${label} is not available` }, async () => {
      const v = label.slice(1, 5).replace('.', '');
      const env = ek;
      await runOk(bin, env, ['create', 'namespace', `gen${v}`]);
      await runOk(bin, env, ['create', 'deployment', 'php-apache', '--image=registry.k8s.io/hpa-example', '-n', `gen${v}`]);
      await runOk(bin, env, ['create', 'configmap', 'cfg', '--from-literal=a=1', '-n', `gen${v}`]);
      await runOk(bin, env, ['create', 'secret', 'generic', 'sec', '--from-literal=p=q', '-n', `gen${v}`]);
      assert.match(await runOk(bin, env, ['autoscale', 'deployment', 'php-apache', '--cpu-percent=50', '--min=1', '--max=10', '-n', `gen${v}`]), /autoscaled/);
      const hpa = await runOk(bin, env, ['get', 'hpa', 'php-apache', '-n', `gen${v}`]);
      assert.match(hpa, /Deployment\/php-apache\s+cpu: <unknown>\/50%\s+1\s+10/);
      assert.equal((await runOk(bin, env, ['auth', 'can-i', 'create', 'deployments'])).trim(), 'yes');
      assert.match(await runOk(bin, env, ['auth', 'can-i', '--list']), /\*\.\*/);
      assert.match(await runOk(bin, env, ['auth', 'whoami']), /kubernetes-admin/);
      const secret = JSON.parse(await runOk(bin, env, ['get', 'secret', 'sec', '-n', `gen${v}`, '-o', 'json'])) as { data: Record<string, string> };
      assert.equal(Buffer.from(secret.data.p, 'base64').toString(), 'q');
    });
  }

  test('kubectl get prints the columns a real cluster prints for every kind', async () => {
    const expect: Record<string, RegExp> = {
      pods: /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m,
      services: /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/m,
      endpoints: /^NAME\s+ENDPOINTS\s+AGE$/m,
      configmaps: /^NAME\s+DATA\s+AGE$/m,
      secrets: /^NAME\s+TYPE\s+DATA\s+AGE$/m,
      deployments: /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m,
      replicasets: /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE$/m,
      daemonsets: /^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE$/m,
      statefulsets: /^NAME\s+READY\s+AGE$/m,
      jobs: /^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE$/m,
      cronjobs: /^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE$/m,
      horizontalpodautoscalers: /^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE$/m,
      ingresses: /^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE$/m,
      persistentvolumeclaims: /^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE$/m,
      poddisruptionbudgets: /^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE$/m,
      events: /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/m,
      rolebindings: /^NAME\s+ROLE\s+AGE$/m,
      leases: /^NAME\s+HOLDER\s+AGE$/m,
    };
    for (const [resource, columns] of Object.entries(expect)) {
      const out = await kubectlOk(ek, ['get', resource, '-n', 'kinds']);
      assert.match(out, columns, `${resource}:\n${out}`);
    }
    assert.match(await kubectlOk(ek, ['get', 'nodes']), /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/m);
    assert.match(await kubectlOk(ek, ['get', 'namespaces']), /^NAME\s+STATUS\s+AGE$/m);
    assert.match(await kubectlOk(ek, ['get', 'pods', '-n', 'kinds', '-o', 'wide']), /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/m);
  });

  test('kubectl explain lists the fields of pod.spec.containers', async () => {
    const out = await kubectlOk(ek, ['explain', 'pod.spec.containers']);
    assert.match(out, /FIELD: containers <\[\]Container>/);
    assert.match(out, /^\s+image\s+<string>$/m);
    assert.match(out, /^\s+name\s+<string> -required-$/m);
  });

  test('unknown fields under Strict are rejected with their paths', async () => {
    const bad = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typo\n  labelz: {a: b}\ndata: {a: b}\nextra: 1\n';
    const r = await kubectl(ek, ['create', '-f', '-'], bad);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /strict decoding error: unknown field "extra", unknown field "metadata.labelz"/);
  });

  test('helm v4 installs, upgrades, rolls back, lists and uninstalls a chart with a CRD', { skip: helm4() ? false : 'helm v4 is not available' }, async () => {
    const helm = helm4()!;
    const chart = join(ek.dir, 'chart');
    await mkdir(join(chart, 'templates'), { recursive: true });
    await mkdir(join(chart, 'crds'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.1.0\n');
    await writeFile(join(chart, 'values.yaml'), 'replicas: 1\n');
    await writeFile(join(chart, 'crds', 'widgets.yaml'), `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
    - name: v1
      served: true
      storage: true
      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`);
    await writeFile(join(chart, 'templates', 'all.yaml'), `apiVersion: apps/v1
kind: Deployment
metadata: {name: {{ .Release.Name }}-web}
spec:
  replicas: {{ .Values.replicas }}
  selector: {matchLabels: {app: {{ .Release.Name }}}}
  template:
    metadata: {labels: {app: {{ .Release.Name }}}}
    spec: {containers: [{name: web, image: "nginx:1.27"}]}
---
apiVersion: v1
kind: Service
metadata: {name: {{ .Release.Name }}-svc}
spec:
  selector: {app: {{ .Release.Name }}}
  ports: [{port: 80}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: {{ .Release.Name }}-cm}
data: {replicas: "{{ .Values.replicas }}"}
---
apiVersion: v1
kind: Secret
metadata: {name: {{ .Release.Name }}-secret}
stringData: {password: hunter2}
`);
    assert.match(await runOk(helm, ek, ['install', 'demo', chart]), /STATUS: deployed/);
    await runOk(helm, ek, ['upgrade', 'demo', chart, '--set', 'replicas=3']);
    assert.equal(await kubectlOk(ek, ['get', 'deployment', 'demo-web', '-o', 'jsonpath={.spec.replicas}']), '3');
    assert.match(await runOk(helm, ek, ['list']), /demo\s+default\s+2\s+.*deployed/);
    await runOk(helm, ek, ['rollback', 'demo', '1']);
    assert.equal(await kubectlOk(ek, ['get', 'deployment', 'demo-web', '-o', 'jsonpath={.spec.replicas}']), '1');
    assert.match(await runOk(helm, ek, ['history', 'demo']), /3\s+.*deployed\s+demo-0\.1\.0\s+.*Rollback to 1/);
    await runOk(helm, ek, ['uninstall', 'demo']);
    const gone = await runTool('kubectl', ek, ['get', 'deployment', 'demo-web']);
    assert.notEqual(gone.code, 0);
    const crd = parseYaml(await kubectlOk(ek, ['get', 'crd', 'widgets.example.com', '-o', 'yaml'])) as { spec: { group: string } };
    assert.equal(crd.spec.group, 'example.com', 'helm keeps CRDs from crds/ on uninstall');
  });
});
