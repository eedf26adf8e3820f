import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../object.ts';
import {
  setDefaultsLimitRange, setDefaultsNamespace, setDefaultsPersistentVolume, setDefaultsPersistentVolumeClaim, setDefaultsReplicationController,
  setDefaultsSecret, setDefaultsService,
} from './core.ts';

test('the seed LoadBalancer Service defaults as kube-apiserver returns it (before allocation)', () => {
  const svc: KubeObject = { metadata: { name: 'nginx', namespace: 'default' }, spec: { selector: { app: 'nginx' }, type: 'LoadBalancer', ports: [{ name: 'http', port: 80, targetPort: 80 }] } };
  setDefaultsService(svc);
  assert.deepEqual(svc.spec, {
    selector: { app: 'nginx' }, type: 'LoadBalancer', ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }],
    sessionAffinity: 'None', externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true,
  });
});

test('Service: targetPort defaults to port; ClientIP affinity gets its timeout', () => {
  const svc: KubeObject = { metadata: { name: 's' }, spec: { sessionAffinity: 'ClientIP', ports: [{ port: 8080 }] } };
  setDefaultsService(svc);
  const spec = svc.spec as Record<string, unknown>;
  assert.deepEqual(spec.ports, [{ port: 8080, protocol: 'TCP', targetPort: 8080 }]);
  assert.deepEqual(spec.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
  assert.equal(spec.externalTrafficPolicy, undefined);
});

test('Namespace: the metadata.name label, always equal to the name', () => {
  const ns: KubeObject = { metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'forged', x: 'y' } } };
  setDefaultsNamespace(ns);
  assert.deepEqual(ns.metadata.labels, { 'kubernetes.io/metadata.name': 'team-a', x: 'y' });
});

test('Secret: type Opaque; stringData merged into data as base64 and dropped', () => {
  const s: KubeObject = { metadata: { name: 's' }, data: { a: 'b2xk' }, stringData: { a: 'new', b: 'héllo' } };
  setDefaultsSecret(s);
  assert.deepEqual(s, { metadata: { name: 's' }, type: 'Opaque', data: { a: 'bmV3', b: Buffer.from('héllo').toString('base64') } });
});

test('PersistentVolume and claim defaults', () => {
  const pv: KubeObject = { metadata: { name: 'pv' }, spec: { hostPath: { path: '/d' } } };
  setDefaultsPersistentVolume(pv);
  assert.deepEqual(pv, { metadata: { name: 'pv' }, spec: { hostPath: { path: '/d', type: '' }, persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });
  const pvc: Record<string, unknown> = { spec: {} };
  setDefaultsPersistentVolumeClaim(pvc);
  assert.deepEqual(pvc, { spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });
});

test('ReplicationController: selector and labels from the template, replicas 1', () => {
  const rc: KubeObject = { metadata: { name: 'rc' }, spec: { template: { metadata: { labels: { app: 'x' } }, spec: { containers: [] } } } };
  setDefaultsReplicationController(rc);
  const spec = rc.spec as Record<string, unknown>;
  assert.deepEqual([spec.selector, rc.metadata.labels, spec.replicas], [{ app: 'x' }, { app: 'x' }, 1]);
});

test('LimitRange Container items: default ← max, defaultRequest ← default, then min', () => {
  const lr: KubeObject = { metadata: { name: 'l' }, spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } }, { type: 'Pod', max: { cpu: '4' } }] } };
  setDefaultsLimitRange(lr);
  assert.deepEqual((lr.spec as { limits: unknown[] }).limits, [
    { type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' }, default: { cpu: '2' }, defaultRequest: { cpu: '2', memory: '64Mi' } },
    { type: 'Pod', max: { cpu: '4' } },
  ]);
});
