import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultPrinter } from './default.ts';

test('the default printer: NAME and CREATED AT as an RFC 3339 UTC date', () => {
  assert.deepEqual(defaultPrinter.columns.map((c) => [c.name, c.type, c.format]), [['Name', 'string', 'name'], ['Created At', 'date', '']]);
  const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'view', creationTimestamp: '2025-06-01T13:30:00+02:00' } };
  assert.deepEqual(defaultPrinter.row(role, Date.parse('2025-06-02T00:00:00Z')), ['view', '2025-06-01T11:30:00Z']);
  assert.deepEqual(defaultPrinter.row({ metadata: { name: 'x' } }, 0), ['x', '0001-01-01T00:00:00Z']);
});
