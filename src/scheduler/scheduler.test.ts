import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../api/object.ts';
import type { Client } from '../client/client.ts';
import { systemClock } from '../util/clock.ts';
import type { Started } from '../util/runnable.ts';
import { startTestCluster, type TestCluster } from '../../test/support/in-process-cluster.ts';
import type { Pod } from './api-types.ts';
import { newScheduler } from './scheduler.ts';
import { makeNode, makePod } from './testing.ts';

const NODES = { group: '', version: 'v1', resource: 'nodes' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const EVENTS = { group: '', version: 'v1', resource: 'events' };

let cluster: TestCluster;
let client: Client;
let running: Started;
const ac = new AbortController();

/** Polls `probe` until it returns a value, failing after the deadline. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 10_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const pods = () => client.resource(PODS).namespace('default');
const getPod = async (name: string) => (await pods().get(name)) as Pod;
const createPod = (pod: Pod) => pods().create({ ...pod, metadata: { name: pod.metadata.name, labels: pod.metadata.labels } } as KubeObject);
async function eventsFor(name: string): Promise<KubeObject[]> {
  const list = await client.resource(EVENTS).namespace('default').list();
  return list.items.filter((e) => (e.involvedObject as { name?: string }).name === name);
}

before(async () => {
  cluster = await startTestCluster();
  client = cluster.client();
  for (const n of ['node-1', 'node-2', 'node-3']) await client.resource(NODES).create(makeNode(n));
  running = await newScheduler({ client, clock: systemClock }).start(ac.signal);
});

after(async () => {
  await running?.stop();
  await cluster?.close();
});

test('binds a pod through pods/binding and records Scheduled', async () => {
  await createPod(makePod('web', { cpu: '500m', memory: '256Mi' }));
  const node = await eventually('the binding', async () => (await getPod('web')).spec.nodeName || undefined);
  assert.match(node, /^node-[123]$/);
  const cond = (await getPod('web')).status?.conditions?.find((c) => c.type === 'PodScheduled');
  assert.equal(cond?.status, 'True');
  const ev = await eventually('the Scheduled event', async () => (await eventsFor('web')).find((e) => e.reason === 'Scheduled'));
  assert.equal(ev.message, `Successfully assigned default/web to ${node}`);
  assert.equal((ev.source as { component?: string }).component, 'default-scheduler');
});

test('reports a pod that fits nowhere with the FailedScheduling event and PodScheduled=False', async () => {
  await createPod(makePod('huge', { cpu: '3' }));
  const want = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
  const cond = await eventually('PodScheduled=False', async () => (await getPod('huge')).status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False'));
  assert.equal(cond.reason, 'Unschedulable');
  assert.equal(cond.message, want);
  const ev = await eventually('FailedScheduling', async () => (await eventsFor('huge')).find((e) => e.reason === 'FailedScheduling'));
  assert.equal(ev.type, 'Warning');
  assert.equal(ev.message, want);
  assert.equal((await getPod('huge')).spec.nodeName, undefined);
});

test('a pod of another scheduler stays pending without events', async () => {
  await createPod(makePod('elsewhere', { spec: { schedulerName: 'my-scheduler' } }));
  await createPod(makePod('marker'));
  await eventually('the marker pod to bind', async () => (await getPod('marker')).spec.nodeName || undefined);
  assert.equal((await getPod('elsewhere')).spec.nodeName, undefined);
  assert.deepEqual(await eventsFor('elsewhere'), []);
});

test('preempts a lower-priority pod: DisruptionTarget, graceful delete, nomination', async () => {
  await client.resource(NODES).create(makeNode('node-4', { labels: { pool: 'tiny' }, cpu: '1' }));
  await createPod(makePod('victim', { cpu: '800m', nodeSelector: { pool: 'tiny' } }));
  await eventually('the victim to bind', async () => (await getPod('victim')).spec.nodeName || undefined);
  // Priority comes from a PriorityClass: the Priority admission plugin refuses a bare spec.priority.
  await client.resource({ group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses' }).create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'vip-class' }, value: 1000 } as never);
  await createPod(makePod('vip', { cpu: '800m', nodeSelector: { pool: 'tiny' }, spec: { priorityClassName: 'vip-class' } }));
  const nominated = await eventually('the nomination', async () => (await getPod('vip')).status?.nominatedNodeName || undefined);
  assert.equal(nominated, 'node-4');
  const victim = await eventually('the victim to terminate', async () => {
    const v = await pods().get('victim').catch(() => undefined);
    return v === undefined || v.metadata.deletionTimestamp ? (v ?? null) : undefined;
  });
  if (victim) {
    const dt = (victim as Pod).status?.conditions?.find((c) => c.type === 'DisruptionTarget');
    assert.deepEqual({ status: dt?.status, reason: dt?.reason }, { status: 'True', reason: 'PreemptionByScheduler' });
  }
  const ev = await eventually('the Preempted event', async () => (await eventsFor('victim')).find((e) => e.reason === 'Preempted'));
  assert.match(String(ev.message), /^Preempted by pod [0-9a-f-]+ on node node-4$/);
});
