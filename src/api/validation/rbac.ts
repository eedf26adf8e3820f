/**
 * RBAC validation after pkg/apis/rbac/validation (ValidateRole, ValidateClusterRole,
 * ValidatePolicyRule, ValidateRoleBinding, ValidateClusterRoleBinding, ValidateRoleBindingSubject).
 * RBAC names are path segments (ValidateRBACName), so "system:node" is a valid name.
 */
import { type FieldError, child, index, invalidValue, notSupported, required } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { type Obj, asArr, asObj, asStr, deepEqual, objects } from './access.ts';
import { asSelector, validateLabelSelector } from './label-selector.ts';
import { LabelSelectorError } from '../selector/label-selector.ts';
import { invalidEach, isDNS1123Subdomain, isValidPathSegmentName, validatePathSegmentName } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** ValidatePolicyRule. */
export function validatePolicyRule(rule: Obj, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (asArr(rule.verbs).length === 0) errs.push(required(child(path, 'verbs'), 'verbs must contain at least one value'));
  const urls = asArr(rule.nonResourceURLs);
  if (urls.length > 0) {
    if (namespaced) errs.push(invalidValue(child(path, 'nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs'));
    if (asArr(rule.apiGroups).length > 0 || asArr(rule.resources).length > 0 || asArr(rule.resourceNames).length > 0) {
      errs.push(invalidValue(child(path, 'nonResourceURLs'), urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (asArr(rule.apiGroups).length === 0) errs.push(required(child(path, 'apiGroups'), 'resource rules must supply at least one api group'));
  if (asArr(rule.resources).length === 0) errs.push(required(child(path, 'resources'), 'resource rules must supply at least one resource'));
  return errs;
}

export function validateRole(role: KubeObject): FieldError[] {
  const errs = validateObjectMeta(role.metadata, { namespaced: true, nameFn: validatePathSegmentName });
  objects(role.rules).forEach((r, i) => errs.push(...validatePolicyRule(r, true, index('rules', i))));
  return errs;
}

export function validateRoleUpdate(role: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(role.metadata, old.metadata), ...validateRole(role)];
}

export function validateClusterRole(role: KubeObject): FieldError[] {
  const errs = validateObjectMeta(role.metadata, { namespaced: false, nameFn: validatePathSegmentName });
  objects(role.rules).forEach((r, i) => errs.push(...validatePolicyRule(r, false, index('rules', i))));
  const aggregation = asObj(role.aggregationRule);
  if (aggregation) {
    const selectors = asArr(aggregation.clusterRoleSelectors);
    if (selectors.length === 0) errs.push(required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    selectors.forEach((sel, i) => {
      const p = index('aggregationRule.clusterRoleSelectors', i);
      errs.push(...validateLabelSelector(sel, p));
      if (asSelector(sel) instanceof LabelSelectorError) errs.push(invalidValue(p, sel, 'invalid label selector.'));
    });
  }
  return errs;
}

export function validateClusterRoleUpdate(role: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(role.metadata, old.metadata), ...validateClusterRole(role)];
}

/** ValidateRoleBindingSubject. */
function validateSubject(s: Obj, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = asStr(s.name);
  if (name === '') errs.push(required(child(path, 'name'), ''));
  switch (s.kind) {
    case 'ServiceAccount':
      if (name !== '') errs.push(...invalidEach(child(path, 'name'), name, isDNS1123Subdomain(name)));
      if (asStr(s.apiGroup) !== '') errs.push(notSupported(child(path, 'apiGroup'), s.apiGroup, ['']));
      if (!namespaced && asStr(s.namespace) === '') errs.push(required(child(path, 'namespace'), ''));
      break;
    case 'User': case 'Group':
      if (s.apiGroup !== RBAC_GROUP) errs.push(notSupported(child(path, 'apiGroup'), asStr(s.apiGroup), [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(child(path, 'kind'), asStr(s.kind), ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function validateBinding(binding: KubeObject, namespaced: boolean): FieldError[] {
  const errs = validateObjectMeta(binding.metadata, { namespaced, nameFn: validatePathSegmentName });
  const roleRef = asObj(binding.roleRef) ?? {};
  if (roleRef.apiGroup !== RBAC_GROUP) errs.push(notSupported('roleRef.apiGroup', asStr(roleRef.apiGroup), [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(asStr(roleRef.kind))) errs.push(notSupported('roleRef.kind', asStr(roleRef.kind), kinds));
  const name = asStr(roleRef.name);
  if (name === '') errs.push(required('roleRef.name', ''));
  else errs.push(...invalidEach('roleRef.name', name, isValidPathSegmentName(name)));
  objects(binding.subjects).forEach((s, i) => errs.push(...validateSubject(s, namespaced, index('subjects', i))));
  return errs;
}

export const validateRoleBinding = (b: KubeObject): FieldError[] => validateBinding(b, true);
export const validateClusterRoleBinding = (b: KubeObject): FieldError[] => validateBinding(b, false);

/** ValidateRoleBindingUpdate / ValidateClusterRoleBindingUpdate: roleRef cannot change. */
function validateBindingUpdate(b: KubeObject, old: KubeObject, namespaced: boolean): FieldError[] {
  const errs = [...validateObjectMetaUpdate(b.metadata, old.metadata), ...validateBinding(b, namespaced)];
  if (!deepEqual(b.roleRef, old.roleRef)) errs.push(invalidValue('roleRef', b.roleRef, 'cannot change roleRef'));
  return errs;
}

export const validateRoleBindingUpdate = (b: KubeObject, old: KubeObject): FieldError[] => validateBindingUpdate(b, old, true);
export const validateClusterRoleBindingUpdate = (b: KubeObject, old: KubeObject): FieldError[] => validateBindingUpdate(b, old, false);
