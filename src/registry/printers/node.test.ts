import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { nodePrinter, runtimeClassPrinter } from './node.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');

function node(labels: Record<string, string>, spec: Record<string, unknown>, conditions: unknown[]): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name: 'ip-192-168-12-34.us-west-2.compute.internal', labels, creationTimestamp: '2025-05-30T12:00:00Z' },
    spec,
    status: {
      conditions,
      addresses: [{ type: 'InternalIP', address: '192.168.12.34' }, { type: 'Hostname', address: 'ip-192-168-12-34.us-west-2.compute.internal' }],
      nodeInfo: { kubeletVersion: 'v1.32.3-eks-473151a', osImage: 'Amazon Linux 2023.7.20250414', kernelVersion: '6.1.132-147.221.amzn2023.x86_64', containerRuntimeVersion: 'containerd://1.7.27' },
    },
  };
}

const ready = [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }];

test('an EKS worker node, default and wide cells', () => {
  assert.deepEqual(nodePrinter.row(node({ 'eks.amazonaws.com/nodegroup': 'ng-1' }, {}, ready), NOW), [
    'ip-192-168-12-34.us-west-2.compute.internal', 'Ready', '<none>', '2d', 'v1.32.3-eks-473151a',
    '192.168.12.34', '<none>', 'Amazon Linux 2023.7.20250414', '6.1.132-147.221.amzn2023.x86_64', 'containerd://1.7.27',
  ]);
});

test('cordoned, not ready and unknown nodes', () => {
  assert.equal(nodePrinter.row(node({}, { unschedulable: true }, ready), NOW)[1], 'Ready,SchedulingDisabled');
  assert.equal(nodePrinter.row(node({}, {}, [{ type: 'Ready', status: 'Unknown' }]), NOW)[1], 'NotReady');
  assert.equal(nodePrinter.row(node({}, { unschedulable: true }, []), NOW)[1], 'Unknown,SchedulingDisabled');
});

test('roles from node-role labels and kubernetes.io/role, sorted and deduplicated', () => {
  const labels = { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'worker', 'node-role.kubernetes.io/': 'x' };
  assert.equal(nodePrinter.row(node(labels, {}, ready), NOW)[2], 'control-plane,worker');
});

test('wide cells fall back to <unknown> for missing node info', () => {
  const n: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } };
  assert.deepEqual(nodePrinter.row(n, NOW), ['n', 'Unknown', '<none>', '<unknown>', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
});

test('runtime classes print their handler', () => {
  assert.deepEqual(runtimeClassPrinter.row({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'gvisor', creationTimestamp: '2025-06-01T11:00:00Z' }, handler: 'runsc' }, NOW),
    ['gvisor', 'runsc', '60m']);
});
