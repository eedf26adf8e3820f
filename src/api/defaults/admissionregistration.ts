/**
 * admissionregistration.k8s.io/v1 defaulting after pkg/apis/admissionregistration/v1/defaults.go
 * (SetDefaults_ValidatingWebhook, SetDefaults_MutatingWebhook, SetDefaults_Rule,
 * SetDefaults_ServiceReference, SetDefaults_ValidatingAdmissionPolicySpec, SetDefaults_MatchResources).
 */
import type { KubeObject } from '../object.ts';
import { type Obj, asObj, objects, setDefault } from '../validation/access.ts';

function setDefaultsRules(rules: unknown): void {
  for (const r of objects(rules)) setDefault(r, 'scope', '*');
}

function setDefaultsSelectors(o: Obj): void {
  setDefault(o, 'matchPolicy', 'Equivalent');
  setDefault(o, 'namespaceSelector', {});
  setDefault(o, 'objectSelector', {});
}

/**
 * Webhooks: Fail, Equivalent, empty selectors, 10s, port 443, rule scope "*"; mutating ones also
 * reinvocationPolicy Never.
 */
export function setDefaultsWebhookConfiguration(cfg: KubeObject, options: { mutating: boolean }): void {
  for (const hook of objects(cfg.webhooks)) {
    setDefault(hook, 'failurePolicy', 'Fail');
    setDefaultsSelectors(hook);
    setDefault(hook, 'timeoutSeconds', 10);
    if (options.mutating) setDefault(hook, 'reinvocationPolicy', 'Never');
    setDefaultsRules(hook.rules);
    const service = asObj(asObj(hook.clientConfig)?.service);
    if (service) setDefault(service, 'port', 443);
  }
}

/** ValidatingAdmissionPolicy: failurePolicy Fail; matchConstraints as MatchResources. */
export function setDefaultsValidatingAdmissionPolicy(policy: KubeObject): void {
  const spec = asObj(policy.spec);
  if (!spec) return;
  setDefault(spec, 'failurePolicy', 'Fail');
  const mc = asObj(spec.matchConstraints);
  if (mc) { setDefaultsSelectors(mc); setDefaultsRules(mc.resourceRules); setDefaultsRules(mc.excludeResourceRules); }
}

/** ValidatingAdmissionPolicyBinding: matchResources as MatchResources. */
export function setDefaultsValidatingAdmissionPolicyBinding(binding: KubeObject): void {
  const mr = asObj(asObj(binding.spec)?.matchResources);
  if (mr) { setDefaultsSelectors(mr); setDefaultsRules(mr.resourceRules); setDefaultsRules(mr.excludeResourceRules); }
}
