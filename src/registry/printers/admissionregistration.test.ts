import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { mutatingWebhookConfigurationPrinter, validatingAdmissionPolicyBindingPrinter, validatingAdmissionPolicyPrinter } from './admissionregistration.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const metadata = { name: 'aws-load-balancer-webhook', creationTimestamp: '2025-06-01T11:00:00Z' };

test('webhook configurations count their webhooks', () => {
  const m: KubeObject = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata, webhooks: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] };
  assert.deepEqual(mutatingWebhookConfigurationPrinter.row(m, NOW), ['aws-load-balancer-webhook', 3, '60m']);
});

test('validating admission policies and bindings', () => {
  const p: KubeObject = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata, spec: { validations: [{ expression: 'true' }], paramKind: { apiVersion: 'v1', kind: 'ConfigMap' } } };
  assert.deepEqual(validatingAdmissionPolicyPrinter.row(p, NOW), ['aws-load-balancer-webhook', 1, 'v1/ConfigMap', '60m']);
  assert.equal(validatingAdmissionPolicyPrinter.row({ ...p, spec: {} }, NOW)[2], '<unset>');
  const b = (paramRef: unknown): KubeObject => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata, spec: { policyName: 'p', paramRef } });
  assert.deepEqual(validatingAdmissionPolicyBindingPrinter.row(b({ name: 'limits', namespace: 'default' }), NOW).slice(1, 3), ['p', 'default/limits']);
  assert.equal(validatingAdmissionPolicyBindingPrinter.row(b({ name: 'limits' }), NOW)[2], '*/limits');
  assert.equal(validatingAdmissionPolicyBindingPrinter.row(b(undefined), NOW)[2], '<unset>');
});
