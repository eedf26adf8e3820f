import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Client } from '../../../client/client.ts';
import { nodeBlock } from '../../../network/ipam.ts';
import { systemClock } from '../../../util/clock.ts';
import type { Started } from '../../../util/runnable.ts';
import { startTestCluster, type TestCluster } from '../../../../test/support/in-process-cluster.ts';
import { newKubelet, type Kubelet } from '../../kubelet.ts';
import { type Pod, PODS } from '../../pod-types.ts';
import { waitFor } from '../../testing.ts';
import { SimulatedRuntime } from './simulated-runtime.ts';

let cluster: TestCluster;
let client: Client;
let root: string;
const runtime = new SimulatedRuntime({ clock: systemClock });
const kubelets: Kubelet[] = [];
const started: Started[] = [];
const stop = new AbortController();

before(async () => {
  cluster = await startTestCluster();
  client = cluster.client();
  root = await mkdtemp(join(tmpdir(), 'simkubelet-'));
  for (let i = 0; i < 4; i++) {
    // blocks 4000.. are used only by this file
    const k = newKubelet({ client, instanceType: 't3.medium', zone: `us-west-2${'abc'[i % 3]}`, region: 'us-west-2', runtime, rootDir: root, block: nodeBlock(4000 + i) });
    kubelets.push(k);
    started.push(await k.start(stop.signal));
  }
});

after(async () => {
  stop.abort();
  for (const s of started) await s.stop();
  runtime.close();
  await cluster?.close();
  await rm(root, { recursive: true, force: true });
});

const pods = () => client.resource(PODS).namespace('default');

function pod(name: string, node: string, extra: Record<string, unknown> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] }, ...extra } as Pod;
}

test('simulated nodes register with the region naming of EC2', () => {
  assert.equal(kubelets[0].nodeName, 'ip-127-126-128-1.us-west-2.compute.internal');
});

test('pods on simulated nodes become Running and Ready with addresses from their node', async () => {
  const names: string[] = [];
  for (let i = 0; i < 40; i++) {
    const name = `sim-${i}`;
    names.push(name);
    await pods().create(pod(name, kubelets[i % 3].nodeName));
  }
  const list = await waitFor(async () => {
    const l = (await pods().list()).items as Pod[];
    const mine = l.filter((p) => names.includes(p.metadata.name!));
    return mine.length === 40 && mine.every((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) && mine;
  }, { what: '40 Ready pods' });
  const ips = new Set(list.map((p) => p.status!.podIP));
  assert.equal(ips.size, 40);
  for (const p of list) {
    const k = kubelets.find((x) => x.nodeName === p.spec.nodeName)!;
    assert.equal(p.status?.hostIP, k.nodeIP);
    assert.equal(p.status?.phase, 'Running');
    assert.equal(p.status?.containerStatuses?.[0].state.running !== undefined, true);
  }
  const metrics = await kubelets[0].podMetrics();
  assert.ok(metrics.some((m) => m.containers[0].cpuNanoCores === 100_000_000 && m.containers[0].memoryWorkingSetBytes === 64 * 2 ** 20));
});

test('a Job\'s pod succeeds and a deleted pod is removed', async () => {
  await pods().create(pod('job-pod', kubelets[1].nodeName, { metadata: { name: 'job-pod', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: '00000000-0000-4000-8000-00000000000f' }] } }));
  await waitFor(async () => ((await pods().get('job-pod')) as Pod).status?.phase === 'Succeeded', { what: 'job pod Succeeded' });
  await pods().delete('sim-0');
  await waitFor(async () => {
    try { await pods().get('sim-0'); return false; } catch (e) { return (e as { code?: number }).code === 404; }
  }, { what: 'sim-0 deleted' });
});

test('the VPC CNI limit holds: a t3.medium hands out 15 pod addresses', async () => {
  const node = kubelets[3].nodeName;
  for (let i = 0; i < 16; i++) await pods().create(pod(`full-${i}`, node));
  await waitFor(async () => {
    const evs = (await client.resource({ group: '', version: 'v1', resource: 'events' }).namespace('default').list()).items;
    return evs.some((e) => e.reason === 'FailedCreatePodSandBox');
  }, { what: 'a FailedCreatePodSandBox event' });
  const mine = ((await pods().list()).items as Pod[]).filter((p) => p.spec.nodeName === node);
  await waitFor(async () => {
    const now = ((await pods().list()).items as Pod[]).filter((p) => p.spec.nodeName === node);
    return now.filter((p) => p.status?.phase === 'Running').length === 15;
  }, { what: '15 running pods' });
  assert.equal(mine.length, 16);
  // an address freed by a deletion lets the waiting pod start
  await pods().delete('full-0');
  await waitFor(async () => {
    const now = ((await pods().list()).items as Pod[]).filter((p) => p.spec.nodeName === node);
    return now.length === 15 && now.every((p) => p.status?.phase === 'Running');
  }, { what: 'the waiting pod to start' });
});
