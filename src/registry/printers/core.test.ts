import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import {
  componentStatusPrinter, configMapPrinter, namespacePrinter, replicationControllerPrinter, resourceQuotaPrinter,
  secretPrinter, serviceAccountPrinter,
} from './core.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const meta = (name: string): KubeObject['metadata'] => ({ name, namespace: 'default', creationTimestamp: '2025-05-31T12:00:00Z' });

test('namespaces print their phase', () => {
  assert.deepEqual(namespacePrinter.row({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('kube-system'), status: { phase: 'Active' } }, NOW), ['kube-system', 'Active', '24h']);
  assert.deepEqual(namespacePrinter.columns.map((c) => c.name), ['Name', 'Status', 'Age']);
});

test('configmaps count data and binaryData keys', () => {
  const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('kube-root-ca.crt'), data: { 'ca.crt': '...' }, binaryData: { 'logo.png': 'iVBORw0=' } };
  assert.deepEqual(configMapPrinter.row(cm, NOW), ['kube-root-ca.crt', 2, '24h']);
  assert.deepEqual(configMapPrinter.row({ ...cm, data: undefined, binaryData: undefined }, NOW)[1], 0);
});

test('secrets print type and data count; service accounts their secrets count', () => {
  const s: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: meta('tls'), type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==', 'tls.key': 'eQ==' } };
  assert.deepEqual(secretPrinter.row(s, NOW), ['tls', 'kubernetes.io/tls', 2, '24h']);
  assert.deepEqual(serviceAccountPrinter.row({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('default') }, NOW), ['default', 0, '24h']);
  assert.deepEqual(serviceAccountPrinter.columns.map((c) => c.name), ['Name', 'Secrets', 'Age']);
});

test('replication controllers: counts, then wide containers, images, selector map', () => {
  const rc: KubeObject = {
    apiVersion: 'v1', kind: 'ReplicationController', metadata: meta('nginx'),
    spec: { replicas: 3, selector: { app: 'nginx' }, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
    status: { replicas: 3, readyReplicas: 2 },
  };
  assert.deepEqual(replicationControllerPrinter.row(rc, NOW), ['nginx', 3, 3, 2, '24h', 'nginx', 'nginx:1.27', 'app=nginx']);
});

test('resource quotas split limits.* into LIMIT, sorted by resource name', () => {
  const rq: KubeObject = {
    apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('compute'),
    status: {
      hard: { 'requests.memory': '1Gi', pods: '10', 'limits.cpu': '4', 'requests.cpu': '2', 'limits.memory': '2Gi' },
      used: { 'requests.memory': '512Mi', pods: '3', 'limits.cpu': '1500m', 'requests.cpu': '750m' },
    },
  };
  assert.deepEqual(resourceQuotaPrinter.row(rq, NOW), [
    'compute', 'pods: 3/10, requests.cpu: 750m/2, requests.memory: 512Mi/1Gi', 'limits.cpu: 1500m/4, limits.memory: 0/2Gi', '24h',
  ]);
});

test('component statuses read the Healthy condition', () => {
  const cs: KubeObject = { apiVersion: 'v1', kind: 'ComponentStatus', metadata: { name: 'etcd-0' }, conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }] };
  assert.deepEqual(componentStatusPrinter.row(cs, NOW), ['etcd-0', 'Healthy', 'ok', '']);
  assert.deepEqual(componentStatusPrinter.row({ ...cs, conditions: [] }, NOW), ['etcd-0', 'Unknown', '', '']);
});
