import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { validateLimitRange, validateNamespace, validateNamespaceStatusUpdate, validateNode, validateNodeUpdate, validateResourceQuota } from './core-cluster.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);

test('Namespace names are DNS labels; spec finalizers standard or qualified', () => {
  assert.deepEqual(validateNamespace({ metadata: { name: 'team-a' }, spec: { finalizers: ['kubernetes'] } }), []);
  assert.equal(validateNamespace({ metadata: { name: 'team.a' } })[0].field, 'metadata.name');
  assert.deepEqual(msgs(validateNamespace({ metadata: { name: 'a' }, spec: { finalizers: ['mine'] } })),
    ['spec.finalizers: Invalid value: "mine": name is neither a standard finalizer name nor is it fully qualified']);
});

test('Namespace status: Active until deleted, then Terminating', () => {
  const old: KubeObject = { metadata: { name: 'a' }, status: { phase: 'Active' } };
  assert.deepEqual(msgs(validateNamespaceStatusUpdate({ metadata: { name: 'a' }, status: { phase: 'Terminating' } }, old)),
    ["status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty"]);
  const dying = { name: 'a', deletionTimestamp: '2024-01-01T00:00:00Z' };
  assert.deepEqual(validateNamespaceStatusUpdate({ metadata: dying, status: { phase: 'Terminating' } }, { metadata: dying }), []);
});

test('Node taints: qualified keys, required effect, unique key/effect pairs (reported under metadata.taints)', () => {
  const node: KubeObject = { metadata: { name: 'n1' }, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }, { key: 'k', effect: 'NoSchedule' }, { key: 'j' }] } };
  assert.deepEqual(msgs(validateNode(node)), [
    'metadata.taints[1]: Duplicate value: {"key":"k","effect":"NoSchedule"}: taints must be unique by key and effect pair',
    'metadata.taints[2].effect: Required value',
  ]);
});

test('Node updates may not change podCIDRs or providerID once set', () => {
  const old: KubeObject = { metadata: { name: 'n1' }, spec: { podCIDRs: ['10.0.1.0/24'], providerID: 'aws:///i-1' } };
  assert.deepEqual(validateNodeUpdate({ metadata: { name: 'n1' }, spec: { podCIDRs: ['10.0.1.0/24'], providerID: 'aws:///i-1', unschedulable: true } }, old), []);
  assert.deepEqual(msgs(validateNodeUpdate({ metadata: { name: 'n1' }, spec: { podCIDRs: ['10.0.2.0/24'], providerID: 'x' } }, old)), [
    'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
    'spec.providerID: Forbidden: node updates may not change providerID except from "" to valid',
  ]);
});

test('ResourceQuota: standard quota resources, non-negative, whole counts', () => {
  const rq: KubeObject = { metadata: { name: 'q', namespace: 'd' }, spec: { hard: { pods: '10', 'requests.cpu': '2', 'count/deployments.apps': '5' } } };
  assert.deepEqual(validateResourceQuota(rq), []);
  const bad: KubeObject = { metadata: { name: 'q', namespace: 'd' }, spec: { hard: { pods: '1.5', storage: '1Gi', 'requests.memory': '-1' } } };
  assert.deepEqual(msgs(validateResourceQuota(bad)), [
    'spec.hard[pods]: Invalid value: "1500m": must be an integer',
    'spec.hard[storage]: Invalid value: "storage": must be a standard resource for quota',
    'spec.hard[requests.memory]: Invalid value: "-1": must be greater than or equal to 0',
  ]);
});

test('LimitRange: unique types and ordered bounds', () => {
  const lr: KubeObject = { metadata: { name: 'l', namespace: 'd' }, spec: { limits: [
    { type: 'Container', min: { cpu: '1' }, max: { cpu: '500m' } },
    { type: 'Container' },
    { type: 'Pod', default: { cpu: '1' } },
  ] } };
  assert.deepEqual(msgs(validateLimitRange(lr)), [
    'spec.limits[0].min[cpu]: Invalid value: "1": min value 1 is greater than max value 500m',
    'spec.limits[1].type: Duplicate value: "Container"',
    "spec.limits[2].default: Forbidden: may not be specified when `type` is 'Pod'",
  ]);
});
