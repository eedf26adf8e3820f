/**
 * StorageClass validation after pkg/apis/storage/validation (ValidateStorageClass,
 * ValidateStorageClassUpdate).
 */
import { type FieldError, forbidden, invalidValue, notSupported, required, tooLong } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { asArr, asObj, asStr, deepEqual } from './access.ts';
import { validateImmutableField } from './common.ts';
import { invalidEach, isQualifiedName } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

const MAX_PROVISIONER_PARAMETER_SIZE = 256 * 1024;
const MAX_PROVISIONER_PARAMETER_LEN = 512;
const RECLAIM_POLICIES = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];

export function validateStorageClass(sc: KubeObject): FieldError[] {
  const errs = validateObjectMeta(sc.metadata, { namespaced: false });
  const provisioner = asStr(sc.provisioner);
  if (provisioner === '') errs.push(required('provisioner', provisioner));
  else errs.push(...invalidEach('provisioner', provisioner, isQualifiedName(provisioner.toLowerCase())));
  const params = asObj(sc.parameters) ?? {};
  const entries = Object.entries(params);
  if (entries.length > MAX_PROVISIONER_PARAMETER_LEN) errs.push(tooLong('parameters', 'Provisioner Parameters exceeded max allowed', MAX_PROVISIONER_PARAMETER_LEN));
  else {
    if (entries.some(([k]) => k === '')) errs.push(invalidValue('parameters', '', 'field can not be empty.'));
    const size = entries.reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(asStr(v)), 0);
    if (size > MAX_PROVISIONER_PARAMETER_SIZE) errs.push(tooLong('parameters', '', MAX_PROVISIONER_PARAMETER_SIZE));
  }
  if (sc.reclaimPolicy !== undefined && sc.reclaimPolicy !== null && !RECLAIM_POLICIES.includes(asStr(sc.reclaimPolicy))) {
    errs.push(notSupported('reclaimPolicy', sc.reclaimPolicy, RECLAIM_POLICIES));
  }
  if (sc.volumeBindingMode === undefined || sc.volumeBindingMode === null) errs.push(required('volumeBindingMode', ''));
  else if (!BINDING_MODES.includes(asStr(sc.volumeBindingMode))) errs.push(notSupported('volumeBindingMode', sc.volumeBindingMode, BINDING_MODES));
  asArr(sc.allowedTopologies).forEach((t, i) => {
    if (asArr(asObj(t)?.matchLabelExpressions).length === 0) errs.push(required(`allowedTopologies[${i}].matchLabelExpressions`, 'must have at least one label expression'));
  });
  return errs;
}

/** ValidateStorageClassUpdate: parameters, provisioner, reclaimPolicy and volumeBindingMode are frozen. */
export function validateStorageClassUpdate(sc: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(sc.metadata, old.metadata);
  if (!deepEqual(sc.parameters ?? {}, old.parameters ?? {})) errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  if (sc.provisioner !== old.provisioner) errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (sc.reclaimPolicy !== old.reclaimPolicy) errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  errs.push(...validateImmutableField(sc.volumeBindingMode, old.volumeBindingMode, 'volumeBindingMode'));
  return [...errs, ...validateStorageClass(sc)];
}
