import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { horizontalPodAutoscalerPrinter } from './autoscaling.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const metadata = { name: 'php-apache', namespace: 'default', creationTimestamp: '2025-06-01T11:30:00Z' };
const scaleTargetRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' };
const cpu = (utilization: number): unknown => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: utilization } } });

function v2(metrics: unknown[], status: Record<string, unknown>): KubeObject {
  return { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata, spec: { scaleTargetRef, minReplicas: 1, maxReplicas: 10, metrics }, status };
}

test('a new v2 HPA without metrics from the metrics server', () => {
  assert.deepEqual(horizontalPodAutoscalerPrinter.row(v2([cpu(50)], { currentReplicas: 0, desiredReplicas: 0 }), NOW),
    ['php-apache', 'Deployment/php-apache', 'cpu: <unknown>/50%', '1', 10, 0, '30m']);
});

test('v2 metrics of every type, at most two shown', () => {
  const metrics = [
    cpu(50),
    { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '200Mi' } } },
    { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '1k' } } },
  ];
  const status = {
    currentReplicas: 3,
    currentMetrics: [
      { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 12, averageValue: '60m' } } },
      { type: 'Resource', resource: { name: 'memory', current: { averageValue: '100Mi' } } },
    ],
  };
  assert.equal(horizontalPodAutoscalerPrinter.row(v2(metrics, status), NOW)[2], 'cpu: 12%/50%, memory: 100Mi/200Mi + 1 more...');
  const others = [
    { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '1k' } } },
    { type: 'External', external: { metric: { name: 'sqs_depth' }, target: { type: 'AverageValue', averageValue: '30' } } },
  ];
  assert.equal(horizontalPodAutoscalerPrinter.row(v2(others, {}), NOW)[2], '<unknown>/1k, <unknown>/30 (avg)');
  const objectMetric = [{ type: 'Object', object: { metric: { name: 'hits' }, describedObject: { kind: 'Ingress', name: 'main' }, target: { type: 'Value', value: '10k' } } }];
  assert.equal(horizontalPodAutoscalerPrinter.row(v2(objectMetric, { currentMetrics: [{ type: 'Object', object: { current: { value: '2k' } } }] }), NOW)[2], '2k/10k');
});

test('v2 without metrics prints the 80% CPU default', () => {
  assert.equal(horizontalPodAutoscalerPrinter.row(v2([], {}), NOW)[2], 'cpu: <unknown>/80%');
});

test('autoscaling/v1 prints like its v2 form', () => {
  const hpa: KubeObject = {
    apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata,
    spec: { scaleTargetRef, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 50 },
    status: { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 31 },
  };
  assert.deepEqual(horizontalPodAutoscalerPrinter.row(hpa, NOW), ['php-apache', 'Deployment/php-apache', 'cpu: 31%/50%', '2', 5, 2, '30m']);
  const annotated: KubeObject = {
    ...hpa,
    metadata: {
      ...metadata,
      annotations: {
        'autoscaling.alpha.kubernetes.io/metrics': JSON.stringify([{ type: 'Resource', resource: { name: 'memory', targetAverageValue: '200Mi' } }]),
        'autoscaling.alpha.kubernetes.io/current-metrics': JSON.stringify([
          { type: 'Resource', resource: { name: 'memory', currentAverageValue: '120Mi' } },
          { type: 'Resource', resource: { name: 'cpu', currentAverageUtilization: 31, currentAverageValue: '31m' } },
        ]),
      },
    },
  };
  assert.equal(horizontalPodAutoscalerPrinter.row(annotated, NOW)[2], 'memory: 120Mi/200Mi, cpu: 31%/50%');
  const bare = { ...hpa, spec: { scaleTargetRef, maxReplicas: 5 }, status: {} };
  assert.deepEqual(horizontalPodAutoscalerPrinter.row(bare, NOW).slice(2, 4), ['cpu: <unknown>/80%', '1']);
});
