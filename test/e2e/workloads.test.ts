/**
 * The "workloads run" issue's "Show it", with the real kubectl against `ekslite up` with nodes:
 * the seed's nginx Deployment runs on two nodes and serves HTTP on its pod IPs; rollouts; probes;
 * Jobs, DaemonSets, StatefulSets; namespace deletion; scheduling failures; the VPC CNI pod limit.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startEkslite, type EksliteProcess } from '../support/ekslite-process.ts';
import { KUBECTL, kubectl, kubectlAvailable, kubectlOk } from '../support/kubectl.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

interface Pod { metadata: { name: string }; spec: { nodeName?: string }; status: { phase?: string; podIP?: string; conditions?: { type: string; status: string }[]; containerStatuses?: { restartCount: number; ready: boolean }[] } }

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function httpGetOnce(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, (res) => { let b = ''; res.on('data', (c: Buffer) => { b += c.toString(); }); res.on('end', () => resolve(b)); }).on('error', reject).end();
  });
}

/**
 * GET, retrying while the connection is refused: a container without a readiness probe is Ready
 * as soon as it started, before its server listens (as in kube), and a loaded machine widens that gap.
 */
function httpGet(url: string): Promise<string> {
  return until(`${url} to accept connections`, () => httpGetOnce(url).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ECONNREFUSED') return undefined;
    throw e;
  }));
}

const ready = (p: Pod) => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

describe('workloads on ekslite up --nodes 2', { skip }, () => {
  let ek: EksliteProcess;
  const pods = async (selector: string, ns = 'default') => (JSON.parse(await kubectlOk(ek, ['get', 'pods', '-n', ns, '-l', selector, '-o', 'json'])) as { items: Pod[] }).items;
  before(async () => { ek = await startEkslite({ name: 'workloads', extraArgs: ['--nodes', '2'] }); });
  after(async () => { await ek?.stop(); await ek?.cleanup(); });

  test('two t3.medium nodes register with EKS labels and 17 pods of capacity', async () => {
    const nodes = (JSON.parse(await kubectlOk(ek, ['get', 'nodes', '-o', 'json'])) as { items: { metadata: { labels: Record<string, string> }; status: { capacity: Record<string, string> } }[] }).items;
    assert.equal(nodes.length, 2);
    for (const n of nodes) {
      assert.equal(n.metadata.labels['node.kubernetes.io/instance-type'], 't3.medium');
      assert.match(n.metadata.labels['topology.kubernetes.io/zone'], /^us-west-2[abc]$/);
      assert.equal(n.status.capacity.pods, '17');
    }
  });

  test('the seed nginx Deployment becomes 2 Running, Ready pods on 2 nodes that serve HTTP', async () => {
    await kubectlOk(ek, ['apply', '-f', join(FIXTURES, 'nginx-deployment.yaml')]);
    assert.match(await kubectlOk(ek, ['rollout', 'status', 'deployment/nginx-deployment', '--timeout=120s']), /successfully rolled out/);
    const running = await until('2 ready nginx pods', async () => {
      const p = await pods('app=nginx');
      return p.length === 2 && p.every((x) => x.status.phase === 'Running' && ready(x)) ? p : undefined;
    });
    assert.equal(new Set(running.map((p) => p.spec.nodeName)).size, 2, 'one pod per node');
    for (const p of running) assert.match(await httpGet(`http://${p.status.podIP}/`), /Welcome to nginx!/);
    assert.match(await kubectlOk(ek, ['get', 'pods', '-l', 'app=nginx']), /nginx-deployment-\S+\s+1\/1\s+Running\s+0/);
  });

  test('logs -f streams, exec runs in the pod, port-forward carries HTTP, cp copies, run -i --rm prints and cleans up', async () => {
    const [pod] = await pods('app=nginx');
    const name = pod.metadata.name;
    assert.equal((await kubectlOk(ek, ['exec', name, '--', 'sh', '-c', 'echo $HOSTNAME'])).trim(), name);
    const failing = await kubectl(ek, ['exec', name, '--', 'sh', '-c', 'exit 3']);
    assert.equal(failing.code, 3);
    assert.match(failing.stderr, /command terminated with exit code 3/);
    // logs -f: the access log line of a request made after following started arrives on the stream.
    const follower = spawn(KUBECTL, ['logs', '-f', name], { env: { ...process.env, HOME: ek.home, KUBECONFIG: ek.kubeconfig } });
    let followed = '';
    follower.stdout.on('data', (c: Buffer) => { followed += c.toString(); });
    try {
      await until('the follower to start', async () => (followed.length > 0 ? true : undefined));
      await httpGet(`http://${pod.status.podIP}/followed-path`);
      await until('the request in the followed log', async () => (followed.includes('/followed-path') ? true : undefined));
    } finally {
      follower.kill();
    }
    const port = 20000 + Math.floor(Math.random() * 20000);
    const forwarder = spawn(KUBECTL, ['port-forward', name, `${port}:80`], { env: { ...process.env, HOME: ek.home, KUBECONFIG: ek.kubeconfig } });
    try {
      let out = '';
      forwarder.stdout.on('data', (c: Buffer) => { out += c.toString(); });
      await until('port-forward to listen', async () => (out.includes('Forwarding from') ? true : undefined));
      assert.match(await httpGet(`http://127.0.0.1:${port}/`), /Welcome to nginx!/);
    } finally {
      forwarder.kill();
    }
    const local = join(ek.dir, 'copied.txt');
    await kubectlOk(ek, ['exec', name, '--', 'sh', '-c', 'echo copied-content > /tmp/ekslite-cp-source.txt']);
    await kubectlOk(ek, ['cp', `${name}:/tmp/ekslite-cp-source.txt`, local]);
    assert.equal((await readFile(local, 'utf8')).trim(), 'copied-content');
    const run = await kubectlOk(ek, ['run', 'once-off', '-i', '--rm', '--restart=Never', '--image=busybox:1.36', '--', 'sh', '-c', 'sleep 1; echo hello-from-run']);
    assert.match(run, /hello-from-run/);
    await until('the run pod to be cleaned up', async () => ((await kubectl(ek, ['get', 'pod', 'once-off'])).code !== 0 ? true : undefined));
  });

  test('scale, set image, rollout undo and rollout restart', async () => {
    await kubectlOk(ek, ['scale', 'deployment/nginx-deployment', '--replicas=3']);
    await kubectlOk(ek, ['rollout', 'status', 'deployment/nginx-deployment', '--timeout=120s']);
    assert.equal((await pods('app=nginx')).filter((p) => ready(p)).length, 3);
    await kubectlOk(ek, ['set', 'image', 'deployment/nginx-deployment', 'nginx=nginx:1.27']);
    await kubectlOk(ek, ['rollout', 'status', 'deployment/nginx-deployment', '--timeout=120s']);
    assert.equal(await kubectlOk(ek, ['get', 'deployment', 'nginx-deployment', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']), 'nginx:1.27');
    await kubectlOk(ek, ['rollout', 'undo', 'deployment/nginx-deployment']);
    await kubectlOk(ek, ['rollout', 'status', 'deployment/nginx-deployment', '--timeout=120s']);
    assert.equal(await kubectlOk(ek, ['get', 'deployment', 'nginx-deployment', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']), 'nginx:1.7.9');
    const before = new Set((await pods('app=nginx')).map((p) => p.metadata.name));
    await kubectlOk(ek, ['rollout', 'restart', 'deployment/nginx-deployment']);
    await kubectlOk(ek, ['rollout', 'status', 'deployment/nginx-deployment', '--timeout=120s']);
    const after = await until('restarted pods', async () => {
      const p = await pods('app=nginx');
      return p.length === 3 && p.every((x) => !before.has(x.metadata.name) && ready(x)) ? p : undefined;
    });
    assert.equal(after.length, 3);
    await kubectlOk(ek, ['delete', 'deployment', 'nginx-deployment']);
    await until('the pods to go', async () => ((await pods('app=nginx')).length === 0 ? true : undefined));
  });

  test('a failing liveness probe restarts the container; a failing readiness probe keeps the pod unready', async () => {
    await kubectlOk(ek, ['apply', '-f', '-'], `apiVersion: v1
kind: Pod
metadata: {name: probed, labels: {probe: "yes"}}
spec:
  containers:
  - name: live
    image: busybox:1.36
    command: [sleep, "3600"]
    livenessProbe: {exec: {command: ["false"]}, periodSeconds: 1, failureThreshold: 1}
  - name: unready
    image: busybox:1.36
    command: [sleep, "3600"]
    readinessProbe: {exec: {command: ["false"]}, periodSeconds: 1}
`);
    const restarted = await until('a liveness restart', async () => {
      const [p] = await pods('probe=yes');
      return p && (p.status.containerStatuses ?? []).some((c) => c.restartCount > 0) ? p : undefined;
    });
    assert.equal(ready(restarted), false, 'the pod is not Ready while one container fails readiness');
    // READY counts the live container when it runs; the unready one never counts.
    assert.match(await kubectlOk(ek, ['get', 'pod', 'probed']), /probed\s+[01]\/2\s+Running\s+[1-9]\d* \(\d+s ago\)/);
    await kubectlOk(ek, ['delete', 'pod', 'probed', '--grace-period=1']);
  });

  test('a Job completes; a DaemonSet puts one pod on each node; a StatefulSet starts in order', async () => {
    await kubectlOk(ek, ['create', 'job', 'once', '--image=busybox:1.36', '--', 'sh', '-c', 'echo done']);
    assert.match(await kubectlOk(ek, ['wait', '--for=condition=complete', 'job/once', '--timeout=120s']), /condition met/);
    await kubectlOk(ek, ['apply', '-f', '-'], `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: a, image: busybox:1.36, command: [sleep, "3600"]}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: w, image: nginx:1.27}]}
`);
    await kubectlOk(ek, ['rollout', 'status', 'daemonset/agent', '--timeout=120s']);
    const agents = await pods('app=agent');
    assert.equal(agents.length, 2);
    assert.equal(new Set(agents.map((p) => p.spec.nodeName)).size, 2);
    await kubectlOk(ek, ['rollout', 'status', 'statefulset/web', '--timeout=120s']);
    // Creation order: events sorted by the storage revision that created them.
    const events = (JSON.parse(await kubectlOk(ek, ['get', 'events', '--field-selector', 'involvedObject.kind=StatefulSet,involvedObject.name=web', '-o', 'json'])) as { items: { message: string; metadata: { resourceVersion: string } }[] }).items;
    const order = events.sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion)).map((e) => e.message).filter((m) => m.startsWith('create Pod'));
    assert.deepEqual(order.slice(0, 2), ['create Pod web-0 in StatefulSet web successful', 'create Pod web-1 in StatefulSet web successful']);
    await kubectlOk(ek, ['delete', 'daemonset/agent', 'statefulset/web', 'job/once']);
  });

  test('deleting a namespace removes everything in it', async () => {
    await kubectlOk(ek, ['create', 'namespace', 'doomed']);
    await kubectlOk(ek, ['create', 'deployment', 'x', '--image=nginx:1.27', '-n', 'doomed']);
    await kubectlOk(ek, ['create', 'configmap', 'c', '--from-literal=a=b', '-n', 'doomed']);
    await until('the deployment pod', async () => ((await pods('app=x', 'doomed')).length === 1 ? true : undefined));
    await kubectlOk(ek, ['delete', 'namespace', 'doomed', '--timeout=120s']);
    const r = await kubectl(ek, ['get', 'namespace', 'doomed']);
    assert.match(r.stderr, /NotFound/);
  });

  test('a pod requesting more CPU than any node has stays Pending with the scheduler\'s message', async () => {
    await kubectlOk(ek, ['run', 'huge', '--image=nginx:1.27', '--overrides={"spec":{"containers":[{"name":"huge","image":"nginx:1.27","resources":{"requests":{"cpu":"8"}}}]}}']);
    const message = await until('FailedScheduling', async () => {
      const out = await kubectlOk(ek, ['get', 'events', '--field-selector', 'involvedObject.name=huge,reason=FailedScheduling', '-o', 'jsonpath={.items[0].message}']);
      return out || undefined;
    });
    assert.equal(message, '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
    assert.match(await kubectlOk(ek, ['get', 'pod', 'huge']), /huge\s+0\/1\s+Pending/);
    await kubectlOk(ek, ['delete', 'pod', 'huge']);
  });
});

describe('the VPC CNI pod limit', { skip }, () => {
  let ek: EksliteProcess;
  before(async () => { ek = await startEkslite({ name: 'maxpods', extraArgs: ['--nodes', '1', '--runtime', 'simulated'] }); });
  after(async () => { await ek?.stop(); await ek?.cleanup(); });

  test('a t3.medium node takes at most 17 pods', async () => {
    await kubectlOk(ek, ['create', 'deployment', 'many', '--image=nginx:1.27', '--replicas=20']);
    const counts = await until('17 scheduled and 3 pending', async () => {
      const items = (JSON.parse(await kubectlOk(ek, ['get', 'pods', '-l', 'app=many', '-o', 'json'])) as { items: Pod[] }).items;
      const scheduled = items.filter((p) => p.spec.nodeName).length;
      return items.length === 20 && scheduled === 17 ? { scheduled, pending: items.length - scheduled } : undefined;
    });
    assert.deepEqual(counts, { scheduled: 17, pending: 3 });
    const msg = await kubectlOk(ek, ['get', 'events', '--field-selector', 'reason=FailedScheduling', '-o', 'jsonpath={.items[0].message}']);
    assert.match(msg, /0\/1 nodes are available: 1 Too many pods\./);
  });
});
