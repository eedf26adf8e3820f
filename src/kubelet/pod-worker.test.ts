import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../api/object.ts';
import type { Client } from '../client/client.ts';
import { processNodeBlocks } from '../network/ipam.ts';
import type { Started } from '../util/runnable.ts';
import { startTestCluster, type TestCluster } from '../../test/support/in-process-cluster.ts';
import { newKubelet, type Kubelet } from './kubelet.ts';
import { containerLogPath } from './pod-paths.ts';
import { CONFIGMAPS, type Pod, PODS } from './pod-types.ts';
import { readCriLog } from './runtime/cri-log.ts';
import { ProcessRuntime } from './runtime/process/process-runtime.ts';
import { waitFor } from './testing.ts';

let cluster: TestCluster;
let client: Client;
let kubelet: Kubelet;
let started: Started;
let root: string;
const stop = new AbortController();

before(async () => {
  cluster = await startTestCluster();
  client = cluster.client();
  root = await mkdtemp(join(tmpdir(), 'podworker-'));
  // a node block claimed host-wide, as clusters claim theirs
  kubelet = newKubelet({ client, instanceType: 'm5.large', zone: 'eu-west-1b', region: 'eu-west-1', runtime: new ProcessRuntime(), rootDir: root, block: processNodeBlocks.allocate() });
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
const createPod = async (name: string, spec: Record<string, unknown>) =>
  (await pods().create({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: kubelet.nodeName, ...spec } })) as Pod;
async function events(name: string): Promise<KubeObject[]> {
  return (await client.resource({ group: '', version: 'v1', resource: 'events' }).namespace('default').list()).items
    .filter((e) => (e.involvedObject as { name?: string }).name === name);
}

test('init containers run first, in order; volumes (emptyDir, configMap, downwardAPI) are shared by path', async () => {
  await client.resource(CONFIGMAPS).namespace('default').create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'script' }, data: { 'message.txt': 'from configmap' } });
  const created = await createPod('ordered', {
    restartPolicy: 'Never',
    volumes: [
      { name: 'work', emptyDir: {} },
      { name: 'cfg', configMap: { name: 'script' } },
      { name: 'info', downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } },
    ],
    initContainers: [
      { name: 'first', image: 'busybox', command: ['sh', '-c', 'echo one > /work/steps'], volumeMounts: [{ name: 'work', mountPath: '/work' }] },
      { name: 'second', image: 'busybox', command: ['sh', '-c', 'echo two >> /work/steps'], volumeMounts: [{ name: 'work', mountPath: '/work' }] },
    ],
    containers: [{
      name: 'main', image: 'busybox', command: ['sh', '-c', 'cat /work/steps /etc/cfg/message.txt; echo; cat /etc/info/name; echo'],
      volumeMounts: [{ name: 'work', mountPath: '/work' }, { name: 'cfg', mountPath: '/etc/cfg', readOnly: true }, { name: 'info', mountPath: '/etc/info' }],
    }],
  });
  const p = await waitFor(async () => { const x = await getPod('ordered'); return x.status?.phase === 'Succeeded' && x; }, { what: 'Succeeded' });
  assert.deepEqual(p.status!.initContainerStatuses!.map((s) => [s.name, s.state.terminated?.reason]), [['first', 'Completed'], ['second', 'Completed']]);
  assert.deepEqual(p.status!.containerStatuses![0].volumeMounts, [
    { name: 'work', mountPath: '/work' }, { name: 'cfg', mountPath: '/etc/cfg', readOnly: true, recursiveReadOnly: 'Disabled' }, { name: 'info', mountPath: '/etc/info' },
  ]);
  assert.deepEqual(await readCriLog(containerLogPath(root, created, 'main', 0)), ['one', 'two', 'from configmap', 'ordered']);
});

test('a container that keeps failing goes into CrashLoopBackOff', async () => {
  await createPod('crasher', { containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', 'echo dying; exit 2'] }] });
  const cs = await waitFor(async () => {
    const s = (await getPod('crasher')).status?.containerStatuses?.[0];
    return s?.state.waiting?.reason === 'CrashLoopBackOff' && s;
  }, { what: 'CrashLoopBackOff' });
  assert.match(cs.state.waiting!.message!, /^back-off 10s restarting failed container=app pod=crasher_default\(.+\)$/);
  assert.equal(cs.restartCount, 1);
  assert.deepEqual([cs.lastState.terminated?.exitCode, cs.lastState.terminated?.reason], [2, 'Error']);
  assert.equal((await getPod('crasher')).status?.phase, 'Running');
  assert.ok((await events('crasher')).some((e) => e.reason === 'BackOff' && /^Back-off restarting failed container app in pod crasher_default/.test(String(e.message))));
});

test('a missing ConfigMap key is CreateContainerConfigError; a missing volume source is FailedMount', async () => {
  await createPod('badref', { containers: [{ name: 'app', image: 'busybox', command: ['sleep', '60'], env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k' } } }] }] });
  const w = await waitFor(async () => { const s = (await getPod('badref')).status?.containerStatuses?.[0].state.waiting; return s?.reason === 'CreateContainerConfigError' && s; }, { what: 'CreateContainerConfigError' });
  assert.equal(w.message, 'configmap "absent" not found');
  await createPod('badvol', { volumes: [{ name: 'v', configMap: { name: 'absent' } }], containers: [{ name: 'app', image: 'busybox', command: ['sleep', '60'] }] });
  const ev = await waitFor(async () => (await events('badvol')).find((e) => e.reason === 'FailedMount'), { what: 'FailedMount' });
  assert.equal(ev.message, 'MountVolume.SetUp failed for volume "v" : configmap "absent" not found');
  const p = await getPod('badvol');
  assert.equal(p.status?.containerStatuses?.[0].state.waiting?.reason, 'ContainerCreating');
});
