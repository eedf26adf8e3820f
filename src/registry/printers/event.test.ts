import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { eventPrinter } from './event.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');

test('event columns in kube order, five default', () => {
  assert.deepEqual(eventPrinter.columns.map((c) => `${c.name}:${c.priority}`), [
    'Last Seen:0', 'Type:0', 'Reason:0', 'Object:0', 'Subobject:1', 'Source:1', 'Message:0', 'First Seen:1', 'Count:1', 'Name:1',
  ]);
});

test('a core/v1 event from the kubelet', () => {
  const e: KubeObject = {
    apiVersion: 'v1', kind: 'Event', metadata: { name: 'web-7d4b9c-x2x9z.17f3a1b2c3d4e5f6', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web-7d4b9c-x2x9z', namespace: 'default', fieldPath: 'spec.containers{app}' },
    reason: 'BackOff', message: 'Back-off restarting failed container app in pod web-7d4b9c-x2x9z_default(1234)\n', type: 'Warning',
    source: { component: 'kubelet', host: 'ip-192-168-12-34.us-west-2.compute.internal' },
    firstTimestamp: '2025-06-01T11:50:00Z', lastTimestamp: '2025-06-01T11:59:30Z', count: 42,
  };
  assert.deepEqual(eventPrinter.row(e, NOW), [
    '30s', 'Warning', 'BackOff', 'pod/web-7d4b9c-x2x9z', 'spec.containers{app}', 'kubelet, ip-192-168-12-34.us-west-2.compute.internal',
    'Back-off restarting failed container app in pod web-7d4b9c-x2x9z_default(1234)', '10m', 42, 'web-7d4b9c-x2x9z.17f3a1b2c3d4e5f6',
  ]);
});

test('a new-style event: eventTime, reporting controller, count 1, no name in the object', () => {
  const e: KubeObject = {
    apiVersion: 'v1', kind: 'Event', metadata: { name: 'x.1' },
    involvedObject: { kind: 'Node' }, reason: 'RegisteredNode', type: 'Normal', message: 'Node n1 event',
    eventTime: '2025-06-01T11:58:00.123456Z', reportingComponent: 'node-controller', reportingInstance: '',
  };
  assert.deepEqual(eventPrinter.row(e, NOW), ['119s', 'Normal', 'RegisteredNode', 'node', '', 'node-controller', 'Node n1 event', '119s', 1, 'x.1']);
});

test('an events.k8s.io/v1 series event prints like its core form', () => {
  const e: KubeObject = {
    apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'web.1', namespace: 'default' },
    regarding: { kind: 'Deployment', name: 'web', namespace: 'default' }, reason: 'ScalingReplicaSet', type: 'Normal',
    note: 'Scaled up replica set web-7d4b9c to 3', reportingController: 'deployment-controller', reportingInstance: 'kcm-1',
    eventTime: '2025-06-01T11:00:00.000000Z', series: { count: 5, lastObservedTime: '2025-06-01T11:59:00.000000Z' },
  };
  assert.deepEqual(eventPrinter.row(e, NOW), [
    '60s', 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller, kcm-1', 'Scaled up replica set web-7d4b9c to 3', '60m', 5, 'web.1',
  ]);
});
