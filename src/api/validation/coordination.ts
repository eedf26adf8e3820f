/**
 * Lease validation after pkg/apis/coordination/validation (ValidateLease, ValidateLeaseSpec).
 */
import { type FieldError, forbidden, invalidValue, notSupported } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { asObj, asStr } from './access.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

function validateLeaseSpec(lease: KubeObject): FieldError[] {
  const s = asObj(lease.spec) ?? {};
  const errs: FieldError[] = [];
  if (typeof s.leaseDurationSeconds === 'number' && s.leaseDurationSeconds <= 0) {
    errs.push(invalidValue('spec.leaseDurationSeconds', s.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (typeof s.leaseTransitions === 'number' && s.leaseTransitions < 0) {
    errs.push(invalidValue('spec.leaseTransitions', s.leaseTransitions, 'must be greater than or equal to 0'));
  }
  if (s.strategy !== undefined && s.strategy !== null && s.strategy !== 'OldestEmulationVersion') {
    errs.push(notSupported('spec.strategy', s.strategy, ['OldestEmulationVersion']));
  }
  if (asStr(s.preferredHolder) !== '' && asStr(s.strategy) === '') {
    errs.push(forbidden('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  }
  return errs;
}

export function validateLease(lease: KubeObject): FieldError[] {
  return [...validateObjectMeta(lease.metadata, { namespaced: true }), ...validateLeaseSpec(lease)];
}

export function validateLeaseUpdate(lease: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(lease.metadata, old.metadata), ...validateLeaseSpec(lease)];
}
