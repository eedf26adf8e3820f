import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { podDisruptionBudgetPrinter } from './policy.ts';

test('pod disruption budgets: int or percent, N/A when unset', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  const pdb: KubeObject = {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'coredns', namespace: 'kube-system', creationTimestamp: '2025-06-01T11:00:00Z' },
    spec: { maxUnavailable: 1, selector: { matchLabels: { 'k8s-app': 'kube-dns' } } }, status: { disruptionsAllowed: 1 },
  };
  assert.deepEqual(podDisruptionBudgetPrinter.row(pdb, now), ['coredns', 'N/A', '1', 1, '60m']);
  assert.deepEqual(podDisruptionBudgetPrinter.row({ ...pdb, spec: { minAvailable: '50%' }, status: {} }, now).slice(1, 4), ['50%', 'N/A', 0]);
});
