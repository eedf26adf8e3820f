import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from './framework/cycle-state.ts';
import { NodeInfo } from './framework/node-info.ts';
import { makeNode, makePod, newTestScheduler } from './testing.ts';
import { numFeasibleNodesToFind, schedulePod, selectHost } from './schedule-one.ts';

test('a pod requesting more CPU than any node stays unschedulable with kube-scheduler\'s message', async () => {
  const ts = newTestScheduler();
  for (const n of ['node-1', 'node-2', 'node-3']) ts.cluster.addNode(makeNode(n));
  ts.cluster.addPod(makePod('big', { cpu: '3' }));
  await ts.drain();
  const want = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
  assert.deepEqual(ts.cluster.events.filter((e) => e.object === 'default/big'), [{ object: 'default/big', type: 'Warning', reason: 'FailedScheduling', message: want }]);
  const cond = ts.cluster.pod('default', 'big')?.status?.conditions?.find((c) => c.type === 'PodScheduled');
  assert.deepEqual({ status: cond?.status, reason: cond?.reason, message: cond?.message }, { status: 'False', reason: 'Unschedulable', message: want });
  assert.equal(ts.nodeOf('big'), undefined);
  assert.deepEqual(ts.scheduler.queue.pendingPods().unschedulable, ['default/big']);
});

test('an unschedulable pod is scheduled once a node with room arrives', async () => {
  const ts = newTestScheduler();
  ts.cluster.addNode(makeNode('small'));
  ts.cluster.addPod(makePod('big', { cpu: '3' }));
  await ts.drain();
  ts.cluster.addNode(makeNode('large', { cpu: '4' }));
  ts.clock.advance(1000); // the pod's first backoff
  await ts.drain();
  assert.equal(ts.nodeOf('big'), 'large');
  assert.equal(ts.lastEvent('big'), 'Successfully assigned default/big to large');
  assert.equal(ts.cluster.pod('default', 'big')?.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status, 'True');
});

test('mixed reasons are counted and sorted', async () => {
  const ts = newTestScheduler();
  ts.cluster.addNode(makeNode('a', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }));
  ts.cluster.addNode(makeNode('b', { labels: { disk: 'hdd' } }));
  ts.cluster.addNode(makeNode('c', { labels: { disk: 'ssd' }, cpu: '1' }));
  ts.cluster.addPod(makePod('p', { cpu: '1500m', nodeSelector: { disk: 'ssd' } }));
  await ts.drain();
  assert.equal(ts.lastEvent('p'), "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.");
});

test('a missing claim fails every node at PreFilter, which preemption cannot help', async () => {
  const ts = newTestScheduler();
  for (const n of ['n1', 'n2']) ts.cluster.addNode(makeNode(n));
  ts.cluster.addPod(makePod('p', { spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] } }));
  await ts.drain();
  assert.equal(ts.lastEvent('p'), '0/2 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
  ts.cluster.addObject('StorageClass', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gp3' }, provisioner: 'ebs.csi.aws.com', volumeBindingMode: 'WaitForFirstConsumer' });
  ts.cluster.addObject('PersistentVolumeClaim', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: { storageClassName: 'gp3', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
  ts.clock.advance(1000);
  await ts.drain();
  assert.ok(ts.nodeOf('p'), 'the claim\'s arrival requeued the pod');
  assert.equal(ts.cluster.pvc('default', 'data')?.metadata.annotations?.['volume.kubernetes.io/selected-node'], ts.nodeOf('p'));
});

test('no nodes at all', async () => {
  const ts = newTestScheduler();
  ts.cluster.addPod(makePod('p'));
  await ts.drain();
  assert.equal(ts.lastEvent('p'), 'no nodes available to schedule pods');
});

test('nodeSelector, node affinity and taints steer pods', async () => {
  const ts = newTestScheduler();
  ts.cluster.addNode(makeNode('gpu', { labels: { accelerator: 'gpu' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }));
  ts.cluster.addNode(makeNode('ssd', { labels: { disk: 'ssd' } }));
  ts.cluster.addNode(makeNode('plain'));
  ts.cluster.addPod(makePod('wants-ssd', { nodeSelector: { disk: 'ssd' } }));
  ts.cluster.addPod(makePod('wants-gpu', { nodeSelector: { accelerator: 'gpu' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }));
  ts.cluster.addPod(makePod('not-ssd', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] }] } } } }));
  ts.cluster.addPod(makePod('gpu-without-toleration', { nodeSelector: { accelerator: 'gpu' } }));
  await ts.drain();
  assert.equal(ts.nodeOf('wants-ssd'), 'ssd');
  assert.equal(ts.nodeOf('wants-gpu'), 'gpu');
  assert.equal(ts.nodeOf('not-ssd'), 'plain', 'the taint keeps it off gpu, the affinity off ssd');
  assert.equal(ts.nodeOf('gpu-without-toleration'), undefined);
  assert.match(ts.lastEvent('gpu-without-toleration') ?? '', /^0\/3 nodes are available: 1 node\(s\) had untolerated taint \{dedicated: gpu\}, 2 node\(s\) didn't match Pod's node affinity\/selector\./);
});

test('pods spread evenly across 2 zones under a DoNotSchedule constraint', async () => {
  const ts = newTestScheduler({ random: () => 0 });
  for (const [n, z] of [['a1', 'us-east-1a'], ['a2', 'us-east-1a'], ['a3', 'us-east-1a'], ['b1', 'us-east-1b']]) ts.cluster.addNode(makeNode(n, { zone: z }));
  const spread = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }];
  for (let i = 0; i < 6; i++) ts.cluster.addPod(makePod(`web-${i}`, { labels: { app: 'web' }, topologySpreadConstraints: spread, cpu: '100m' }));
  await ts.drain();
  const perZone = { a: 0, b: 0 };
  for (let i = 0; i < 6; i++) perZone[ts.nodeOf(`web-${i}`)!.startsWith('a') ? 'a' : 'b']++;
  assert.deepEqual(perZone, { a: 3, b: 3 });
});

test('system default spreading sends a Service\'s second pod to the other zone', async () => {
  for (const withService of [false, true]) {
    const ts = newTestScheduler({ random: () => 0 });
    for (const [n, z] of [['a1', 'a'], ['a2', 'a'], ['a3', 'a'], ['b1', 'b']]) ts.cluster.addNode(makeNode(n, { zone: z }));
    if (withService) ts.cluster.addObject('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' } } });
    for (let i = 0; i < 2; i++) {
      ts.cluster.addPod(makePod(`web-${i}`, { labels: { app: 'web' }, cpu: '100m', memory: '128Mi' }));
      await ts.drain();
    }
    // ties go to the last node listed (a1, b1, a2, a3); only spreading pulls the second pod to zone b
    assert.equal(ts.nodeOf('web-0'), 'a3');
    assert.equal(ts.nodeOf('web-1'), withService ? 'b1' : 'a2');
  }
});

test('required anti-affinity puts one replica per node and leaves the extra one pending', async () => {
  const ts = newTestScheduler();
  for (const n of ['n1', 'n2', 'n3']) ts.cluster.addNode(makeNode(n));
  const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' }] } };
  for (let i = 0; i < 4; i++) ts.cluster.addPod(makePod(`db-${i}`, { labels: { app: 'db' }, affinity: anti }));
  await ts.drain();
  const nodes = [0, 1, 2, 3].map((i) => ts.nodeOf(`db-${i}`));
  assert.deepEqual(nodes.slice(0, 3).sort(), ['n1', 'n2', 'n3']);
  assert.equal(nodes[3], undefined);
  assert.equal(ts.lastEvent('db-3'), "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.");
});

test('a higher-priority pod preempts a lower-priority one, is nominated, then lands there', async () => {
  const ts = newTestScheduler();
  ts.cluster.addNode(makeNode('n1'));
  ts.cluster.addPod(makePod('low-1', { cpu: '1', priority: 0, nodeName: 'n1' }));
  ts.cluster.addPod(makePod('low-2', { cpu: '1', priority: 10, nodeName: 'n1' }));
  ts.cluster.addPod(makePod('urgent', { cpu: '1', priority: 1000 }));
  await ts.drain();
  assert.equal(ts.cluster.pod('default', 'low-1'), undefined, 'the lowest-priority pod is the victim');
  assert.ok(ts.cluster.pod('default', 'low-2'));
  assert.deepEqual(ts.cluster.events.find((e) => e.reason === 'Preempted'), { object: 'default/low-1', type: 'Normal', reason: 'Preempted', message: 'Preempted by pod uid-default-urgent on node n1' });
  assert.equal(ts.cluster.pod('default', 'urgent')?.status?.nominatedNodeName, 'n1');
  assert.equal(ts.lastEvent('urgent'), '0/1 nodes are available: 1 Insufficient cpu.');
  ts.clock.advance(1000);
  await ts.drain();
  assert.equal(ts.nodeOf('urgent'), 'n1');
});

test('a pod with preemptionPolicy Never does not preempt', async () => {
  const ts = newTestScheduler();
  ts.cluster.addNode(makeNode('n1'));
  ts.cluster.addPod(makePod('low', { cpu: '2', priority: 0, nodeName: 'n1' }));
  ts.cluster.addPod(makePod('polite', { cpu: '1', priority: 1000, spec: { preemptionPolicy: 'Never' } }));
  await ts.drain();
  assert.ok(ts.cluster.pod('default', 'low'));
  assert.equal(ts.lastEvent('polite'), '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
});

test('pods of another scheduler are left alone', async () => {
  const ts = newTestScheduler();
  ts.cluster.addNode(makeNode('n1'));
  ts.cluster.addPod(makePod('mine'));
  ts.cluster.addPod(makePod('theirs', { spec: { schedulerName: 'other-scheduler' } }));
  await ts.drain();
  assert.equal(ts.nodeOf('mine'), 'n1');
  assert.equal(ts.nodeOf('theirs'), undefined);
  assert.equal(ts.lastEvent('theirs'), undefined);
});

test('the priority of a pod without spec.priority comes from its PriorityClass', async () => {
  const ts = newTestScheduler();
  ts.cluster.addObject('PriorityClass', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 });
  ts.cluster.addNode(makeNode('n1'));
  ts.cluster.addPod(makePod('low', { cpu: '2', nodeName: 'n1' }));
  ts.cluster.addPod(makePod('classy', { cpu: '1', spec: { priorityClassName: 'high' } }));
  await ts.drain();
  assert.equal(ts.cluster.pod('default', 'low'), undefined, 'priority 1000 from the class preempted the priority-0 pod');
});

const sizes: [number, number][] = [[0, 0], [50, 50], [99, 99], [100, 100], [500, 230], [1000, 420], [5000, 500], [6000, 300], [20000, 1000]];
for (const [nodes, want] of sizes) {
  test(`numFeasibleNodesToFind(adaptive, ${nodes}) = ${want}`, () => assert.equal(numFeasibleNodesToFind(0, nodes), want));
}

test('numFeasibleNodesToFind with a configured percentage keeps the 100-node floor', () => {
  assert.equal(numFeasibleNodesToFind(10, 5000), 500);
  assert.equal(numFeasibleNodesToFind(1, 5000), 100);
  assert.equal(numFeasibleNodesToFind(100, 5000), 5000);
});

test('a large cluster is sampled, and the next pod starts where the last one stopped', () => {
  const ts = newTestScheduler();
  for (let i = 0; i < 1000; i++) ts.cluster.addNode(makeNode(`n${i}`));
  const r1 = schedulePod(ts.scheduler, new CycleState(), ts.scheduler.podInfoFor(makePod('a')));
  assert.equal(r1.kind === 'scheduled' && r1.feasible, 420);
  assert.equal(ts.scheduler.nextStartNodeIndex, 420);
  schedulePod(ts.scheduler, new CycleState(), ts.scheduler.podInfoFor(makePod('b')));
  assert.equal(ts.scheduler.nextStartNodeIndex, 840);
});

test('selectHost takes the highest score and breaks ties with the injected randomness', () => {
  const nodes = ['a', 'b', 'c', 'd'].map((n) => new NodeInfo(n, makeNode(n)));
  const totals = Float64Array.from([5, 9, 3, 9]);
  assert.equal(selectHost(nodes, totals, () => 0.99), 'b');
  assert.equal(selectHost(nodes, totals, () => 0), 'd');
  assert.equal(selectHost(nodes, Float64Array.from([1, 2, 3, 4]), () => 0), 'd');
});
