import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/object.ts';
import { hasBuiltinStrategy, strategyFor } from './index.ts';

const KINDS: [string, string][] = [
  ['', 'Namespace'], ['', 'Pod'], ['', 'Service'], ['', 'Endpoints'], ['', 'ConfigMap'], ['', 'Secret'], ['', 'ServiceAccount'], ['', 'Node'],
  ['', 'Event'], ['', 'ResourceQuota'], ['', 'LimitRange'], ['', 'PersistentVolume'], ['', 'PersistentVolumeClaim'], ['', 'ReplicationController'],
  ['apps', 'Deployment'], ['apps', 'ReplicaSet'], ['apps', 'DaemonSet'], ['apps', 'StatefulSet'], ['apps', 'ControllerRevision'],
  ['batch', 'Job'], ['batch', 'CronJob'], ['autoscaling', 'HorizontalPodAutoscaler'],
  ['networking.k8s.io', 'Ingress'], ['networking.k8s.io', 'IngressClass'], ['networking.k8s.io', 'NetworkPolicy'], ['policy', 'PodDisruptionBudget'],
  ['rbac.authorization.k8s.io', 'Role'], ['rbac.authorization.k8s.io', 'ClusterRole'], ['rbac.authorization.k8s.io', 'RoleBinding'],
  ['rbac.authorization.k8s.io', 'ClusterRoleBinding'], ['coordination.k8s.io', 'Lease'], ['discovery.k8s.io', 'EndpointSlice'], ['events.k8s.io', 'Event'],
  ['storage.k8s.io', 'StorageClass'], ['scheduling.k8s.io', 'PriorityClass'],
  ['admissionregistration.k8s.io', 'ValidatingWebhookConfiguration'], ['admissionregistration.k8s.io', 'MutatingWebhookConfiguration'],
  ['admissionregistration.k8s.io', 'ValidatingAdmissionPolicy'], ['admissionregistration.k8s.io', 'ValidatingAdmissionPolicyBinding'],
  ['apiextensions.k8s.io', 'CustomResourceDefinition'],
];

test('every kind of the brief has its own strategy', () => {
  for (const [g, k] of KINDS) assert.equal(hasBuiltinStrategy(g, k), true, `${g}/${k}`);
  assert.equal(hasBuiltinStrategy('example.com', 'Widget'), false);
});

test('a bad name is caught by every built-in strategy\'s validate (kind-specific name rules live there)', () => {
  // core/v1 Events are the exception, as in kube: legacy validation leaves names to the Store's
  // generic path-segment check (kube's validateCommonFields).
  for (const [g, k] of KINDS.filter(([g, k]) => !(g === '' && k === 'Event'))) {
    const obj: KubeObject = { apiVersion: g === '' ? 'v1' : `${g}/v1`, kind: k, metadata: { name: 'bad/name', namespace: 'default' } };
    const s = strategyFor(g, k);
    s.applyDefaults?.(obj);
    const errs = s.validate(obj);
    assert.ok(errs.some((e) => e.field === 'metadata.name'), `${g}/${k}: ${JSON.stringify(errs)}`);
  }
});

test('the generic fallback: metadata rules, scope from options, status and scale as a CRD declares', () => {
  const s = strategyFor('example.com', 'Widget', { namespaced: true, statusSubresource: true, scale: { specReplicasPath: '.spec.size', statusReplicasPath: '.status.size', labelSelectorPath: '.status.selector' } });
  const w: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'd', finalizers: ['mine'] }, spec: { size: 2 }, status: { size: 1 } };
  s.prepareForCreate?.(w);
  assert.equal(w.status, undefined, 'status is not writable on create with a status subresource');
  assert.deepEqual(s.validate(w), []);
  assert.deepEqual(s.validate({ metadata: { name: 'w1' } }).map((e) => e.field), ['metadata.namespace']);
  assert.equal(s.tracksGeneration, true);
  const scale = s.scale!;
  w.status = { size: 1, selector: 'app=w' };
  assert.deepEqual([scale.replicas(w), scale.statusReplicas(w), scale.selector(w)], [2, 1, 'app=w']);
  scale.setReplicas(w, 4);
  assert.deepEqual(w.spec, { size: 4 });
  const old = structuredClone(w);
  const next = { ...structuredClone(w), status: { size: 9 } };
  s.prepareForUpdate?.(next, old);
  assert.deepEqual(next.status, old.status);
  assert.deepEqual(strategyFor('x.io', 'Thing').validate({ metadata: { name: 't', namespace: 'any' } }), [], 'scope unknown: namespace not checked');
});

test('PersistentVolumes take the clock from the options', () => {
  const s = strategyFor('', 'PersistentVolume', { now: () => new Date('2024-05-06T07:08:09.123Z') });
  const pv: KubeObject = { metadata: { name: 'pv' }, spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, hostPath: { path: '/d' } } };
  s.applyDefaults?.(pv);
  s.prepareForCreate?.(pv);
  assert.deepEqual(pv.status, { phase: 'Pending', lastPhaseTransitionTime: '2024-05-06T07:08:09Z' });
  assert.deepEqual(s.validate(pv), []);
  const next = { ...structuredClone(pv), status: { phase: 'Bound', lastPhaseTransitionTime: '2024-05-06T07:08:09Z' } };
  const later = strategyFor('', 'PersistentVolume', { now: () => new Date('2024-05-06T08:00:00Z') });
  later.status?.prepareForUpdate?.(next, pv);
  assert.deepEqual(next.status, { phase: 'Bound', lastPhaseTransitionTime: '2024-05-06T08:00:00Z' });
});

test('CRDs record acceptedNames and the storage version on create', () => {
  const s = strategyFor('apiextensions.k8s.io', 'CustomResourceDefinition');
  const crd: KubeObject = { metadata: { name: 'widgets.example.com' }, spec: {
    group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
  } };
  s.applyDefaults?.(crd);
  s.prepareForCreate?.(crd);
  assert.deepEqual(crd.status, { acceptedNames: { plural: 'widgets', kind: 'Widget', singular: 'widget', listKind: 'WidgetList' }, storedVersions: ['v1'] });
  assert.deepEqual(s.validate(crd), []);
  const next = structuredClone(crd);
  (next.spec as { versions: unknown[] }).versions = [{ name: 'v1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object' } } }, { name: 'v2', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }];
  s.prepareForUpdate?.(next, crd);
  assert.deepEqual((next.status as { storedVersions: string[] }).storedVersions, ['v1', 'v2']);
  assert.deepEqual(s.validateUpdate(next, crd), []);
});

test('Secrets select by type; Nodes by spec.unschedulable; Events by involvedObject', () => {
  assert.deepEqual(strategyFor('', 'Secret').fieldSet?.({ metadata: {}, type: 'Opaque' }), { type: 'Opaque' });
  assert.deepEqual(strategyFor('', 'Node').fieldSet?.({ metadata: {}, spec: { unschedulable: true } }), { 'spec.unschedulable': 'true' });
  const ev = strategyFor('', 'Event').fieldSet?.({ apiVersion: 'v1', metadata: {}, involvedObject: { kind: 'Pod', name: 'p', namespace: 'd', uid: 'u' }, reason: 'Started', type: 'Normal', reportingComponent: 'kubelet' });
  assert.deepEqual(ev, {
    'involvedObject.kind': 'Pod', 'involvedObject.namespace': 'd', 'involvedObject.name': 'p', 'involvedObject.uid': 'u', 'involvedObject.apiVersion': '',
    'involvedObject.resourceVersion': '', 'involvedObject.fieldPath': '', reason: 'Started', reportingComponent: 'kubelet', source: 'kubelet', type: 'Normal',
  });
  // events.k8s.io/v1 selects by its own names (AddFieldLabelConversionsForEvent): no involvedObject.*, no source.
  const v1 = strategyFor('events.k8s.io', 'Event').fieldSet?.({ apiVersion: 'events.k8s.io/v1', metadata: {}, regarding: { kind: 'Node', name: 'n' }, reason: 'R', type: 'Warning', reportingController: 'c' });
  assert.deepEqual(v1, {
    'regarding.kind': 'Node', 'regarding.namespace': '', 'regarding.name': 'n', 'regarding.uid': '', 'regarding.apiVersion': '',
    'regarding.resourceVersion': '', 'regarding.fieldPath': '', reason: 'R', reportingController: 'c', type: 'Warning',
  });
});

test('PUT-may-create kinds', () => {
  const creators = KINDS.filter(([g, k]) => strategyFor(g, k).allowCreateOnUpdate).map(([g, k]) => `${g}/${k}`);
  assert.deepEqual(creators, ['/Service', '/Endpoints', '/Event', '/LimitRange', 'rbac.authorization.k8s.io/Role', 'rbac.authorization.k8s.io/ClusterRole',
    'rbac.authorization.k8s.io/RoleBinding', 'rbac.authorization.k8s.io/ClusterRoleBinding', 'coordination.k8s.io/Lease', 'discovery.k8s.io/EndpointSlice', 'events.k8s.io/Event']);
});
