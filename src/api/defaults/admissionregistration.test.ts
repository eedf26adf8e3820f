import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../object.ts';
import { setDefaultsValidatingAdmissionPolicy, setDefaultsWebhookConfiguration } from './admissionregistration.ts';

test('webhook defaults, with reinvocationPolicy for mutating ones only', () => {
  const make = (): KubeObject => ({ metadata: { name: 'w' }, webhooks: [{ name: 'a.b.c', clientConfig: { service: { name: 's', namespace: 'n' } }, rules: [{ operations: ['CREATE'] }] }] });
  const v = make();
  setDefaultsWebhookConfiguration(v, { mutating: false });
  assert.deepEqual(v.webhooks, [{
    name: 'a.b.c', clientConfig: { service: { name: 's', namespace: 'n', port: 443 } }, rules: [{ operations: ['CREATE'], scope: '*' }],
    failurePolicy: 'Fail', matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {}, timeoutSeconds: 10,
  }]);
  const m = make();
  setDefaultsWebhookConfiguration(m, { mutating: true });
  assert.equal((m.webhooks as { reinvocationPolicy: string }[])[0].reinvocationPolicy, 'Never');
});

test('ValidatingAdmissionPolicy: failurePolicy Fail and match defaults', () => {
  const p: KubeObject = { metadata: { name: 'p' }, spec: { matchConstraints: { resourceRules: [{ operations: ['CREATE'] }] } } };
  setDefaultsValidatingAdmissionPolicy(p);
  assert.deepEqual(p.spec, { failurePolicy: 'Fail', matchConstraints: { resourceRules: [{ operations: ['CREATE'], scope: '*' }], matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {} } });
});
