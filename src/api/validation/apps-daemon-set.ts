/**
 * DaemonSet validation after pkg/apis/apps/validation (ValidateDaemonSet, ValidateDaemonSetSpec,
 * ValidateDaemonSetUpdateStrategy, ValidateRollingUpdateDaemonSet).
 */
import { type FieldError, child, invalidValue, notSupported, required } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { type Obj, asObj, asStr, asStrMap } from './access.ts';
import { intOrPercentValue, isNotMoreThan100Percent, validateImmutableField, validateNonnegativeField, validatePositiveIntOrPercent } from './common.ts';
import { validatePodTemplateSpec } from './core-pod-spec.ts';
import { validateLabelSelector } from './label-selector.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { SELECTOR_MISMATCH, specSelector, validateDaemonSetStatus } from './workload.ts';

const spec = (o: KubeObject): Obj => asObj(o.spec) ?? {};

function validateUpdateStrategy(strategy: unknown, path: string): FieldError[] {
  const s = asObj(strategy) ?? {};
  if (s.type === 'OnDelete') return [];
  if (s.type !== 'RollingUpdate') return [notSupported(path, s, ['RollingUpdate', 'OnDelete'])];
  const ru = asObj(s.rollingUpdate);
  if (!ru) return [required(child(path, 'rollingUpdate'), '')];
  const p = child(path, 'rollingUpdate');
  const errs = [
    ...validatePositiveIntOrPercent(ru.maxUnavailable, child(p, 'maxUnavailable')),
    ...validatePositiveIntOrPercent(ru.maxSurge, child(p, 'maxSurge')),
    ...isNotMoreThan100Percent(ru.maxUnavailable, child(p, 'maxUnavailable')),
    ...isNotMoreThan100Percent(ru.maxSurge, child(p, 'maxSurge')),
  ];
  const unavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const surge = intOrPercentValue(ru.maxSurge) !== 0;
  if (unavailable && surge) errs.push(invalidValue(child(p, 'maxSurge'), ru.maxSurge, 'may not be set when maxUnavailable is non-zero'));
  if (!unavailable && !surge) errs.push(required(child(p, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  return errs;
}

/** ValidateDaemonSetSpec: a nil selector matches nothing, so it fails the template check. */
export function validateDaemonSetSpec(s: Obj): FieldError[] {
  const errs = validateLabelSelector(s.selector, 'spec.selector');
  const selector = specSelector(s.selector);
  const template = asObj(s.template) ?? {};
  const labels = asStrMap(asObj(template.metadata)?.labels);
  if (s.selector === undefined || s.selector === null || (selector && !selector.matches(labels))) {
    errs.push(invalidValue('spec.template.metadata.labels', labels, SELECTOR_MISMATCH));
  }
  const sel = asObj(s.selector);
  if (sel && Object.keys(asObj(sel.matchLabels) ?? {}).length + (Array.isArray(sel.matchExpressions) ? sel.matchExpressions.length : 0) === 0) {
    errs.push(invalidValue('spec.selector', sel, 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  const podSpec = asObj(template.spec) ?? {};
  if (asStr(podSpec.restartPolicy) !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', asStr(podSpec.restartPolicy), ['Always']));
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(invalidValue('spec.template.spec.activeDeadlineSeconds', podSpec.activeDeadlineSeconds, 'activeDeadlineSeconds in DaemonSet is not Supported'));
  }
  errs.push(...validateNonnegativeField(s.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateUpdateStrategy(s.updateStrategy, 'spec.updateStrategy'));
  errs.push(...validateNonnegativeField(s.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

export function validateDaemonSet(ds: KubeObject): FieldError[] {
  return [...validateObjectMeta(ds.metadata, { namespaced: true }), ...validateDaemonSetSpec(spec(ds))];
}

/** ValidateDaemonSetUpdate plus the immutable selector of apps/v1. */
export function validateDaemonSetUpdate(ds: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(ds.metadata, old.metadata),
    ...validateDaemonSetSpec(spec(ds)),
    ...validateImmutableField(spec(ds).selector, spec(old).selector, 'spec.selector'),
  ];
}

export function validateDaemonSetStatusUpdate(ds: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(ds.metadata, old.metadata), ...validateDaemonSetStatus(ds.status)];
}
