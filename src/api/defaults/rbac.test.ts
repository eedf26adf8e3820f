import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../object.ts';
import { setDefaultsBinding } from './rbac.ts';

test('roleRef and User/Group subjects get the RBAC group; ServiceAccounts none', () => {
  const b: KubeObject = { metadata: { name: 'b' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'u' }, { kind: 'ServiceAccount', name: 'sa', namespace: 'd' }] };
  setDefaultsBinding(b);
  assert.deepEqual(b.roleRef, { kind: 'ClusterRole', name: 'view', apiGroup: 'rbac.authorization.k8s.io' });
  assert.deepEqual(b.subjects, [{ kind: 'User', name: 'u', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'ServiceAccount', name: 'sa', namespace: 'd' }]);
});
