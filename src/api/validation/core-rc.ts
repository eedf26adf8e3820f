/**
 * ReplicationController validation after pkg/apis/core/validation
 * (ValidateReplicationController, ValidateReplicationControllerSpec, ...Update, ...StatusUpdate).
 */
import { type FieldError, required } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { labelSelectorFromSet } from '../selector/label-selector.ts';
import { type Obj, asObj, asStrMap, mapLen } from './access.ts';
import { validateNonnegativeField } from './common.ts';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { validateReplicaSetStatus, validateTemplateForReplicaSet } from './workload.ts';

const spec = (rc: KubeObject): Obj => asObj(rc.spec) ?? {};

/** ValidateReplicationControllerSpec: a non-empty map selector that the template satisfies. */
export function validateReplicationControllerSpec(s: Obj): FieldError[] {
  const errs = [...validateNonnegativeField(s.replicas, 'spec.replicas'), ...validateNonnegativeField(s.minReadySeconds, 'spec.minReadySeconds')];
  if (mapLen(s.selector) === 0) errs.push(required('spec.selector', ''));
  errs.push(...validateLabels(s.selector, 'spec.selector'));
  const selector = labelSelectorFromSet(asStrMap(s.selector));
  errs.push(...validateTemplateForReplicaSet(s.template, selector, 'spec.template', 'ReplicationController'));
  return errs;
}

export function validateReplicationController(rc: KubeObject): FieldError[] {
  return [...validateObjectMeta(rc.metadata, { namespaced: true }), ...validateReplicationControllerSpec(spec(rc))];
}

export function validateReplicationControllerUpdate(rc: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(rc.metadata, old.metadata), ...validateReplicationControllerSpec(spec(rc))];
}

export function validateReplicationControllerStatusUpdate(rc: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(rc.metadata, old.metadata), ...validateReplicaSetStatus(rc.status)];
}
