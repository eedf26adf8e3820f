/**
 * PriorityClass validation after pkg/apis/scheduling/validation (ValidatePriorityClass,
 * ValidatePriorityClassUpdate) and pkg/apis/scheduling (the system classes). That at most one class
 * is globalDefault is checked by the Priority admission plugin, not here.
 */
import { type FieldError, forbidden, invalidValue } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { asStr } from './access.ts';
import { validateEnum, validateImmutableField } from './common.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

/** HighestUserDefinablePriority. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
/** The built-in classes: their values and globalDefault are fixed. */
export const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
  'system-node-critical': 2_000_001_000,
  'system-cluster-critical': 2_000_000_000,
};

export function validatePriorityClass(pc: KubeObject): FieldError[] {
  const errs = validateObjectMeta(pc.metadata, { namespaced: false });
  const name = asStr(pc.metadata?.name);
  const value = typeof pc.value === 'number' ? pc.value : 0;
  if (name in SYSTEM_PRIORITY_CLASSES) {
    if (value !== SYSTEM_PRIORITY_CLASSES[name]) errs.push(invalidValue('metadata.name', name, `value of ${name} PriorityClass must be ${SYSTEM_PRIORITY_CLASSES[name]}`));
    else if (pc.globalDefault === true) errs.push(invalidValue('metadata.name', name, `globalDefault of ${name} PriorityClass must be false`));
  } else if (name.startsWith('system-')) {
    errs.push(forbidden('metadata.name', "priority class names with 'system-' prefix are reserved for system use only"));
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (pc.preemptionPolicy !== undefined && pc.preemptionPolicy !== null) {
    errs.push(...validateEnum(asStr(pc.preemptionPolicy), ['Never', 'PreemptLowerPriority'], 'preemptionPolicy'));
  }
  return errs;
}

/** ValidatePriorityClassUpdate: value and preemptionPolicy are immutable. */
export function validatePriorityClassUpdate(pc: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pc.metadata, old.metadata);
  if (pc.value !== old.value) errs.push(forbidden('value', 'may not be changed in an update.'));
  errs.push(...validateImmutableField(pc.preemptionPolicy, old.preemptionPolicy, 'preemptionPolicy'));
  return [...errs, ...validatePriorityClass(pc)];
}
