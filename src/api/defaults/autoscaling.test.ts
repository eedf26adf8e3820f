import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../object.ts';
import { setDefaultsHorizontalPodAutoscaler } from './autoscaling.ts';

test('v2: minReplicas 1 and an 80% CPU metric when none is given', () => {
  const hpa: KubeObject = { apiVersion: 'autoscaling/v2', metadata: { name: 'h' }, spec: { maxReplicas: 3 } };
  setDefaultsHorizontalPodAutoscaler(hpa);
  assert.deepEqual(hpa.spec, { maxReplicas: 3, minReplicas: 1, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] });
});

test('v2: a given behavior is completed rule by rule', () => {
  const hpa: KubeObject = { apiVersion: 'autoscaling/v2', metadata: { name: 'h' }, spec: { maxReplicas: 3, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } };
  setDefaultsHorizontalPodAutoscaler(hpa);
  assert.deepEqual((hpa.spec as Record<string, unknown>).behavior, {
    scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
    scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
  });
});

test('v1: minReplicas 1 and targetCPUUtilizationPercentage 80', () => {
  const hpa: KubeObject = { apiVersion: 'autoscaling/v1', metadata: { name: 'h' }, spec: { maxReplicas: 3 } };
  setDefaultsHorizontalPodAutoscaler(hpa);
  assert.deepEqual(hpa.spec, { maxReplicas: 3, minReplicas: 1, targetCPUUtilizationPercentage: 80 });
});
