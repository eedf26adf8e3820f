import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../util/clock.ts';
import { ActionType, EVENT_NODE_ADD, clusterEvent } from '../framework/events.ts';
import type { ClusterEventWithHint } from '../framework/interface.ts';
import { PodInfo } from '../framework/pod-info.ts';
import { PrioritySort } from '../plugins/priority-sort.ts';
import { SchedulingGates } from '../plugins/scheduling-gates.ts';
import { makePod } from '../testing.ts';
import { SchedulingQueue, isPodUpdated } from './scheduling-queue.ts';

function newQueue(events: Record<string, readonly ClusterEventWithHint[]> = {}) {
  const clock = new FakeClock();
  const gates = new SchedulingGates();
  const queue = new SchedulingQueue({
    clock,
    queueSort: new PrioritySort(),
    preEnqueue: (p) => gates.preEnqueue(p),
    registeredEvents: new Map(Object.entries(events)),
  });
  return { clock, queue };
}

const info = (name: string, priority = 0, o: Parameters<typeof makePod>[1] = {}) => new PodInfo(makePod(name, o), priority);

test('activeQ pops higher priority first, then the pod queued first', () => {
  const { clock, queue } = newQueue();
  queue.add(info('low-early', 0));
  clock.advance(1);
  queue.add(info('high', 100));
  clock.advance(1);
  queue.add(info('low-late', 0));
  queue.add(info('mid', 50));
  const order = [];
  for (let q = queue.pop(); q; q = queue.pop()) order.push(q.podInfo.name);
  assert.deepEqual(order, ['high', 'mid', 'low-early', 'low-late']);
});

test('pods queued at the same instant keep their arrival order', () => {
  const { queue } = newQueue();
  for (const n of ['a', 'b', 'c', 'd']) queue.add(info(n));
  assert.deepEqual([queue.pop(), queue.pop(), queue.pop(), queue.pop()].map((q) => q?.podInfo.name), ['a', 'b', 'c', 'd']);
});

test('backoff doubles from 1s per attempt up to 10s', () => {
  const { queue } = newQueue();
  queue.add(info('a'));
  const q = queue.pop()!;
  const got = [];
  for (let attempts = 0; attempts <= 6; attempts++) { q.attempts = attempts; got.push(queue.backoffDuration(q)); }
  assert.deepEqual(got, [0, 1000, 2000, 4000, 8000, 10000, 10000]);
});

test('an unschedulable pod waits for an event its rejecting plugin registered, then backs off', () => {
  const { clock, queue } = newQueue({ NodeResourcesFit: [{ event: clusterEvent('Node', ActionType.Add | ActionType.UpdateNodeAllocatable) }] });
  queue.add(info('a'));
  const q = queue.pop()!;
  q.unschedulablePlugins = new Set(['NodeResourcesFit']);
  queue.addUnschedulableIfNotPresent(q);
  assert.deepEqual(queue.pendingPods().unschedulable, ['default/a']);

  queue.moveAllToActiveOrBackoffQueue(clusterEvent('Node', ActionType.UpdateNodeLabel));
  queue.moveAllToActiveOrBackoffQueue(clusterEvent('PersistentVolumeClaim', ActionType.Add));
  assert.deepEqual(queue.pendingPods().unschedulable, ['default/a'], 'unrelated events leave it parked');

  queue.moveAllToActiveOrBackoffQueue(EVENT_NODE_ADD);
  assert.deepEqual(queue.pendingPods().backoff, ['default/a'], 'still within its 1s backoff');
  clock.advance(999);
  assert.equal(queue.pop(), undefined);
  clock.advance(1);
  assert.deepEqual(queue.pendingPods().active, ['default/a']);
  assert.equal(queue.pop()?.attempts, 2);
});

test('after its backoff an event moves the pod straight to activeQ', () => {
  const { clock, queue } = newQueue({ NodeResourcesFit: [{ event: EVENT_NODE_ADD }] });
  queue.add(info('a'));
  const q = queue.pop()!;
  q.unschedulablePlugins = new Set(['NodeResourcesFit']);
  queue.addUnschedulableIfNotPresent(q);
  clock.advance(5000);
  queue.moveAllToActiveOrBackoffQueue(EVENT_NODE_ADD);
  assert.deepEqual(queue.pendingPods().active, ['default/a']);
});

test('a queueing hint can skip an event', () => {
  const { queue } = newQueue({ NodeAffinity: [{ event: EVENT_NODE_ADD, hint: (_p, _o, n) => (n?.metadata.labels?.ok ? 'Queue' : 'QueueSkip') }] });
  queue.add(info('a'));
  const q = queue.pop()!;
  q.unschedulablePlugins = new Set(['NodeAffinity']);
  queue.addUnschedulableIfNotPresent(q);
  queue.moveAllToActiveOrBackoffQueue(EVENT_NODE_ADD, undefined, { metadata: { name: 'n1' } });
  assert.deepEqual(queue.pendingPods().unschedulable, ['default/a']);
  queue.moveAllToActiveOrBackoffQueue(EVENT_NODE_ADD, undefined, { metadata: { name: 'n2', labels: { ok: 'y' } } });
  assert.deepEqual(queue.pendingPods().backoff, ['default/a']);
});

test('a pod that failed with an error (no rejecting plugin) goes to backoffQ', () => {
  const { queue } = newQueue();
  queue.add(info('a'));
  const q = queue.pop()!;
  queue.addUnschedulableIfNotPresent(q);
  assert.deepEqual(queue.pendingPods().backoff, ['default/a']);
});

test('an event during the attempt that could help sends the pod to backoff instead of the pool', () => {
  const { queue } = newQueue({ NodeResourcesFit: [{ event: EVENT_NODE_ADD }] });
  queue.add(info('a'));
  const q = queue.pop()!;
  queue.moveAllToActiveOrBackoffQueue(EVENT_NODE_ADD);
  q.unschedulablePlugins = new Set(['NodeResourcesFit']);
  queue.addUnschedulableIfNotPresent(q);
  assert.deepEqual(queue.pendingPods().backoff, ['default/a']);
});

test('unschedulable pods are retried after 5 minutes without any event', () => {
  const { clock, queue } = newQueue({ NodeResourcesFit: [{ event: EVENT_NODE_ADD }] });
  queue.run();
  queue.add(info('a'));
  const q = queue.pop()!;
  q.unschedulablePlugins = new Set(['NodeResourcesFit']);
  queue.addUnschedulableIfNotPresent(q);
  clock.advance(5 * 60_000);
  assert.deepEqual(queue.pendingPods().unschedulable, ['default/a']);
  clock.advance(30_000);
  assert.deepEqual(queue.pendingPods().active, ['default/a']);
  queue.close();
});

test('gated pods stay out of activeQ until their gates are removed', () => {
  const { queue } = newQueue({ SchedulingGates: new SchedulingGates().eventsToRegister() });
  const gated = makePod('g', { spec: { schedulingGates: [{ name: 'example.com/wait' }] } });
  queue.add(new PodInfo(gated, 0));
  assert.deepEqual(queue.pendingPods().gated, ['default/g']);
  queue.moveAllToActiveOrBackoffQueue(EVENT_NODE_ADD);
  assert.deepEqual(queue.pendingPods().gated, ['default/g']);
  const ungated = makePod('g', { spec: { schedulingGates: [] } });
  queue.update(gated, new PodInfo(ungated, 0));
  assert.deepEqual(queue.pendingPods().active, ['default/g']);
});

test('an update of a parked pod moves it only if more than its status changed', () => {
  const { clock, queue } = newQueue({ NodeResourcesFit: [] });
  const pod = makePod('a');
  queue.add(new PodInfo(pod, 0));
  const q = queue.pop()!;
  q.unschedulablePlugins = new Set(['NodeResourcesFit']);
  queue.addUnschedulableIfNotPresent(q);
  const statusOnly = { ...pod, metadata: { ...pod.metadata, resourceVersion: '9' }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] } };
  queue.update(pod, new PodInfo(statusOnly, 0));
  assert.deepEqual(queue.pendingPods().unschedulable, ['default/a']);
  clock.advance(2000);
  const relabelled = { ...statusOnly, metadata: { ...statusOnly.metadata, labels: { x: 'y' } } };
  queue.update(statusOnly, new PodInfo(relabelled, 0));
  assert.deepEqual(queue.pendingPods().active, ['default/a']);
});

test('isPodUpdated ignores resourceVersion, managedFields and status', () => {
  const a = makePod('a');
  assert.equal(isPodUpdated(a, { ...a, metadata: { ...a.metadata, resourceVersion: '2', managedFields: [] }, status: { phase: 'Running' } }), false);
  assert.equal(isPodUpdated(a, { ...a, spec: { ...a.spec, priority: 3 } }), true);
});

test('delete removes the pod wherever it waits', () => {
  const { queue } = newQueue();
  queue.add(info('a'));
  queue.add(info('b'));
  queue.delete('uid-default-a');
  assert.deepEqual(queue.pendingPods().active, ['default/b']);
});
