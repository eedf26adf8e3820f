import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { setDefaultsHorizontalPodAutoscaler } from '../defaults/autoscaling.ts';
import { validateHorizontalPodAutoscaler } from './autoscaling.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);
const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
function hpa(apiVersion: string, spec: Record<string, unknown>): KubeObject {
  const h: KubeObject = { apiVersion, kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'd' }, spec };
  setDefaultsHorizontalPodAutoscaler(h);
  return h;
}

test('defaulted v1 and v2 HPAs validate', () => {
  assert.deepEqual(validateHorizontalPodAutoscaler(hpa('autoscaling/v2', { scaleTargetRef: target, maxReplicas: 5 })), []);
  assert.deepEqual(validateHorizontalPodAutoscaler(hpa('autoscaling/v1', { scaleTargetRef: target, maxReplicas: 5 })), []);
});

test('replica bounds and the target reference', () => {
  assert.deepEqual(msgs(validateHorizontalPodAutoscaler(hpa('autoscaling/v2', { scaleTargetRef: { kind: 'Deployment' }, minReplicas: 3, maxReplicas: 2 }))), [
    'spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
    'spec.scaleTargetRef.name: Required value',
  ]);
  assert.deepEqual(msgs(validateHorizontalPodAutoscaler(hpa('autoscaling/v2', { scaleTargetRef: target, minReplicas: 0, maxReplicas: 1 }))),
    ['spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
      'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas']);
});

test('metrics: source matching the type, targets positive; v1 CPU targets are checked as v2 metrics', () => {
  const errs = validateHorizontalPodAutoscaler(hpa('autoscaling/v2', { scaleTargetRef: target, maxReplicas: 3, metrics: [
    { type: 'Resource', pods: { metric: { name: 'x' }, target: { type: 'AverageValue', averageValue: '1' } } },
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } },
  ] }));
  assert.deepEqual(msgs(errs), [
    // only one source is present, so no "given metric source only" error (as kube)
    'spec.metrics[0].resource: Required value: must populate information for the given metric source',
    'spec.metrics[1].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
  ]);
  assert.deepEqual(msgs(validateHorizontalPodAutoscaler(hpa('autoscaling/v1', { scaleTargetRef: target, maxReplicas: 3, targetCPUUtilizationPercentage: 0 }))),
    ['spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0']);
});

test('two sources: the extra one is forbidden', () => {
  const errs = validateHorizontalPodAutoscaler(hpa('autoscaling/v2', { scaleTargetRef: target, maxReplicas: 3, metrics: [
    { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Gi' } }, pods: { metric: { name: 'x' }, target: { type: 'AverageValue', averageValue: '1' } } },
  ] }));
  assert.deepEqual(msgs(errs), ['spec.metrics[0].pods: Forbidden: must populate the given metric source only']);
});

test('behavior policies', () => {
  const errs = validateHorizontalPodAutoscaler(hpa('autoscaling/v2', { scaleTargetRef: target, maxReplicas: 3, behavior: { scaleDown: { policies: [{ type: 'Pods', value: 0, periodSeconds: 4000 }] } } }));
  assert.deepEqual(msgs(errs), [
    'spec.behavior.scaleDown.policies[0].value: Invalid value: 0: must be greater than zero',
    'spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 4000: must be less than or equal to 1800',
  ]);
});
