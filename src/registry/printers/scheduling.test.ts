import assert from 'node:assert/strict';
import { test } from 'node:test';
import { priorityClassPrinter } from './scheduling.ts';

test('priority classes print value, global default and preemption policy', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  const pc = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-node-critical', creationTimestamp: '2025-05-31T12:00:00Z' }, value: 2000001000, preemptionPolicy: 'PreemptLowerPriority' };
  assert.deepEqual(priorityClassPrinter.row(pc, now), ['system-node-critical', 2000001000, false, '24h', 'PreemptLowerPriority']);
  assert.deepEqual(priorityClassPrinter.columns.map((c) => c.name), ['Name', 'Value', 'Global-Default', 'Age', 'PreemptionPolicy']);
});
