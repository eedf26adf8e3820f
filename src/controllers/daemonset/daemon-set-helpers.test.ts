import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../common/workload-types.ts';
import { createDaemonPodTemplate, daemonPodTemplateForNode, isPodUpdated, targetNodeName } from './daemon-pod-template.ts';
import type { DaemonSet, Node, Taint } from './daemon-set-types.ts';
import { nodeShouldRunDaemonPod } from './node-should-run.ts';
import { FailedPodsBackoff, podsShouldBeOnNode } from './pods-on-node.ts';
import { rollingUpdateLimits, rollingUpdateStep } from './rolling-update.ts';

const node = (name: string, o: { labels?: Record<string, string>; taints?: Taint[] } = {}): Node => ({ metadata: { name, labels: o.labels }, spec: { taints: o.taints } });
const ds = (podSpec: Record<string, unknown> = {}, strategy?: NonNullable<DaemonSet['spec']>['updateStrategy']): DaemonSet => ({
  metadata: { name: 'd', namespace: 'default', uid: 'ds-uid' },
  spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c' }], ...podSpec } }, updateStrategy: strategy },
});

// [case, node, pod spec, shouldRun, shouldContinueRunning]
const PLACEMENT: readonly [string, Node, Record<string, unknown>, boolean, boolean][] = [
  ['plain node', node('a'), {}, true, true],
  ['nodeSelector matches', node('a', { labels: { disk: 'ssd' } }), { nodeSelector: { disk: 'ssd' } }, true, true],
  ['nodeSelector does not match', node('a'), { nodeSelector: { disk: 'ssd' } }, false, false],
  ['affinity In', node('a', { labels: { zone: 'z1' } }), { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1', 'z2'] }] }] } } } }, true, true],
  ['affinity NotIn', node('a', { labels: { zone: 'z1' } }), { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['z1'] }] }] } } } }, false, false],
  ['affinity Gt', node('a', { labels: { gen: '5' } }), { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] }] } } } }, true, true],
  ['affinity on metadata.name', node('b'), { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }] } } } }, false, false],
  ['empty terms match nothing', node('a'), { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } }, false, false],
  ['spec.nodeName elsewhere', node('a'), { nodeName: 'b' }, false, false],
  ['untolerated NoSchedule: keep an existing pod', node('a', { taints: [{ key: 'x', effect: 'NoSchedule' }] }), {}, false, true],
  ['untolerated NoExecute: evict', node('a', { taints: [{ key: 'x', effect: 'NoExecute' }] }), {}, false, false],
  ['tolerated taint', node('a', { taints: [{ key: 'x', value: 'y', effect: 'NoExecute' }] }), { tolerations: [{ key: 'x', operator: 'Equal', value: 'y' }] }, true, true],
  ['PreferNoSchedule is ignored', node('a', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] }), {}, true, true],
  ['not-ready and unschedulable taints are tolerated by default', node('a', { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }), {}, true, true],
  ['network-unavailable only for host-network pods', node('a', { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] }), {}, false, true],
  ['network-unavailable tolerated with hostNetwork', node('a', { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] }), { hostNetwork: true }, true, true],
];

for (const [name, n, spec, shouldRun, shouldContinueRunning] of PLACEMENT) {
  test(`nodeShouldRunDaemonPod: ${name}`, () => {
    assert.deepEqual(nodeShouldRunDaemonPod(n, ds(spec)), { shouldRun, shouldContinueRunning });
  });
}

test('daemon pod template: hash label, tolerations kept and merged, affinity replaced per node', () => {
  const d = ds({ tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }, { key: 'x', operator: 'Exists' }],
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }] }, preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1 }] } } });
  const t = createDaemonPodTemplate(d, 'abc');
  assert.equal(t.metadata?.labels?.['controller-revision-hash'], 'abc');
  const tolerations = (t.spec as { tolerations: { key: string; tolerationSeconds?: number }[] }).tolerations;
  // The same key/operator/effect is replaced in place: tolerationSeconds is dropped, as kube does.
  assert.deepEqual(tolerations[0], { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
  assert.equal(tolerations[1].key, 'x');
  assert.equal(tolerations.length, 7);
  const forNode = daemonPodTemplateForNode(t, 'node-1');
  const affinity = (forNode.spec as { affinity: { nodeAffinity: Record<string, unknown> } }).affinity.nodeAffinity;
  assert.deepEqual(affinity.requiredDuringSchedulingIgnoredDuringExecution, { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }] });
  assert.deepEqual(affinity.preferredDuringSchedulingIgnoredDuringExecution, [{ weight: 1 }]);
  const pod: Pod = { metadata: { labels: forNode.metadata?.labels }, spec: forNode.spec };
  assert.equal(targetNodeName(pod), 'node-1');
  assert.equal(targetNodeName({ ...pod, spec: { ...pod.spec, nodeName: 'bound' } }), 'bound');
  assert.equal(isPodUpdated(pod, { hash: 'abc' }), true);
  assert.equal(isPodUpdated(pod, { hash: 'def' }), false);
});

const pod = (name: string, o: { hash: string; ready?: boolean; phase?: string; created?: string; node?: string }): Pod => ({
  metadata: { name, namespace: 'default', creationTimestamp: o.created ?? '2026-01-01T00:00:00Z', labels: { 'controller-revision-hash': o.hash } },
  spec: { nodeName: o.node ?? 'n' },
  status: { phase: o.phase ?? 'Running', conditions: o.ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }] : [] },
});
const nowMs = Date.parse('2026-01-01T01:00:00Z');

test('podsShouldBeOnNode: create, prune extras, delete failed pods with back-off, delete where not wanted', () => {
  const base = { node: node('n'), ds: ds(), hash: 'h', allowsSurge: false, backoff: new FailedPodsBackoff(), nowMs };
  const run = { shouldRun: true, shouldContinueRunning: true };
  assert.deepEqual(podsShouldBeOnNode({ ...base, daemonPods: undefined, should: run }).nodesNeedingDaemonPods, ['n']);
  const two = [pod('new', { hash: 'h', created: '2026-01-01T00:05:00Z' }), pod('old', { hash: 'h' })];
  assert.deepEqual(podsShouldBeOnNode({ ...base, daemonPods: two, should: run }).podsToDelete, ['new']);
  const failed = [pod('f', { hash: 'h', phase: 'Failed' })];
  const first = podsShouldBeOnNode({ ...base, daemonPods: failed, should: run });
  assert.deepEqual(first.podsToDelete, ['f']);
  assert.equal(first.events[0].reason, 'FailedDaemonPod');
  const again = podsShouldBeOnNode({ ...base, daemonPods: failed, should: run });
  assert.deepEqual(again.podsToDelete, []);
  assert.equal(again.requeueAfterMs, 1000);
  assert.deepEqual(podsShouldBeOnNode({ ...base, daemonPods: two, should: { shouldRun: false, shouldContinueRunning: false } }).podsToDelete.sort(), ['new', 'old']);
  // Surge: the old ready pod stays until the new one is available.
  const surging = [pod('old', { hash: 'x', ready: true }), pod('new', { hash: 'h', created: '2026-01-01T00:05:00Z' })];
  assert.deepEqual(podsShouldBeOnNode({ ...base, allowsSurge: true, daemonPods: surging, should: run }).podsToDelete, []);
  surging[1] = pod('new', { hash: 'h', ready: true, created: '2026-01-01T00:05:00Z' });
  assert.deepEqual(podsShouldBeOnNode({ ...base, allowsSurge: true, daemonPods: surging, should: run }).podsToDelete, ['old']);
});

test('rolling update limits: percentages round up; 0/0 means one unavailable', () => {
  assert.deepEqual(rollingUpdateLimits(ds({}, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } }), 15), { maxSurge: 0, maxUnavailable: 2 });
  assert.deepEqual(rollingUpdateLimits(ds({}, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } }), 3), { maxSurge: 0, maxUnavailable: 1 });
  assert.deepEqual(rollingUpdateLimits(ds({}, { type: 'OnDelete' }), 3), { maxSurge: 0, maxUnavailable: 1 });
});

test('rolling update without surge: unavailable old pods always, available ones within maxUnavailable', () => {
  const d = ds({}, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  const nodeToDaemonPods = new Map<string, Pod[]>([
    ['a', [pod('a-old', { hash: 'old', ready: true })]],
    ['b', [pod('b-old', { hash: 'old', ready: true })]],
    ['c', [pod('c-old', { hash: 'old' })]],
    ['d', [pod('d-new', { hash: 'h', ready: true })]],
  ]);
  const step = rollingUpdateStep({ ds: d, nodeToDaemonPods, shouldRun: () => true, desiredNumberScheduled: 4, hash: 'h', nowMs });
  // c's old pod is unavailable: replaced at once, and it uses up the one unavailable slot.
  assert.deepEqual(step, { podsToDelete: ['c-old'], nodesToCreate: [] });
  nodeToDaemonPods.set('c', [pod('c-new', { hash: 'h', ready: true })]);
  assert.deepEqual(rollingUpdateStep({ ds: d, nodeToDaemonPods, shouldRun: () => true, desiredNumberScheduled: 4, hash: 'h', nowMs }), { podsToDelete: ['a-old'], nodesToCreate: [] });
});

test('rolling update with surge: new pods beside old ones, old ones deleted once the new are available', () => {
  const d = ds({}, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
  const nodeToDaemonPods = new Map<string, Pod[]>([
    ['a', [pod('a-old', { hash: 'old', ready: true })]],
    ['b', [pod('b-old', { hash: 'old', ready: true })]],
  ]);
  assert.deepEqual(rollingUpdateStep({ ds: d, nodeToDaemonPods, shouldRun: () => true, desiredNumberScheduled: 2, hash: 'h', nowMs }), { podsToDelete: [], nodesToCreate: ['a'] });
  nodeToDaemonPods.set('a', [pod('a-old', { hash: 'old', ready: true }), pod('a-new', { hash: 'h' })]);
  assert.deepEqual(rollingUpdateStep({ ds: d, nodeToDaemonPods, shouldRun: () => true, desiredNumberScheduled: 2, hash: 'h', nowMs }), { podsToDelete: [], nodesToCreate: [] });
  nodeToDaemonPods.set('a', [pod('a-old', { hash: 'old', ready: true }), pod('a-new', { hash: 'h', ready: true })]);
  assert.deepEqual(rollingUpdateStep({ ds: d, nodeToDaemonPods, shouldRun: () => true, desiredNumberScheduled: 2, hash: 'h', nowMs }), { podsToDelete: ['a-old'], nodesToCreate: ['b'] });
});
