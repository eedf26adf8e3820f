/**
 * admissionregistration.k8s.io/v1 validation after pkg/apis/admissionregistration/validation
 * (validateValidatingWebhookConfiguration, validateMutatingWebhook, validateRuleWithOperations,
 * validateResources, ValidateWebhookURL/Service, validateAdmissionReviewVersions,
 * validateValidatingAdmissionPolicySpec, validateValidatingAdmissionPolicyBindingSpec).
 * These kinds use apimachinery's ObjectMeta rules (no standard-finalizer rule). CEL expressions
 * are checked for presence only; compiling them is the admission plugin's job.
 */
import { type FieldError, child, duplicate, forbidden, index, invalidValue, notSupported, required } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { type Obj, asArr, asObj, asStr, objects } from './access.ts';
import { validateLabelSelector } from './label-selector.ts';
import { invalidEach, isDNS1035Label, isDNS1123Subdomain, isQualifiedName, isValidPathSegmentName, isValidPortNum } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

const OPERATIONS = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const SCOPES = ['*', 'Cluster', 'Namespaced'];
const FAILURE_POLICIES = ['Fail', 'Ignore'];
const MATCH_POLICIES = ['Equivalent', 'Exact'];
const SIDE_EFFECTS = ['None', 'NoneOnDryRun'];
const REVIEW_VERSIONS = ['v1', 'v1beta1'];
const URL_FORM = '; desired format: https://host[/path]';

const meta = (o: KubeObject) => validateObjectMeta(o.metadata, { namespaced: false, standardFinalizers: false });
const metaUpdate = (o: KubeObject, old: KubeObject) => validateObjectMetaUpdate(o.metadata, old.metadata, { standardFinalizers: false });

/** IsFullyQualifiedName: a DNS subdomain of at least three segments. */
function validateFullyQualifiedName(name: string, path: string): FieldError[] {
  if (name === '') return [required(path, '')];
  const msgs = isDNS1123Subdomain(name);
  if (msgs.length > 0) return [invalidValue(path, name, msgs.join(','))];
  return name.split('.').length < 3 ? [invalidValue(path, name, 'should be a domain with at least three segments separated by dots')] : [];
}

function validateResources(resources: string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (resources.length === 0) errs.push(required(path, ''));
  const wildcardSub = new Set<string>();
  const wildcardRes = new Set<string>();
  let doubleWildcard = false;
  let singleWildcard = false;
  let withoutSub = false;
  resources.forEach((r, i) => {
    if (r === '') { errs.push(required(index(path, i), '')); return; }
    if (r === '*/*') doubleWildcard = true;
    if (r === '*') singleWildcard = true;
    const slash = r.indexOf('/');
    if (slash < 0) { withoutSub = r !== '*'; return; }
    const res = r.slice(0, slash);
    const sub = r.slice(slash + 1);
    if (wildcardSub.has(res)) errs.push(invalidValue(index(path, i), r, `if '${res}/*' is present, must not specify ${r}`));
    if (wildcardRes.has(sub)) errs.push(invalidValue(index(path, i), r, `if '*/${sub}' is present, must not specify ${r}`));
    if (sub === '*') wildcardSub.add(res);
    if (res === '*') wildcardRes.add(sub);
  });
  if (resources.length > 1 && doubleWildcard) errs.push(invalidValue(path, resources, "if '*/*' is present, must not specify other resources"));
  if (singleWildcard && withoutSub) errs.push(invalidValue(path, resources, "if '*' is present, must not specify other resources without subresources"));
  return errs;
}

/** validateRuleWithOperations (rule fields inline, as in the v1 JSON). */
function validateRuleWithOperations(rule: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const ops = asArr(rule.operations).map(asStr);
  if (ops.length === 0) errs.push(required(child(path, 'operations'), ''));
  if (ops.length > 1 && ops.includes('*')) errs.push(invalidValue(child(path, 'operations'), ops, "if '*' is present, must not specify other operations"));
  ops.forEach((o, i) => { if (!OPERATIONS.includes(o)) errs.push(notSupported(index(child(path, 'operations'), i), o, OPERATIONS)); });
  const groups = asArr(rule.apiGroups).map(asStr);
  if (groups.length === 0) errs.push(required(child(path, 'apiGroups'), ''));
  if (groups.length > 1 && groups.includes('*')) errs.push(invalidValue(child(path, 'apiGroups'), groups, "if '*' is present, must not specify other API groups"));
  const versions = asArr(rule.apiVersions).map(asStr);
  if (versions.length === 0) errs.push(required(child(path, 'apiVersions'), ''));
  if (versions.length > 1 && versions.includes('*')) errs.push(invalidValue(child(path, 'apiVersions'), versions, "if '*' is present, must not specify other API versions"));
  versions.forEach((v, i) => { if (v === '') errs.push(required(index(child(path, 'apiVersions'), i), '')); });
  errs.push(...validateResources(asArr(rule.resources).map(asStr), child(path, 'resources')));
  if (rule.scope !== undefined && rule.scope !== null && !SCOPES.includes(asStr(rule.scope))) errs.push(notSupported(child(path, 'scope'), rule.scope, SCOPES));
  return errs;
}

/** ValidateWebhookURL / ValidateWebhookService. */
function validateClientConfig(cc: Obj, path: string): FieldError[] {
  const hasURL = typeof cc.url === 'string';
  const service = asObj(cc.service);
  if (hasURL === (service !== undefined)) return [required(path, 'exactly one of url or service is required')];
  const errs: FieldError[] = [];
  if (hasURL) {
    const up = child(path, 'url');
    let u: URL;
    try { u = new URL(asStr(cc.url)); } catch (e) { return [required(up, `url must be a valid URL: ${(e as Error).message}${URL_FORM}`)]; }
    if (u.protocol !== 'https:') errs.push(invalidValue(up, u.protocol.replace(/:$/, ''), `'https' is the only allowed URL scheme${URL_FORM}`));
    if (u.host === '') errs.push(invalidValue(up, u.host, `host must be specified${URL_FORM}`));
    if (u.username || u.password) errs.push(invalidValue(up, u.username, 'user information is not permitted in the URL'));
    if (u.hash) errs.push(invalidValue(up, u.hash.slice(1), 'fragments are not permitted in the URL'));
    if (u.search) errs.push(invalidValue(up, u.search.slice(1), 'query parameters are not permitted in the URL'));
    return errs;
  }
  const sp = child(path, 'service');
  const svc = service ?? {};
  if (asStr(svc.name) === '') errs.push(required(child(sp, 'name'), 'service name is required'));
  if (asStr(svc.namespace) === '') errs.push(required(child(sp, 'namespace'), 'service namespace is required'));
  const port = typeof svc.port === 'number' ? svc.port : 443;
  const portErrs = isValidPortNum(port);
  if (portErrs.length > 0) errs.push(invalidValue(child(sp, 'port'), port, `port is not valid: ${portErrs.join(', ')}`));
  const urlPath = asStr(svc.path);
  if (urlPath === '' || urlPath === '/') return errs;
  if (urlPath === '//') return [...errs, invalidValue(child(sp, 'path'), urlPath, 'segment[0] may not be empty')];
  if (!urlPath.startsWith('/')) errs.push(invalidValue(child(sp, 'path'), urlPath, "must start with a '/'"));
  urlPath.slice(1).replace(/\/$/, '').split('/').forEach((step, i) => {
    if (step === '') errs.push(invalidValue(child(sp, 'path'), urlPath, `segment[${i}] may not be empty`));
    else for (const m of isDNS1123Subdomain(step)) errs.push(invalidValue(child(sp, 'path'), urlPath, `segment[${i}]: ${m}`));
  });
  return errs;
}

function validateReviewVersions(versions: unknown, path: string): FieldError[] {
  const list = asArr(versions).map(asStr);
  if (list.length === 0) return [required(path, `must specify one of ${REVIEW_VERSIONS.join(', ')}`)];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  list.forEach((v, i) => {
    if (seen.has(v)) { errs.push(invalidValue(index(path, i), v, 'duplicate version')); return; }
    seen.add(v);
    errs.push(...invalidEach(index(path, i), v, isDNS1035Label(v)));
  });
  if (!list.some((v) => REVIEW_VERSIONS.includes(v))) errs.push(invalidValue(path, list, `must include at least one of ${REVIEW_VERSIONS.join(', ')}`));
  return errs;
}

function validateMatchConditions(conditions: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = objects(conditions);
  if (list.length > 64) errs.push({ type: 'FieldValueTooMany', field: path, badValue: list.length, detail: 'must have at most 64 items' });
  const names = new Set<string>();
  list.forEach((c, i) => {
    const p = index(path, i);
    const name = asStr(c.name);
    if (name === '') errs.push(required(child(p, 'name'), ''));
    else errs.push(...invalidEach(child(p, 'name'), name, isQualifiedName(name)));
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    names.add(name);
    if (asStr(c.expression).trim() === '') errs.push(required(child(p, 'expression'), ''));
  });
  return errs;
}

function validateWebhook(hook: Obj, path: string, mutating: boolean): FieldError[] {
  const errs = validateFullyQualifiedName(asStr(hook.name), child(path, 'name'));
  objects(hook.rules).forEach((r, i) => errs.push(...validateRuleWithOperations(r, index(child(path, 'rules'), i))));
  if (hook.failurePolicy !== undefined && hook.failurePolicy !== null && !FAILURE_POLICIES.includes(asStr(hook.failurePolicy))) errs.push(notSupported(child(path, 'failurePolicy'), hook.failurePolicy, FAILURE_POLICIES));
  if (hook.matchPolicy !== undefined && hook.matchPolicy !== null && !MATCH_POLICIES.includes(asStr(hook.matchPolicy))) errs.push(notSupported(child(path, 'matchPolicy'), hook.matchPolicy, MATCH_POLICIES));
  if (mutating && hook.reinvocationPolicy !== undefined && hook.reinvocationPolicy !== null && !['IfNeeded', 'Never'].includes(asStr(hook.reinvocationPolicy))) {
    errs.push(notSupported(child(path, 'reinvocationPolicy'), hook.reinvocationPolicy, ['IfNeeded', 'Never']));
  }
  errs.push(...validateLabelSelector(hook.namespaceSelector, child(path, 'namespaceSelector')), ...validateLabelSelector(hook.objectSelector, child(path, 'objectSelector')));
  if (hook.sideEffects === undefined || hook.sideEffects === null) errs.push(required(child(path, 'sideEffects'), `must specify one of ${SIDE_EFFECTS.join(', ')}`));
  else if (!SIDE_EFFECTS.includes(asStr(hook.sideEffects))) errs.push(notSupported(child(path, 'sideEffects'), hook.sideEffects, SIDE_EFFECTS));
  if (typeof hook.timeoutSeconds === 'number' && (hook.timeoutSeconds > 30 || hook.timeoutSeconds < 1)) {
    errs.push(invalidValue(child(path, 'timeoutSeconds'), hook.timeoutSeconds, 'the timeout value must be between 1 and 30 seconds'));
  }
  errs.push(...validateClientConfig(asObj(hook.clientConfig) ?? {}, child(path, 'clientConfig')));
  errs.push(...validateReviewVersions(hook.admissionReviewVersions, child(path, 'admissionReviewVersions')));
  errs.push(...validateMatchConditions(hook.matchConditions, child(path, 'matchConditions')));
  return errs;
}

function validateWebhookConfiguration(cfg: KubeObject, mutating: boolean): FieldError[] {
  const errs = meta(cfg);
  const names = new Set<string>();
  objects(cfg.webhooks).forEach((h, i) => {
    const p = index('webhooks', i);
    errs.push(...validateWebhook(h, p, mutating));
    const name = asStr(h.name);
    if (name !== '' && names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    names.add(name);
  });
  return errs;
}

export const validateValidatingWebhookConfiguration = (c: KubeObject): FieldError[] => validateWebhookConfiguration(c, false);
export const validateMutatingWebhookConfiguration = (c: KubeObject): FieldError[] => validateWebhookConfiguration(c, true);
export const validateValidatingWebhookConfigurationUpdate = (c: KubeObject, old: KubeObject): FieldError[] => [...metaUpdate(c, old), ...validateWebhookConfiguration(c, false)];
export const validateMutatingWebhookConfigurationUpdate = (c: KubeObject, old: KubeObject): FieldError[] => [...metaUpdate(c, old), ...validateWebhookConfiguration(c, true)];

/** validateMatchResources (required selectors and policy: they are defaulted). */
function validateMatchResources(mr: unknown, path: string): FieldError[] {
  const m = asObj(mr);
  if (!m) return [];
  const errs: FieldError[] = [];
  if (m.matchPolicy === undefined || m.matchPolicy === null) errs.push(required(child(path, 'matchPolicy'), ''));
  else if (!MATCH_POLICIES.includes(asStr(m.matchPolicy))) errs.push(notSupported(child(path, 'matchPolicy'), m.matchPolicy, MATCH_POLICIES));
  for (const f of ['namespaceSelector', 'objectSelector']) {
    if (!asObj(m[f])) errs.push(required(child(path, f), ''));
    else errs.push(...validateLabelSelector(m[f], child(path, f)));
  }
  for (const f of ['resourceRules', 'excludeResourceRules']) {
    objects(m[f]).forEach((r, i) => {
      const p = index(child(path, f), i);
      asArr(r.resourceNames).map(asStr).forEach((n, j) => errs.push(...invalidEach(index(child(p, 'resourceNames'), j), n, isValidPathSegmentName(n))));
      errs.push(...validateRuleWithOperations(r, p));
    });
  }
  return errs;
}

function validatePolicySpec(policy: KubeObject): FieldError[] {
  const s = asObj(policy.spec) ?? {};
  const errs: FieldError[] = [];
  if (s.failurePolicy === undefined || s.failurePolicy === null) errs.push(required('spec.failurePolicy', ''));
  else if (!FAILURE_POLICIES.includes(asStr(s.failurePolicy))) errs.push(notSupported('spec.failurePolicy', s.failurePolicy, FAILURE_POLICIES));
  const paramKind = asObj(s.paramKind);
  if (paramKind) {
    if (asStr(paramKind.kind) === '') errs.push(required('spec.paramKind.kind', ''));
    if (asStr(paramKind.apiVersion) === '') errs.push(required('spec.paramKind.apiVersion', ''));
  }
  const mc = asObj(s.matchConstraints);
  if (!mc) errs.push(required('spec.matchConstraints', ''));
  else {
    errs.push(...validateMatchResources(mc, 'spec.matchConstraints'));
    if (objects(mc.resourceRules).length === 0) errs.push(required('spec.matchConstraints.resourceRules', ''));
  }
  errs.push(...validateMatchConditions(s.matchConditions, 'spec.matchConditions'));
  const validations = objects(s.validations);
  const audits = objects(s.auditAnnotations);
  if (validations.length === 0 && audits.length === 0) {
    errs.push(required('spec.validations', 'validations or auditAnnotations must contain at least one item'));
    errs.push(required('spec.auditAnnotations', 'validations or auditAnnotations must contain at least one item'));
  }
  validations.forEach((v, i) => {
    const p = index('spec.validations', i);
    if (asStr(v.expression).trim() === '') errs.push(required(child(p, 'expression'), 'expression is not specified'));
    const msg = asStr(v.message);
    if (msg !== '' && msg.trim() === '') errs.push(invalidValue(child(p, 'message'), msg, 'message must be non-empty if specified'));
    else if (/[\n\r]/.test(msg.trim())) errs.push(invalidValue(child(p, 'message'), msg, 'message must not contain line breaks'));
    if (asStr(v.messageExpression) !== '' && asStr(v.messageExpression).trim() === '') errs.push(invalidValue(child(p, 'messageExpression'), v.messageExpression, 'must be non-empty if specified'));
    const reasons = ['Forbidden', 'Invalid', 'RequestEntityTooLarge', 'Unauthorized'];
    if (v.reason !== undefined && v.reason !== null && !reasons.includes(asStr(v.reason))) errs.push(notSupported(child(p, 'reason'), v.reason, reasons));
  });
  audits.forEach((a, i) => {
    const p = index('spec.auditAnnotations', i);
    if (asStr(a.key) === '') errs.push(required(child(p, 'key'), ''));
    if (asStr(a.valueExpression).trim() === '') errs.push(required(child(p, 'valueExpression'), 'valueExpression is not specified'));
  });
  return errs;
}

export const validateValidatingAdmissionPolicy = (p: KubeObject): FieldError[] => [...meta(p), ...validatePolicySpec(p)];
export const validateValidatingAdmissionPolicyUpdate = (p: KubeObject, old: KubeObject): FieldError[] => [...metaUpdate(p, old), ...validatePolicySpec(p)];

const VALIDATION_ACTIONS = ['Audit', 'Deny', 'Warn'];

function validateBindingSpec(binding: KubeObject): FieldError[] {
  const s = asObj(binding.spec) ?? {};
  const errs: FieldError[] = [];
  const policyName = asStr(s.policyName);
  if (policyName === '') errs.push(required('spec.policyName', ''));
  else errs.push(...invalidEach('spec.policyName', policyName, isDNS1123Subdomain(policyName)));
  const pr = asObj(s.paramRef);
  if (pr) {
    const name = asStr(pr.name);
    const hasSelector = asObj(pr.selector) !== undefined;
    if (name !== '') {
      errs.push(...invalidEach('spec.paramRef.name', name, isValidPathSegmentName(name)));
      if (hasSelector) errs.push(forbidden('spec.paramRef.name', 'name and selector are mutually exclusive'));
    }
    if (hasSelector) {
      errs.push(...validateLabelSelector(pr.selector, 'spec.paramRef.selector'));
      if (name !== '') errs.push(forbidden('spec.paramRef.selector', 'name and selector are mutually exclusive'));
    }
    if (name === '' && !hasSelector) errs.push(required('spec.paramRef', 'one of name or selector must be specified'));
    const action = asStr(pr.parameterNotFoundAction);
    if (action === '') errs.push(required('spec.paramRef.parameterNotFoundAction', ''));
    else if (action !== 'Deny' && action !== 'Allow') errs.push(notSupported('spec.paramRef.parameterNotFoundAction', action, ['Deny', 'Allow']));
  }
  // sic: kube's path is "matchResouces".
  errs.push(...validateMatchResources(s.matchResources, 'spec.matchResouces'));
  const actions = asArr(s.validationActions).map(asStr);
  const seen = new Set<string>();
  actions.forEach((a, i) => {
    if (!VALIDATION_ACTIONS.includes(a)) errs.push(notSupported(index('spec.validationActions', i), a, VALIDATION_ACTIONS));
    if (seen.has(a)) errs.push(duplicate(index('spec.validationActions', i), a));
    seen.add(a);
  });
  if (seen.has('Deny') && seen.has('Warn')) {
    errs.push(invalidValue('spec.validationActions', actions, 'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)'));
  }
  if (seen.size === 0) errs.push(required('spec.validationActions', 'at least one validation action is required'));
  return errs;
}

export const validateValidatingAdmissionPolicyBinding = (b: KubeObject): FieldError[] => [...meta(b), ...validateBindingSpec(b)];
export const validateValidatingAdmissionPolicyBindingUpdate = (b: KubeObject, old: KubeObject): FieldError[] => [...metaUpdate(b, old), ...validateBindingSpec(b)];
