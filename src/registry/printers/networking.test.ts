import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { ingressClassPrinter, ingressHosts, ingressPrinter, networkPolicyPrinter } from './networking.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const metadata = { name: 'shop', namespace: 'default', creationTimestamp: '2025-06-01T11:00:00Z' };

test('an ALB ingress with TLS', () => {
  const ing: KubeObject = {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata,
    spec: { ingressClassName: 'alb', tls: [{ hosts: ['shop.example.com'] }], rules: [{ host: 'shop.example.com' }, { host: 'api.example.com' }] },
    status: { loadBalancer: { ingress: [{ hostname: 'k8s-default-shop-1234567890.us-west-2.elb.amazonaws.com' }] } },
  };
  assert.deepEqual(ingressPrinter.row(ing, NOW),
    ['shop', 'alb', 'shop.example.com,api.example.com', 'k8s-default-shop-1234567890.us-west-2.elb.amazonaws.com', '80, 443', '60m']);
  assert.deepEqual(ingressPrinter.row({ ...ing, spec: { defaultBackend: {} }, status: {} }, NOW).slice(1, 5), ['<none>', '*', '', '80']);
});

test('HOSTS shows three hosts and counts every remaining rule', () => {
  const rules = (...hosts: string[]): unknown[] => hosts.map((host) => (host ? { host } : {}));
  assert.equal(ingressHosts(rules('a', 'b', 'c')), 'a,b,c');
  assert.equal(ingressHosts(rules('a', 'b', 'c', 'd', '')), 'a,b,c + 2 more...');
  assert.equal(ingressHosts(rules('a', '', 'b', 'c')), 'a,b,c');
  assert.equal(ingressHosts(rules('', '')), '*');
});

test('ingress classes and network policies', () => {
  const ic: KubeObject = {
    apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'alb', creationTimestamp: metadata.creationTimestamp },
    spec: { controller: 'ingress.k8s.aws/alb', parameters: { apiGroup: 'elbv2.k8s.aws', kind: 'IngressClassParams', name: 'alb' } },
  };
  assert.deepEqual(ingressClassPrinter.row(ic, NOW), ['alb', 'ingress.k8s.aws/alb', 'IngressClassParams.elbv2.k8s.aws/alb', '60m']);
  assert.equal(ingressClassPrinter.row({ ...ic, spec: { controller: 'x' } }, NOW)[2], '<none>');
  const np: KubeObject = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec: { podSelector: {} } };
  assert.deepEqual(networkPolicyPrinter.row(np, NOW), ['shop', '<none>', '60m']);
  assert.equal(networkPolicyPrinter.row({ ...np, spec: { podSelector: { matchExpressions: [{ key: 'role', operator: 'DoesNotExist' }] } } }, NOW)[1], '!role');
});
