import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../object.ts';
import { setDefaultsIngressClass, setDefaultsNetworkPolicy } from './networking.ts';

test('NetworkPolicy: protocol TCP; policyTypes from the rules present', () => {
  const np: KubeObject = { metadata: { name: 'n' }, spec: { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] } };
  setDefaultsNetworkPolicy(np);
  assert.deepEqual(np.spec, { podSelector: {}, ingress: [{ ports: [{ port: 80, protocol: 'TCP' }] }], policyTypes: ['Ingress'] });
  const egress: KubeObject = { metadata: { name: 'n' }, spec: { podSelector: {}, egress: [{}] } };
  setDefaultsNetworkPolicy(egress);
  assert.deepEqual((egress.spec as Record<string, unknown>).policyTypes, ['Ingress', 'Egress']);
});

test('IngressClass parameters default to cluster scope', () => {
  const ic: KubeObject = { metadata: { name: 'alb' }, spec: { controller: 'ingress.k8s.aws/alb', parameters: { apiGroup: 'elbv2.k8s.aws', kind: 'IngressClassParams', name: 'p' } } };
  setDefaultsIngressClass(ic);
  assert.equal((ic.spec as { parameters: { scope: string } }).parameters.scope, 'Cluster');
});
