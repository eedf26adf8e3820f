/**
 * Deployment and ReplicaSet validation after pkg/apis/apps/validation (ValidateDeployment,
 * ValidateDeploymentSpec, ValidateDeploymentStrategy, ValidateRollingUpdateDeployment,
 * ValidateReplicaSet*), plus the strategies' "selector is immutable in apps/v1" rule.
 */
import { type FieldError, child, forbidden, invalidValue, notSupported, required } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { type Obj, asObj } from './access.ts';
import { intOrPercentValue, isNotMoreThan100Percent, validateImmutableField, validateNonnegativeField, validatePositiveIntOrPercent } from './common.ts';
import { validateLabelSelector } from './label-selector.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { specSelector, validateDeploymentStatus, validateReplicaSetStatus, validateTemplateForReplicaSet } from './workload.ts';

const spec = (o: KubeObject): Obj => asObj(o.spec) ?? {};

/**
 * A required, non-empty, valid selector (the part Deployment, ReplicaSet and StatefulSet share);
 * `kind` ends kube's "empty selector is invalid for <kind>" message.
 */
export function validateWorkloadSelector(selector: unknown, path: string, kind: string): FieldError[] {
  const sel = asObj(selector);
  if (!sel) return [required(path, '')];
  const errs = validateLabelSelector(sel, path);
  const n = Object.keys(asObj(sel.matchLabels) ?? {}).length + (Array.isArray(sel.matchExpressions) ? sel.matchExpressions.length : 0);
  if (n === 0) errs.push(invalidValue(path, sel, `empty selector is invalid for ${kind}`));
  return errs;
}

/** ValidateRollingUpdateDeployment. */
function validateRollingUpdateDeployment(ru: Obj, path: string): FieldError[] {
  const errs = [
    ...validatePositiveIntOrPercent(ru.maxUnavailable, child(path, 'maxUnavailable')),
    ...validatePositiveIntOrPercent(ru.maxSurge, child(path, 'maxSurge')),
  ];
  if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
    errs.push(invalidValue(child(path, 'maxUnavailable'), ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'));
  }
  errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, child(path, 'maxUnavailable')));
  return errs;
}

/** ValidateDeploymentStrategy. */
function validateDeploymentStrategy(strategy: unknown, path: string): FieldError[] {
  const s = asObj(strategy) ?? {};
  switch (s.type) {
    case 'Recreate':
      return s.rollingUpdate !== undefined && s.rollingUpdate !== null ? [forbidden(child(path, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate': {
      const ru = asObj(s.rollingUpdate);
      return ru ? validateRollingUpdateDeployment(ru, child(path, 'rollingUpdate')) : [required(child(path, 'rollingUpdate'), 'this should be defaulted and never be nil')];
    }
    default:
      return [notSupported(path, s, ['Recreate', 'RollingUpdate'])];
  }
}

/** ValidateDeploymentSpec. */
export function validateDeploymentSpec(s: Obj): FieldError[] {
  const errs = validateNonnegativeField(s.replicas, 'spec.replicas');
  errs.push(...validateWorkloadSelector(s.selector, 'spec.selector', 'deployment'));
  const selector = specSelector(s.selector);
  if (s.selector !== undefined && s.selector !== null && !selector) errs.push(invalidValue('spec.selector', s.selector, 'invalid label selector'));
  else errs.push(...validateTemplateForReplicaSet(s.template, selector, 'spec.template', 'ReplicaSet'));
  errs.push(...validateDeploymentStrategy(s.strategy, 'spec.strategy'));
  errs.push(...validateNonnegativeField(s.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateNonnegativeField(s.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (typeof s.progressDeadlineSeconds === 'number') {
    errs.push(...validateNonnegativeField(s.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    const minReady = typeof s.minReadySeconds === 'number' ? s.minReadySeconds : 0;
    if (s.progressDeadlineSeconds <= minReady) errs.push(invalidValue('spec.progressDeadlineSeconds', s.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

export function validateDeployment(d: KubeObject): FieldError[] {
  return [...validateObjectMeta(d.metadata, { namespaced: true }), ...validateDeploymentSpec(spec(d))];
}

/** ValidateDeploymentUpdate plus the strategy's immutable selector (apps/v1). */
export function validateDeploymentUpdate(d: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(d.metadata, old.metadata),
    ...validateDeploymentSpec(spec(d)),
    ...validateImmutableField(spec(d).selector, spec(old).selector, 'spec.selector'),
  ];
}

export function validateDeploymentStatusUpdate(d: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(d.metadata, old.metadata), ...validateDeploymentStatus(d.status)];
}

/** ValidateReplicaSetSpec. */
export function validateReplicaSetSpec(s: Obj): FieldError[] {
  const errs = [...validateNonnegativeField(s.replicas, 'spec.replicas'), ...validateNonnegativeField(s.minReadySeconds, 'spec.minReadySeconds')];
  // sic: kube's ReplicaSet message also says "deployment".
  errs.push(...validateWorkloadSelector(s.selector, 'spec.selector', 'deployment'));
  const selector = specSelector(s.selector);
  if (s.selector !== undefined && s.selector !== null && !selector) errs.push(invalidValue('spec.selector', s.selector, 'invalid label selector'));
  else errs.push(...validateTemplateForReplicaSet(s.template, selector, 'spec.template', 'ReplicaSet'));
  return errs;
}

export function validateReplicaSet(rs: KubeObject): FieldError[] {
  return [...validateObjectMeta(rs.metadata, { namespaced: true }), ...validateReplicaSetSpec(spec(rs))];
}

export function validateReplicaSetUpdate(rs: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(rs.metadata, old.metadata),
    ...validateReplicaSetSpec(spec(rs)),
    ...validateImmutableField(spec(rs).selector, spec(old).selector, 'spec.selector'),
  ];
}

export function validateReplicaSetStatusUpdate(rs: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(rs.metadata, old.metadata), ...validateReplicaSetStatus(rs.status)];
}

