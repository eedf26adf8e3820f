import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../api/object.ts';
import type { Client } from '../client/client.ts';
import { ipToInt, NODE_BLOCK_SIZE, processNodeBlocks } from '../network/ipam.ts';
import type { Started } from '../util/runnable.ts';
import { startTestCluster, type TestCluster } from '../../test/support/in-process-cluster.ts';
import { Writable } from 'node:stream';
import { newKubelet, type Kubelet } from './kubelet.ts';
import type { PodWorkers } from './pod-workers.ts';
import { containerLogPath } from './pod-paths.ts';
import { CONFIGMAPS, LEASES, NODES, type Pod, PODS, SECRETS } from './pod-types.ts';
import { ProcessRuntime } from './runtime/process/process-runtime.ts';
import { readCriLog } from './runtime/cri-log.ts';
import { httpGet, waitFor } from './testing.ts';

// A loopback node block claimed host-wide, as clusters claim theirs: no other test or cluster on
// this machine uses its addresses or kubelet port at the same time.
const BLOCK = processNodeBlocks.allocate();
let cluster: TestCluster;
let client: Client;
let kubelet: Kubelet;
let started: Started;
let root: string;
const stop = new AbortController();

before(async () => {
  cluster = await startTestCluster();
  client = cluster.client();
  root = await mkdtemp(join(tmpdir(), 'kubelet-'));
  kubelet = newKubelet({
    client, instanceType: 't3.medium', zone: 'us-east-1a', region: 'us-east-1', runtime: new ProcessRuntime(),
    rootDir: root, nodegroup: 'ng-1', block: BLOCK,
  });
  started = await kubelet.start(stop.signal);
});

after(async () => {
  stop.abort();
  await started?.stop();
  await cluster?.close();
  await rm(root, { recursive: true, force: true });
});

const pods = () => client.resource(PODS).namespace('default');
const getPod = async (name: string) => (await pods().get(name)) as Pod;

async function createPod(name: string, spec: Record<string, unknown>): Promise<Pod> {
  return (await pods().create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: name } }, spec: { nodeName: kubelet.nodeName, ...spec } })) as Pod;
}

function condition(p: Pod, type: string): string | undefined {
  return p.status?.conditions?.find((c) => c.type === type)?.status;
}

async function events(name: string): Promise<KubeObject[]> {
  const list = await client.resource({ group: '', version: 'v1', resource: 'events' }).namespace('default').list();
  return list.items.filter((e) => (e.involvedObject as { name?: string }).name === name);
}

test('the node registers as a t3.medium EKS managed node with a lease', async () => {
  const node = await client.resource(NODES).get(kubelet.nodeName);
  assert.equal(kubelet.nodeName, `ip-${BLOCK.nodeIP.replaceAll('.', '-')}.ec2.internal`); // EKS names nodes after their IP
  const labels = node.metadata.labels!;
  assert.equal(labels['kubernetes.io/hostname'], kubelet.nodeName);
  assert.equal(labels['kubernetes.io/os'], 'linux');
  assert.equal(labels['kubernetes.io/arch'], 'amd64');
  assert.equal(labels['node.kubernetes.io/instance-type'], 't3.medium');
  assert.equal(labels['topology.kubernetes.io/zone'], 'us-east-1a');
  assert.equal(labels['topology.kubernetes.io/region'], 'us-east-1');
  assert.equal(labels['eks.amazonaws.com/nodegroup'], 'ng-1');
  assert.equal(labels['eks.amazonaws.com/capacityType'], 'ON_DEMAND');
  const status = node.status as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(status.capacity.pods, '17');
  assert.equal(status.allocatable.pods, '17');
  assert.equal(status.capacity.cpu, '2');
  assert.equal(status.allocatable.cpu, '1930m');
  assert.equal(status.allocatable.memory, '3554Mi');
  assert.deepEqual(status.addresses[0], { type: 'InternalIP', address: BLOCK.nodeIP });
  assert.deepEqual(status.addresses.find((a: { type: string }) => a.type === 'Hostname'), { type: 'Hostname', address: kubelet.nodeName });
  assert.equal(status.daemonEndpoints.kubeletEndpoint.Port, 10250);
  assert.match(status.nodeInfo.kubeletVersion, /^v1\.32\.\d+-eks-[0-9a-f]+$/);
  assert.equal(status.nodeInfo.osImage, 'Amazon Linux 2023');
  assert.equal(status.nodeInfo.containerRuntimeVersion, 'ekslite://0.1.0');
  const ready = status.conditions.find((c: { type: string }) => c.type === 'Ready');
  assert.deepEqual([ready.status, ready.reason, ready.message], ['True', 'KubeletReady', 'kubelet is posting ready status']);
  for (const t of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) assert.equal(status.conditions.find((c: { type: string }) => c.type === t).status, 'False');
  assert.match(String((node.spec as { providerID: string }).providerID), /^aws:\/\/\/us-east-1a\/i-[0-9a-f]{17}$/);
  const lease = await client.resource(LEASES).namespace('kube-node-lease').get(kubelet.nodeName);
  assert.equal((lease.spec as { holderIdentity: string }).holderIdentity, kubelet.nodeName);
  assert.equal((lease.spec as { leaseDurationSeconds: number }).leaseDurationSeconds, 40);
});

test('an nginx pod from the catalog becomes Running and Ready and answers on its pod IP', async () => {
  await createPod('web', { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] });
  const p = await waitFor(async () => { const x = await getPod('web'); return condition(x, 'Ready') === 'True' && x; }, { what: 'web Ready' });
  assert.equal(p.status?.phase, 'Running');
  const podIP = p.status!.podIP!;
  const offset = ipToInt(podIP) - ipToInt(BLOCK.base);
  assert.ok(offset > 1 && offset < NODE_BLOCK_SIZE, `${podIP} is in the node's block ${BLOCK.base}/22`);
  assert.deepEqual(p.status?.podIPs, [{ ip: podIP }]);
  assert.equal(p.status?.hostIP, BLOCK.nodeIP);
  assert.ok(p.status?.startTime);
  assert.deepEqual(p.status?.conditions?.map((c) => c.type), ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  const cs = p.status!.containerStatuses![0];
  assert.equal(cs.ready, true);
  assert.equal(cs.started, true);
  assert.equal(cs.restartCount, 0);
  assert.equal(cs.image, 'docker.io/library/nginx:1.27');
  assert.match(cs.imageID, /^docker\.io\/library\/nginx@sha256:/);
  assert.match(cs.containerID!, /^ekslite:\/\/[0-9a-f]{64}$/);
  assert.ok(cs.state.running?.startedAt);
  assert.equal(p.status?.qosClass, 'BestEffort');
  // Ready without a readiness probe means started, not listening: wait for the socket as a client would
  const res = await waitFor(() => httpGet(`http://${podIP}/`), { what: 'nginx to answer' });
  assert.equal(res.status, 200);
  assert.match(res.body, /Welcome to nginx!/);
  const metrics = await waitFor(async () => (await kubelet.podMetrics()).find((m) => m.name === 'web'), { what: 'metrics' });
  assert.ok(metrics.containers[0].memoryWorkingSetBytes > 0);
  // exec runs in the container (HOSTNAME is the pod's name); the access log is the container's log
  const workers = kubelet.pods as PodWorkers;
  let out = '';
  const stdout = new Writable({ write(c: Buffer, _e, done) { out += c.toString(); done(); } });
  assert.equal(await workers.exec('default', 'web', 'nginx', { command: ['sh', '-c', 'echo $HOSTNAME'], tty: false, stdout }), 0);
  assert.equal(out.trim(), 'web');
  const log = await waitFor(async () => (await readCriLog(workers.logPath('default', 'web', 'nginx')!)).find((l) => l.includes('"GET / HTTP/1.1" 200')), { what: 'the access log line' });
  assert.ok(log.startsWith(`127.`));
});

test('a container whose liveness probe fails is restarted', async () => {
  await createPod('liveness', {
    containers: [{ name: 'nginx', image: 'nginx', livenessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 1, failureThreshold: 1 } }],
  });
  const p = await waitFor(async () => { const x = await getPod('liveness'); return (x.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 && x; }, { what: 'a restart' });
  const cs = p.status!.containerStatuses![0];
  assert.ok(cs.lastState.terminated, JSON.stringify(cs));
  const evs = await events('liveness');
  assert.ok(evs.some((e) => e.reason === 'Unhealthy' && /^Liveness probe failed: HTTP probe failed with statuscode: 404$/.test(String(e.message))));
  assert.ok(evs.some((e) => e.reason === 'Killing' && e.message === 'Container nginx failed liveness probe, will be restarted'));
});

test('a failing readiness probe keeps the pod Running but not Ready', async () => {
  await createPod('unready', {
    containers: [{ name: 'nginx', image: 'nginx', readinessProbe: { httpGet: { path: '/ready', port: 80 }, periodSeconds: 1 } }],
  });
  await waitFor(async () => (await events('unready')).some((e) => e.reason === 'Unhealthy'), { what: 'a failed readiness probe' });
  const p = await getPod('unready');
  assert.equal(p.status?.phase, 'Running');
  assert.equal(condition(p, 'Ready'), 'False');
  const ready = p.status!.conditions!.find((c) => c.type === 'ContainersReady')!;
  assert.deepEqual([ready.reason, ready.message], ['ContainersNotReady', 'containers with unready status: [nginx]']);
  assert.equal(p.status!.containerStatuses![0].ready, false);
  assert.equal(p.status!.containerStatuses![0].started, true);
});

test('env comes from values, ConfigMaps, Secrets, the downward API, with $(VAR) expansion; a Never pod succeeds and its log is a CRI file', async () => {
  await client.resource(CONFIGMAPS).namespace('default').create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { color: 'blue', '1bad': 'x', size: 'L' } });
  await client.resource(SECRETS).namespace('default').create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec' }, data: { password: Buffer.from('s3cr3t').toString('base64') } });
  const created = await createPod('envtest', {
    restartPolicy: 'Never',
    containers: [{
      name: 'main', image: 'busybox', command: ['sh', '-c', `echo "color=$COLOR pw=$PASSWORD pod=$MY_POD ns=$MY_NS node=$MY_NODE ip=$MY_IP greeting=$GREETING cfg_size=$CFG_size mem=$MEM"; echo '$(GREETING)' '$$(COLOR)'`],
      env: [
        { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'color' } } },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'sec', key: 'password' } } },
        { name: 'MY_POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'MY_NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'MY_NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'GREETING', value: 'hello $(COLOR) $(UNDEFINED)' },
      ],
      envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'cfg' } }, { configMapRef: { name: 'cfg' } }],
    }],
  });
  const p = await waitFor(async () => { const x = await getPod('envtest'); return x.status?.phase === 'Succeeded' && x; }, { what: 'Succeeded' });
  const cs = p.status!.containerStatuses![0];
  assert.deepEqual([cs.state.terminated?.exitCode, cs.state.terminated?.reason], [0, 'Completed']);
  assert.equal(condition(p, 'Ready'), 'False');
  assert.equal(p.status!.conditions!.find((c) => c.type === 'Ready')!.reason, 'PodCompleted');
  const logPath = containerLogPath(root, created, 'main', 0);
  const raw = await readFile(logPath, 'utf8');
  assert.match(raw.split('\n')[0], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z stdout F color=blue/);
  const lines = await readCriLog(logPath);
  assert.equal(lines[0], `color=blue pw=s3cr3t pod=envtest ns=default node=${kubelet.nodeName} ip=${p.status!.podIP} greeting=hello blue $(UNDEFINED) cfg_size=L mem=3554`);
  assert.equal(lines[1], 'hello blue $(UNDEFINED) $(COLOR)');
  assert.ok((await events('envtest')).some((e) => e.reason === 'InvalidEnvironmentVariableNames'));
});

test('an image neither runnable nor in the catalog fails with ErrImagePull, then ImagePullBackOff', async () => {
  await createPod('badimage', { containers: [{ name: 'app', image: 'example.com/team/app:v1' }] });
  const first = await waitFor(async () => { const w = (await getPod('badimage')).status?.containerStatuses?.[0]?.state.waiting; return w?.reason === 'ErrImagePull' && w; }, { what: 'ErrImagePull' });

  assert.match(first.message!, /failed to pull and unpack image "example\.com\/team\/app:v1".*not found in the ekslite process catalog/);
  const second = await waitFor(async () => { const w = (await getPod('badimage')).status?.containerStatuses?.[0]?.state.waiting; return w?.reason === 'ImagePullBackOff' && w; }, { what: 'ImagePullBackOff' });
  assert.equal(second.message, 'Back-off pulling image "example.com/team/app:v1"');
  const p = await getPod('badimage');
  assert.equal(p.status?.phase, 'Pending');
  const evs = await events('badimage');
  assert.ok(evs.some((e) => e.reason === 'Failed' && String(e.message).startsWith('Failed to pull image "example.com/team/app:v1": ')));
  assert.ok(evs.some((e) => e.reason === 'BackOff' && e.message === 'Back-off pulling image "example.com/team/app:v1"'));
});

test('graceful deletion stops the process and then deletes the pod', async () => {
  await createPod('doomed', { containers: [{ name: 'nginx', image: 'nginx' }] });
  const p = await waitFor(async () => { const x = await getPod('doomed'); return condition(x, 'Ready') === 'True' && x; }, { what: 'doomed Ready' });
  const url = `http://${p.status!.podIP}/`;
  assert.equal((await waitFor(() => httpGet(url), { what: 'nginx to answer' })).status, 200);
  await pods().delete('doomed');
  await waitFor(async () => {
    try { await pods().get('doomed'); return false; } catch (e) { return (e as { code?: number }).code === 404; }
  }, { what: 'the pod to be deleted' });
  await assert.rejects(httpGet(url), /ECONNREFUSED/);
  const evs = await events('doomed');
  assert.ok(evs.some((e) => e.reason === 'Killing' && e.message === 'Stopping container nginx'));
});
