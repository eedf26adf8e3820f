import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leasePrinter } from './coordination.ts';

test('leases print their holder', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'kube-scheduler', creationTimestamp: '2025-05-31T12:00:00Z' }, spec: { holderIdentity: 'ip-10-0-0-1_0b9c' } };
  assert.deepEqual(leasePrinter.row(lease, now), ['kube-scheduler', 'ip-10-0-0-1_0b9c', '24h']);
  assert.deepEqual(leasePrinter.row({ ...lease, spec: {} }, now)[1], '');
});
