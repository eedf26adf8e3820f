/**
 * rbac.authorization.k8s.io/v1 defaulting after pkg/apis/rbac/v1/defaults.go
 * (SetDefaults_ClusterRoleBinding, SetDefaults_RoleBinding, SetDefaults_Subject).
 */
import type { KubeObject } from '../object.ts';
import { asObj, asStr, objects, setDefaultString } from '../validation/access.ts';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** roleRef.apiGroup and User/Group subjects' apiGroup default to the RBAC group. */
export function setDefaultsBinding(binding: KubeObject): void {
  const roleRef = asObj(binding.roleRef);
  if (roleRef) setDefaultString(roleRef, 'apiGroup', RBAC_GROUP);
  for (const s of objects(binding.subjects)) {
    if (asStr(s.apiGroup) === '' && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = RBAC_GROUP;
  }
}
