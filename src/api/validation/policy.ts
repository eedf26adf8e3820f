/**
 * PodDisruptionBudget validation after pkg/apis/policy/validation (ValidatePodDisruptionBudget,
 * ValidatePodDisruptionBudgetSpec, ValidatePodDisruptionBudgetStatusUpdate). The spec is mutable.
 */
import { type FieldError, invalidValue, notSupported } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { asObj } from './access.ts';
import { isNotMoreThan100Percent, validateNonnegativeField, validatePositiveIntOrPercent } from './common.ts';
import { validateLabelSelector } from './label-selector.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

const UNHEALTHY_POD_EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

function validateSpec(pdb: KubeObject): FieldError[] {
  const s = asObj(pdb.spec) ?? {};
  const errs: FieldError[] = [];
  const set = (v: unknown) => v !== undefined && v !== null;
  if (set(s.minAvailable) && set(s.maxUnavailable)) errs.push(invalidValue('spec', s, 'minAvailable and maxUnavailable cannot be both set'));
  for (const f of ['minAvailable', 'maxUnavailable']) {
    errs.push(...validatePositiveIntOrPercent(s[f], `spec.${f}`), ...isNotMoreThan100Percent(s[f], `spec.${f}`));
  }
  errs.push(...validateLabelSelector(s.selector, 'spec.selector'));
  if (set(s.unhealthyPodEvictionPolicy) && !UNHEALTHY_POD_EVICTION_POLICIES.includes(String(s.unhealthyPodEvictionPolicy))) {
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', s.unhealthyPodEvictionPolicy, UNHEALTHY_POD_EVICTION_POLICIES));
  }
  return errs;
}

export function validatePodDisruptionBudget(pdb: KubeObject): FieldError[] {
  return [...validateObjectMeta(pdb.metadata, { namespaced: true }), ...validateSpec(pdb)];
}

export function validatePodDisruptionBudgetUpdate(pdb: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(pdb.metadata, old.metadata), ...validateSpec(pdb)];
}

export function validatePodDisruptionBudgetStatusUpdate(pdb: KubeObject, old: KubeObject): FieldError[] {
  const s = asObj(pdb.status) ?? {};
  return [...validateObjectMetaUpdate(pdb.metadata, old.metadata),
    ...['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'].flatMap((f) => validateNonnegativeField(s[f], `status.${f}`))];
}
