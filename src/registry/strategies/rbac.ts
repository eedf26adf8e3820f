/**
 * RBAC kinds, after pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/
 * strategy.go: PUT may create (bootstrap policy reconciliation relies on it).
 */
import { setDefaultsBinding } from '../../api/defaults/rbac.ts';
import {
  validateClusterRole, validateClusterRoleBinding, validateClusterRoleBindingUpdate, validateClusterRoleUpdate,
  validateRole, validateRoleBinding, validateRoleBindingUpdate, validateRoleUpdate,
} from '../../api/validation/rbac.ts';
import { defineStrategy } from './define-strategy.ts';

export const roleStrategy = defineStrategy({ allowCreateOnUpdate: true, validate: validateRole, validateUpdate: validateRoleUpdate });
export const clusterRoleStrategy = defineStrategy({ allowCreateOnUpdate: true, validate: validateClusterRole, validateUpdate: validateClusterRoleUpdate });
export const roleBindingStrategy = defineStrategy({
  allowCreateOnUpdate: true, defaults: setDefaultsBinding, validate: validateRoleBinding, validateUpdate: validateRoleBindingUpdate,
});
export const clusterRoleBindingStrategy = defineStrategy({
  allowCreateOnUpdate: true, defaults: setDefaultsBinding, validate: validateClusterRoleBinding, validateUpdate: validateClusterRoleBindingUpdate,
});
