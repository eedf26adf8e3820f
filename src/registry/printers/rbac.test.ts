import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');

test('bindings print ROLE and, wide, their subjects by kind', () => {
  const crb: KubeObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'eks:admins', creationTimestamp: '2025-06-01T11:59:00Z' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [
      { kind: 'Group', name: 'system:masters' }, { kind: 'User', name: 'alice' }, { kind: 'User', name: 'bob' },
      { kind: 'ServiceAccount', name: 'argocd', namespace: 'argocd' },
    ],
  };
  assert.deepEqual(clusterRoleBindingPrinter.row(crb, NOW), ['eks:admins', 'ClusterRole/cluster-admin', '60s', 'alice, bob', 'system:masters', 'argocd/argocd']);
  assert.deepEqual(roleBindingPrinter.row({ ...crb, kind: 'RoleBinding', subjects: undefined }, NOW).slice(3), ['', '', '']);
  assert.deepEqual(roleBindingPrinter.columns.map((c) => `${c.name}:${c.priority}`), ['Name:0', 'Role:0', 'Age:0', 'Users:1', 'Groups:1', 'ServiceAccounts:1']);
});
