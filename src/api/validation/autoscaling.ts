/**
 * HorizontalPodAutoscaler validation after pkg/apis/autoscaling/validation
 * (ValidateHorizontalPodAutoscaler, validateMetrics, validateMetricSpec, validateBehavior).
 * kube validates the internal (v2-shaped) object, so an autoscaling/v1 object is first viewed as
 * v2: its targetCPUUtilizationPercentage becomes a Resource cpu metric, and errors use v2 paths.
 */
import { type FieldError, child, forbidden, index, invalidValue, notSupported, required } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { type Obj, asArr, asObj, asStr, objects } from './access.ts';
import { validateNonnegativeField } from './common.ts';
import { quantityOf, validateContainerResourceName } from './core-resources.ts';
import { validateLabelSelector } from './label-selector.ts';
import { invalidEach, isValidPathSegmentName } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SOURCE_FIELD: Record<string, string> = { Object: 'object', Pods: 'pods', Resource: 'resource', External: 'external', ContainerResource: 'containerResource' };
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const MAX_PERIOD_SECONDS = 1800;

/** The HPA spec in v2 shape, whichever version the object is in. */
export function hpaSpecV2(hpa: KubeObject): Obj {
  const spec = asObj(hpa.spec) ?? {};
  if (hpa.apiVersion !== 'autoscaling/v1') return spec;
  const { targetCPUUtilizationPercentage: cpu, ...rest } = spec;
  return cpu === undefined || cpu === null ? rest
    : { ...rest, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } }] };
}

function validateCrossVersionObjectReference(ref: unknown, path: string): FieldError[] {
  const r = asObj(ref) ?? {};
  const errs: FieldError[] = [];
  for (const f of ['kind', 'name']) {
    const v = asStr(r[f]);
    if (v === '') errs.push(required(child(path, f), ''));
    else errs.push(...invalidEach(child(path, f), v, isValidPathSegmentName(v)));
  }
  return errs;
}

function validateMetricTarget(target: unknown, path: string): FieldError[] {
  const t = asObj(target) ?? {};
  const errs: FieldError[] = [];
  const type = asStr(t.type);
  if (type === '') errs.push(required(child(path, 'type'), 'must specify a metric target type'));
  if (!['Utilization', 'Value', 'AverageValue'].includes(type)) errs.push(invalidValue(child(path, 'type'), type, 'must be either Utilization, Value, or AverageValue'));
  for (const f of ['value', 'averageValue']) {
    const q = t[f] === undefined || t[f] === null ? undefined : quantityOf(t[f]);
    if (t[f] !== undefined && t[f] !== null && (!q || q.sign() !== 1)) errs.push(invalidValue(child(path, f), t[f], 'must be positive'));
  }
  if (typeof t.averageUtilization === 'number' && t.averageUtilization < 1) errs.push(invalidValue(child(path, 'averageUtilization'), t.averageUtilization, 'must be greater than 0'));
  return errs;
}

function validateMetricIdentifier(metric: unknown, path: string): FieldError[] {
  const m = asObj(metric) ?? {};
  const errs = asStr(m.name) === '' ? [required(child(path, 'name'), 'must specify a metric name')] : [];
  return [...errs, ...validateLabelSelector(m.selector, child(path, 'selector'))];
}

function validateSource(type: string, src: Obj, path: string): FieldError[] {
  const target = asObj(src.target) ?? {};
  const tp = child(path, 'target');
  const errs: FieldError[] = [];
  if (type === 'Resource' || type === 'ContainerResource') {
    const name = asStr(src.name);
    if (name === '') errs.push(required(child(path, 'name'), 'must specify a resource name'));
    else errs.push(...validateContainerResourceName(name, child(path, 'name')));
    if (type === 'ContainerResource' && asStr(src.container) === '') errs.push(required(child(path, 'container'), 'must specify a container'));
    errs.push(...validateMetricTarget(target, tp));
    if (target.averageUtilization === undefined && target.averageValue === undefined) errs.push(required(child(tp, 'averageUtilization'), 'must set either a target raw value or a target utilization'));
    if (target.averageUtilization !== undefined && target.averageValue !== undefined) errs.push(forbidden(child(tp, 'averageValue'), 'may not set both a target raw value and a target utilization'));
    return errs;
  }
  errs.push(...validateMetricIdentifier(src.metric, child(path, 'metric')), ...validateMetricTarget(target, tp));
  if (type === 'Object') {
    errs.push(...validateCrossVersionObjectReference(src.describedObject, child(path, 'describedObject')));
    if (target.value === undefined && target.averageValue === undefined) errs.push(required(child(tp, 'averageValue'), 'must set either a target value or averageValue'));
  } else if (type === 'Pods') {
    if (target.averageValue === undefined) errs.push(required(child(tp, 'averageValue'), 'must specify a positive target averageValue'));
  } else if (target.value === undefined && target.averageValue === undefined) {
    errs.push(required(child(tp, 'averageValue'), 'must set either a target value for metric or a per-pod target'));
  }
  return errs;
}

function validateMetrics(metrics: unknown, path: string, minReplicas: unknown): FieldError[] {
  const errs: FieldError[] = [];
  objects(metrics).forEach((m, i) => {
    const p = index(path, i);
    const type = asStr(m.type);
    if (type === '') errs.push(required(child(p, 'type'), 'must specify a metric source type'));
    if (!METRIC_TYPES.includes(type)) errs.push(notSupported(child(p, 'type'), type, METRIC_TYPES));
    const present = ['object', 'pods', 'resource', 'containerResource', 'external'].filter((f) => asObj(m[f]));
    const first = present[0];
    if (first) errs.push(...validateSource(Object.keys(SOURCE_FIELD).find((k) => SOURCE_FIELD[k] === first) ?? '', asObj(m[first]) ?? {}, child(p, first)));
    const expected = SOURCE_FIELD[type];
    if (expected && !asObj(m[expected])) errs.push(required(child(p, expected), 'must populate information for the given metric source'));
    if (present.length !== 1) for (const f of present) if (f !== expected) errs.push(forbidden(child(p, f), 'must populate the given metric source only'));
  });
  if (minReplicas === 0 && !objects(metrics).some((m) => m.type === 'Object' || m.type === 'External')) {
    errs.push(forbidden(path, 'must specify at least one Object or External metric to support scaling to zero replicas'));
  }
  return errs;
}

function validateScalingRules(rules: unknown, path: string): FieldError[] {
  const r = asObj(rules);
  if (!r) return [];
  const errs: FieldError[] = [];
  const window = r.stabilizationWindowSeconds;
  if (typeof window === 'number' && window < 0) errs.push(invalidValue(child(path, 'stabilizationWindowSeconds'), window, 'must be greater than or equal to zero'));
  if (typeof window === 'number' && window > MAX_STABILIZATION_WINDOW_SECONDS) errs.push(invalidValue(child(path, 'stabilizationWindowSeconds'), window, `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`));
  if (r.selectPolicy !== undefined && r.selectPolicy !== null && !['Disabled', 'Max', 'Min'].includes(asStr(r.selectPolicy))) errs.push(notSupported(child(path, 'selectPolicy'), r.selectPolicy, ['Disabled', 'Max', 'Min']));
  const policies = objects(r.policies);
  if (policies.length === 0) errs.push(required(child(path, 'policies'), 'must specify at least one Policy'));
  policies.forEach((p, i) => {
    const pp = index(child(path, 'policies'), i);
    if (!['Percent', 'Pods'].includes(asStr(p.type))) errs.push(notSupported(child(pp, 'type'), asStr(p.type), ['Percent', 'Pods']));
    if (!(typeof p.value === 'number' && p.value > 0)) errs.push(invalidValue(child(pp, 'value'), p.value ?? 0, 'must be greater than zero'));
    if (!(typeof p.periodSeconds === 'number' && p.periodSeconds > 0)) errs.push(invalidValue(child(pp, 'periodSeconds'), p.periodSeconds ?? 0, 'must be greater than zero'));
    if (typeof p.periodSeconds === 'number' && p.periodSeconds > MAX_PERIOD_SECONDS) errs.push(invalidValue(child(pp, 'periodSeconds'), p.periodSeconds, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  });
  return errs;
}

/** validateHorizontalPodAutoscalerSpec (minReplicas ≥ 1: HPAScaleToZero is alpha, off, in 1.32). */
function validateSpec(s: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof s.minReplicas === 'number' && s.minReplicas < 1) errs.push(invalidValue('spec.minReplicas', s.minReplicas, 'must be greater than or equal to 1'));
  const max = typeof s.maxReplicas === 'number' ? s.maxReplicas : 0;
  if (max < 1) errs.push(invalidValue('spec.maxReplicas', max, 'must be greater than 0'));
  if (typeof s.minReplicas === 'number' && max < s.minReplicas) errs.push(invalidValue('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  errs.push(...validateCrossVersionObjectReference(s.scaleTargetRef, 'spec.scaleTargetRef'));
  errs.push(...validateMetrics(s.metrics, 'spec.metrics', s.minReplicas));
  const behavior = asObj(s.behavior);
  if (behavior) errs.push(...validateScalingRules(behavior.scaleUp, 'spec.behavior.scaleUp'), ...validateScalingRules(behavior.scaleDown, 'spec.behavior.scaleDown'));
  return errs;
}

export function validateHorizontalPodAutoscaler(hpa: KubeObject): FieldError[] {
  return [...validateObjectMeta(hpa.metadata, { namespaced: true }), ...validateSpec(hpaSpecV2(hpa))];
}

export function validateHorizontalPodAutoscalerUpdate(hpa: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(hpa.metadata, old.metadata), ...validateSpec(hpaSpecV2(hpa))];
}

/** ValidateHorizontalPodAutoscalerStatusUpdate. */
export function validateHorizontalPodAutoscalerStatusUpdate(hpa: KubeObject, old: KubeObject): FieldError[] {
  const s = asObj(hpa.status) ?? {};
  return [...validateObjectMetaUpdate(hpa.metadata, old.metadata),
    ...validateNonnegativeField(s.currentReplicas, 'status.currentReplicas'), ...validateNonnegativeField(s.desiredReplicas, 'status.desiredReplicas'),
    ...asArr(s.conditions).flatMap((c, i) => (asStr(asObj(c)?.type) === '' ? [required(`status.conditions[${i}].type`, '')] : []))];
}
