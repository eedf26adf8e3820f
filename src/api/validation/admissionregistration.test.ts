import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { setDefaultsValidatingAdmissionPolicy, setDefaultsWebhookConfiguration } from '../defaults/admissionregistration.ts';
import { validateMutatingWebhookConfiguration, validateValidatingAdmissionPolicy, validateValidatingAdmissionPolicyBinding, validateValidatingWebhookConfiguration } from './admissionregistration.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);
const hook = {
  name: 'check.example.com', sideEffects: 'None', admissionReviewVersions: ['v1'],
  clientConfig: { service: { name: 'wh', namespace: 'system', path: '/validate' } },
  rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
};

test('a defaulted webhook configuration validates', () => {
  const cfg: KubeObject = { metadata: { name: 'c' }, webhooks: [structuredClone(hook)] };
  setDefaultsWebhookConfiguration(cfg, { mutating: false });
  assert.deepEqual(validateValidatingWebhookConfiguration(cfg), []);
});

test('webhooks: qualified unique names, side effects, review versions, one client config', () => {
  const cfg: KubeObject = { metadata: { name: 'c' }, webhooks: [
    { ...hook, name: 'check', sideEffects: undefined, admissionReviewVersions: [] },
    { ...hook, clientConfig: { url: 'http://x.example.com/v?a=b' }, rules: [{ operations: ['*', 'CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['*/*', 'pods'] }] },
    { ...hook, timeoutSeconds: 31 },
  ] };
  assert.deepEqual(msgs(validateMutatingWebhookConfiguration(cfg)), [
    'webhooks[0].name: Invalid value: "check": should be a domain with at least three segments separated by dots',
    'webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun',
    'webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1',
    "webhooks[1].rules[0].operations: Invalid value: [\"*\",\"CREATE\"]: if '*' is present, must not specify other operations",
    "webhooks[1].rules[0].resources: Invalid value: [\"*/*\",\"pods\"]: if '*/*' is present, must not specify other resources",
    "webhooks[1].clientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme; desired format: https://host[/path]",
    'webhooks[1].clientConfig.url: Invalid value: "a=b": query parameters are not permitted in the URL',
    'webhooks[2].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds',
    'webhooks[2].name: Duplicate value: "check.example.com"',
  ]);
});

test('ValidatingAdmissionPolicy: constraints and validations required', () => {
  const policy: KubeObject = { metadata: { name: 'p' }, spec: {} };
  setDefaultsValidatingAdmissionPolicy(policy);
  assert.deepEqual(msgs(validateValidatingAdmissionPolicy(policy)), [
    'spec.matchConstraints: Required value',
    'spec.validations: Required value: validations or auditAnnotations must contain at least one item',
    'spec.auditAnnotations: Required value: validations or auditAnnotations must contain at least one item',
  ]);
  const ok: KubeObject = { metadata: { name: 'p' }, spec: {
    matchConstraints: { resourceRules: [{ operations: ['CREATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'] }] },
    validations: [{ expression: 'object.spec.replicas <= 5' }],
  } };
  setDefaultsValidatingAdmissionPolicy(ok);
  assert.deepEqual(validateValidatingAdmissionPolicy(ok), []);
});

test('ValidatingAdmissionPolicyBinding: a policy and validation actions', () => {
  assert.deepEqual(msgs(validateValidatingAdmissionPolicyBinding({ metadata: { name: 'b' }, spec: { validationActions: ['Deny', 'Warn'] } })), [
    'spec.policyName: Required value',
    'spec.validationActions: Invalid value: ["Deny","Warn"]: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
  ]);
  assert.deepEqual(msgs(validateValidatingAdmissionPolicyBinding({ metadata: { name: 'b' }, spec: { policyName: 'p' } })),
    ['spec.validationActions: Required value: at least one validation action is required']);
});
