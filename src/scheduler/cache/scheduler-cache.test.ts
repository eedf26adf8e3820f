import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PodInfo } from '../framework/pod-info.ts';
import { makeNode, makePod } from '../testing.ts';
import { SchedulerCache } from './scheduler-cache.ts';

test('an assumed pod counts on its node until forgotten', () => {
  const cache = new SchedulerCache();
  cache.addNode(makeNode('n1'));
  const p = new PodInfo(makePod('a', { cpu: '1' }), 0);
  cache.assumePod(p, 'n1');
  assert.equal(cache.get('n1')?.requested.milliCPU, 1000);
  assert.equal(cache.isAssumedPod(p.uid), true);
  assert.throws(() => cache.assumePod(p, 'n1'), /can't be assumed/);
  cache.forgetPod(p);
  assert.equal(cache.get('n1')?.requested.milliCPU, 0);
  assert.equal(cache.isAssumedPod(p.uid), false);
});

test('the informer event confirms an assumed pod, on the node it really landed on', () => {
  const cache = new SchedulerCache();
  cache.addNode(makeNode('n1'));
  cache.addNode(makeNode('n2'));
  const p = new PodInfo(makePod('a', { cpu: '1' }), 0);
  cache.assumePod(p, 'n1');
  cache.finishBinding(p);
  cache.addPod(new PodInfo(makePod('a', { cpu: '1', nodeName: 'n2' }), 0), 'n2');
  assert.equal(cache.isAssumedPod(p.uid), false);
  assert.equal(cache.get('n1')?.requested.milliCPU, 0);
  assert.equal(cache.get('n2')?.requested.milliCPU, 1000);
  cache.forgetPod(p);
  assert.equal(cache.get('n2')?.requested.milliCPU, 1000, 'a confirmed pod is not forgotten');
  cache.removePod(p.uid);
  assert.equal(cache.get('n2')?.pods.length, 0);
});

test('pods seen before their node are kept and counted once the node arrives', () => {
  const cache = new SchedulerCache();
  cache.addPod(new PodInfo(makePod('a', { cpu: '1', nodeName: 'late' }), 0), 'late');
  assert.equal(cache.get('late'), undefined);
  assert.equal(cache.nodeInfos().length, 0);
  cache.addNode(makeNode('late'));
  assert.equal(cache.get('late')?.requested.milliCPU, 1000);
});

test('nodes are listed one zone after another', () => {
  const cache = new SchedulerCache();
  for (const [n, z] of [['a1', 'a'], ['a2', 'a'], ['a3', 'a'], ['b1', 'b'], ['c1', 'c'], ['b2', 'b']]) cache.addNode(makeNode(n, { zone: z }));
  assert.deepEqual(cache.nodeInfos().map((n) => n.name), ['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  cache.removeNode(makeNode('b1', { zone: 'b' }));
  assert.deepEqual(cache.nodeInfos().map((n) => n.name), ['a1', 'b2', 'c1', 'a2', 'a3']);
  cache.updateNode(makeNode('a3', { zone: 'c' }));
  assert.deepEqual(cache.nodeInfos().map((n) => n.name), ['a1', 'b2', 'c1', 'a2', 'a3']);
});

test('nodes with affinity pods are tracked', () => {
  const cache = new SchedulerCache();
  cache.addNode(makeNode('n1'));
  const anti = new PodInfo(makePod('x', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'x' } } }] } } }), 0);
  cache.addPod(anti, 'n1');
  assert.deepEqual([...cache.nodesWithRequiredAntiAffinityPods()].map((n) => n.name), ['n1']);
  assert.deepEqual([...cache.nodesWithAffinityPods()].map((n) => n.name), ['n1']);
  cache.removePod(anti.uid);
  assert.equal(cache.nodesWithRequiredAntiAffinityPods().size, 0);
});
