import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './apps.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const meta = (name: string): KubeObject['metadata'] => ({ name, namespace: 'default', creationTimestamp: '2025-06-01T11:57:50Z' });
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'log', image: 'fluent-bit:3.1' }] } };

test('deployments: READY ready/desired, then wide containers, images, selector', () => {
  const d: KubeObject = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web'),
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] }, template },
    status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
  };
  assert.deepEqual(deploymentPrinter.row(d, NOW), ['web', '2/3', 3, 2, '2m10s', 'web,log', 'nginx:1.27,fluent-bit:3.1', 'app=web,tier in (edge,front)']);
  assert.deepEqual(deploymentPrinter.columns.map((c) => `${c.name}:${c.priority}`),
    ['Name:0', 'Ready:0', 'Up-to-date:0', 'Available:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1']);
});

test('a new deployment without status, and spec.replicas defaulted to 1', () => {
  const d: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web'), spec: { selector: { matchLabels: { app: 'web' } }, template } };
  assert.deepEqual(deploymentPrinter.row(d, NOW).slice(0, 4), ['web', '0/1', 0, 0]);
  assert.equal(deploymentPrinter.row({ ...d, spec: { template, selector: { matchExpressions: [{ key: 'a', operator: 'Bogus' }] } } }, NOW)[7], '<invalid>');
});

test('replica sets and daemon sets', () => {
  const rs: KubeObject = {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta('web-7d4b9c'),
    spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d4b9c' } }, template },
    status: { replicas: 3, readyReplicas: 3 },
  };
  assert.deepEqual(replicaSetPrinter.row(rs, NOW), ['web-7d4b9c', 3, 3, 3, '2m10s', 'web,log', 'nginx:1.27,fluent-bit:3.1', 'app=web,pod-template-hash=7d4b9c']);
  const ds: KubeObject = {
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta('aws-node'),
    spec: { selector: { matchLabels: { 'k8s-app': 'aws-node' } }, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'aws-node', image: 'amazon-k8s-cni:v1.19.2' }] } } },
    status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
  };
  assert.deepEqual(daemonSetPrinter.row(ds, NOW), ['aws-node', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '2m10s', 'aws-node', 'amazon-k8s-cni:v1.19.2', 'k8s-app=aws-node']);
  assert.equal(daemonSetPrinter.row({ ...ds, spec: { template: { spec: {} } } }, NOW)[6], '<none>');
});

test('stateful sets print READY and wide containers only', () => {
  const ss: KubeObject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('postgres'), spec: { replicas: 2, template }, status: { readyReplicas: 1 } };
  assert.deepEqual(statefulSetPrinter.row(ss, NOW), ['postgres', '1/2', '2m10s', 'web,log', 'nginx:1.27,fluent-bit:3.1']);
});

test('controller revisions name their controller as kind.group/name', () => {
  const cr: KubeObject = {
    apiVersion: 'apps/v1', kind: 'ControllerRevision', revision: 4,
    metadata: { ...meta('aws-node-5f7b8c'), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'aws-node', uid: 'u', controller: true }] },
  };
  assert.deepEqual(controllerRevisionPrinter.row(cr, NOW), ['aws-node-5f7b8c', 'daemonset.apps/aws-node', 4, '2m10s']);
  assert.equal(controllerRevisionPrinter.row({ ...cr, metadata: meta('orphan') }, NOW)[1], '<none>');
});
