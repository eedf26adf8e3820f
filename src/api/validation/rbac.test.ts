import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { setDefaultsBinding } from '../defaults/rbac.ts';
import { validateClusterRole, validateClusterRoleBinding, validateRole, validateRoleBinding, validateRoleBindingUpdate } from './rbac.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);

test('rules need verbs, and resource rules need groups and resources', () => {
  const role: KubeObject = { metadata: { name: 'r', namespace: 'd' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, { resources: ['pods'] }] };
  assert.deepEqual(msgs(validateRole(role)), [
    'rules[1].verbs: Required value: verbs must contain at least one value',
    'rules[1].apiGroups: Required value: resource rules must supply at least one api group',
  ]);
  assert.deepEqual(msgs(validateRole({ metadata: { name: 'r', namespace: 'd' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] })),
    ['rules[0].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs']);
});

test('RBAC names are path segments: "system:" names are fine', () => {
  assert.deepEqual(validateClusterRole({ metadata: { name: 'system:node' }, rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] }), []);
  assert.deepEqual(msgs(validateClusterRole({ metadata: { name: 'a/b' } })), ['metadata.name: Invalid value: "a/b": may not contain \'/\'']);
});

test('bindings: roleRef kinds and subject kinds', () => {
  const rb: KubeObject = { metadata: { name: 'b', namespace: 'd' }, roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'alice' }, { kind: 'ServiceAccount', name: 'default' }, { kind: 'Robot', name: 'x' }] };
  setDefaultsBinding(rb);
  assert.deepEqual(msgs(validateRoleBinding(rb)), ['subjects[2].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"']);
  const crb: KubeObject = { metadata: { name: 'b' }, roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'default' }] };
  setDefaultsBinding(crb);
  assert.deepEqual(msgs(validateClusterRoleBinding(crb)), [
    'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
    'subjects[0].namespace: Required value',
  ]);
});

test('the roleRef of a binding cannot change', () => {
  const old: KubeObject = { metadata: { name: 'b', namespace: 'd' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' } };
  const next = { ...old, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 's' } };
  assert.deepEqual(msgs(validateRoleBindingUpdate(next, old)), ['roleRef: Invalid value: {"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"s"}: cannot change roleRef']);
});
