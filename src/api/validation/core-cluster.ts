/**
 * Namespace, Node, ResourceQuota and LimitRange validation after pkg/apis/core/validation
 * (ValidateNamespace*, ValidateNode*, ValidateResourceQuota*, ValidateLimitRange).
 */
import { type FieldError, child, duplicate, forbidden, index, invalidValue, key, required } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { type Obj, asArr, asObj, asStr, objects } from './access.ts';
import { validateTaintEffect } from './core-pod-spec.ts';
import { isHugePageResourceName, quantityOf, validateContainerResourceName, validateResourceQuantityValue } from './core-resources.ts';
import { invalidEach, isQualifiedName, isValidCIDR, isValidLabelValue, nameIsDNSLabel } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

/** ValidateNamespace: a DNS label name; spec.finalizers qualified or standard (path without index). */
export function validateNamespace(ns: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, { namespaced: false, nameFn: nameIsDNSLabel });
  for (const f of asArr(asObj(ns.spec)?.finalizers).map(asStr)) {
    errs.push(...invalidEach('spec.finalizers', f, isQualifiedName(f)));
    if (!f.includes('/') && !STANDARD_FINALIZERS.includes(f)) errs.push(invalidValue('spec.finalizers', f, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errs;
}

export function validateNamespaceUpdate(ns: KubeObject, old: KubeObject): FieldError[] {
  return validateObjectMetaUpdate(ns.metadata, old.metadata);
}

/** ValidateNamespaceStatusUpdate: Active while alive, Terminating once deleted. */
export function validateNamespaceStatusUpdate(ns: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata);
  const phase = asStr(asObj(ns.status)?.phase);
  if (!ns.metadata?.deletionTimestamp) {
    if (phase !== 'Active') errs.push(invalidValue('status.Phase', phase, "may only be 'Active' if `deletionTimestamp` is empty"));
  } else if (phase !== 'Terminating') {
    errs.push(invalidValue('status.Phase', phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
  return errs;
}

/** validateNodeTaints; kube reports them under `metadata.taints` (sic). */
function validateNodeTaints(taints: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  objects(taints).forEach((t, i) => {
    const p = index(path, i);
    errs.push(...invalidEach(child(p, 'key'), asStr(t.key), isQualifiedName(asStr(t.key))));
    const msgs = isValidLabelValue(asStr(t.value));
    if (msgs.length > 0) errs.push(invalidValue(child(p, 'value'), asStr(t.value), msgs.join(';')));
    errs.push(...validateTaintEffect(asStr(t.effect), child(p, 'effect'), { allowEmpty: false }));
    const k = `${asStr(t.effect)}\u0000${asStr(t.key)}`;
    if (seen.has(k)) errs.push({ type: 'FieldValueDuplicate', field: p, badValue: t, detail: 'taints must be unique by key and effect pair' });
    seen.add(k);
  });
  return errs;
}

/** ValidateNodeResources: status.capacity and status.allocatable. */
function validateNodeResources(node: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['capacity', 'allocatable']) {
    for (const [name, q] of Object.entries(asObj(asObj(node.status)?.[f]) ?? {})) {
      errs.push(...invalidEach(key(`status.${f}`, name), name, isQualifiedName(name)));
      errs.push(...validateResourceQuantityValue(name, q, key(`status.${f}`, name)));
    }
  }
  return errs;
}

/** ValidateNode. */
export function validateNode(node: KubeObject): FieldError[] {
  const errs = validateObjectMeta(node.metadata, { namespaced: false });
  const spec = asObj(node.spec) ?? {};
  errs.push(...validateNodeTaints(spec.taints, 'metadata.taints'));
  errs.push(...validateNodeResources(node));
  const cidrs = asArr(spec.podCIDRs).map(asStr);
  cidrs.forEach((c, i) => errs.push(...invalidEach(index('spec.podCIDRs', i), c, isValidCIDR(c))));
  if (cidrs.length > 1 && (cidrs.length > 2 || cidrs[0].includes(':') === cidrs[1].includes(':'))) {
    errs.push(invalidValue('spec.podCIDRs', cidrs, 'may specify no more than one CIDR for each IP family'));
  }
  return errs;
}

const NODE_CIDR_MSG = 'node updates may not change podCIDR except from "" to valid';

/** ValidateNodeUpdate (also used for node status updates, as kube does). */
export function validateNodeUpdate(node: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(node.metadata, old.metadata);
  errs.push(...validateNodeResources(node));
  const seen = new Set<string>();
  objects(asObj(node.status)?.addresses).forEach((a, i) => {
    const k = JSON.stringify([a.type, a.address]);
    if (seen.has(k)) errs.push(duplicate(index('status.addresses', i), a));
    seen.add(k);
  });
  const n = asObj(node.spec) ?? {};
  const o = asObj(old.spec) ?? {};
  const oldCidrs = asArr(o.podCIDRs).map(asStr);
  const newCidrs = asArr(n.podCIDRs).map(asStr);
  if (oldCidrs.length > 0) {
    if (oldCidrs.length !== newCidrs.length) errs.push(forbidden('spec.podCIDRs', NODE_CIDR_MSG));
    else oldCidrs.forEach((c, i) => { if (c !== newCidrs[i]) errs.push(forbidden('spec.podCIDRs', NODE_CIDR_MSG)); });
  }
  if (asStr(o.providerID) !== '' && o.providerID !== n.providerID) {
    errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  errs.push(...validateNodeTaints(n.taints, 'metadata.taints'));
  if (asStr(n.externalID) !== asStr(o.externalID)) errs.push(forbidden('spec.externalID', 'may not be updated'));
  return errs;
}

const STANDARD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets',
  'persistentvolumeclaims', 'storage', 'requests.storage', 'services.nodeports', 'services.loadbalancers', 'configmaps']);
const NON_QUOTA_STANDARD = new Set(['storage']);
const QUOTA_SCOPES = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];

/** ValidateResourceQuotaResourceName. */
function validateQuotaResourceName(name: string, path: string): FieldError[] {
  const errs = invalidEach(path, name, isQualifiedName(name));
  if (name.includes('/')) return errs;
  const hugePages = isHugePageResourceName(name) || name.startsWith('requests.hugepages-');
  if (!STANDARD_RESOURCES.has(name) && !hugePages) return [...errs, invalidValue(path, name, 'must be a standard resource type or fully qualified')];
  if (NON_QUOTA_STANDARD.has(name)) errs.push(invalidValue(path, name, 'must be a standard resource for quota'));
  return errs;
}

function validateQuotaList(list: unknown, path: string): FieldError[] {
  return Object.entries(asObj(list) ?? {}).flatMap(([name, q]) => [...validateQuotaResourceName(name, key(path, name)), ...validateResourceQuantityValue(name, q, key(path, name))]);
}

/** ValidateResourceQuota (spec and status). */
export function validateResourceQuota(rq: KubeObject): FieldError[] {
  const errs = validateObjectMeta(rq.metadata, { namespaced: true });
  const spec = asObj(rq.spec) ?? {};
  errs.push(...validateQuotaList(spec.hard, 'spec.hard'));
  const scopes = asArr(spec.scopes).map(asStr);
  if (scopes.some((s) => !QUOTA_SCOPES.includes(s))) errs.push(invalidValue('spec.scopes', scopes, 'unsupported scope'));
  if (scopes.includes('Terminating') && scopes.includes('NotTerminating')) errs.push(invalidValue('spec.scopes', scopes, 'conflicting scopes'));
  if (scopes.includes('BestEffort') && scopes.includes('NotBestEffort')) errs.push(invalidValue('spec.scopes', scopes, 'conflicting scopes'));
  const status = asObj(rq.status) ?? {};
  errs.push(...validateQuotaList(status.hard, 'status.hard'), ...validateQuotaList(status.used, 'status.used'));
  return errs;
}

export function validateResourceQuotaUpdate(rq: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(rq.metadata, old.metadata), ...validateResourceQuota(rq)];
}

const LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];

/** ValidateLimitRange: types, resource names, and the min ≤ defaultRequest ≤ default ≤ max order. */
export function validateLimitRange(lr: KubeObject): FieldError[] {
  const errs = validateObjectMeta(lr.metadata, { namespaced: true });
  const types = new Set<string>();
  objects(asObj(lr.spec)?.limits).forEach((limit, i) => {
    const p = index('spec.limits', i);
    const type = asStr(limit.type);
    errs.push(...invalidEach(child(p, 'type'), type, isQualifiedName(type)));
    if (!type.includes('/') && !LIMIT_TYPES.includes(type)) errs.push(invalidValue(child(p, 'type'), type, 'must be a standard limit type or fully qualified'));
    if (types.has(type)) errs.push(duplicate(child(p, 'type'), type));
    types.add(type);
    const lists: Record<string, Obj> = {};
    for (const f of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) {
      lists[f] = asObj(limit[f]) ?? {};
      for (const [name, q] of Object.entries(lists[f])) {
        const kp = key(child(p, f), name);
        errs.push(...(type === 'Container' || type === 'Pod' ? validateContainerResourceName(name, kp) : invalidEach(kp, name, isQualifiedName(name))));
        errs.push(...validateResourceQuantityValue(name, q, kp));
      }
    }
    if (type === 'Pod') {
      if (Object.keys(lists.default).length > 0) errs.push(forbidden(child(p, 'default'), "may not be specified when `type` is 'Pod'"));
      if (Object.keys(lists.defaultRequest).length > 0) errs.push(forbidden(child(p, 'defaultRequest'), "may not be specified when `type` is 'Pod'"));
    }
    if (type === 'PersistentVolumeClaim' && lists.min.storage === undefined && lists.max.storage === undefined) {
      errs.push(required(child(p, 'limits'), 'either minimum or maximum storage value is required, but neither was provided'));
    }
    const names = new Set(Object.values(lists).flatMap((l) => Object.keys(l)));
    for (const name of names) {
      const [min, max, def, defReq, ratio] = ['min', 'max', 'default', 'defaultRequest', 'maxLimitRequestRatio'].map((f) => quantityOf(lists[f][name]));
      const s = (q: typeof min) => q?.toString() ?? '';
      if (min && max && min.cmp(max) > 0) errs.push(invalidValue(key(child(p, 'min'), name), s(min), `min value ${s(min)} is greater than max value ${s(max)}`));
      if (defReq && min && min.cmp(defReq) > 0) errs.push(invalidValue(key(child(p, 'defaultRequest'), name), s(defReq), `min value ${s(min)} is greater than default request value ${s(defReq)}`));
      if (defReq && max && defReq.cmp(max) > 0) errs.push(invalidValue(key(child(p, 'defaultRequest'), name), s(defReq), `default request value ${s(defReq)} is greater than max value ${s(max)}`));
      if (defReq && def && defReq.cmp(def) > 0) errs.push(invalidValue(key(child(p, 'defaultRequest'), name), s(defReq), `default request value ${s(defReq)} is greater than default limit value ${s(def)}`));
      if (def && min && min.cmp(def) > 0) errs.push(invalidValue(key(child(p, 'default'), name), s(min), `min value ${s(min)} is greater than default value ${s(def)}`));
      if (def && max && def.cmp(max) > 0) errs.push(invalidValue(key(child(p, 'default'), name), s(max), `default value ${s(def)} is greater than max value ${s(max)}`));
      const one = quantityOf('1');
      if (ratio && one && ratio.cmp(one) < 0) errs.push(invalidValue(key(child(p, 'maxLimitRequestRatio'), name), s(ratio), `ratio ${s(ratio)} is less than 1`));
    }
  });
  return errs;
}

export function validateLimitRangeUpdate(lr: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(lr.metadata, old.metadata), ...validateLimitRange(lr)];
}
