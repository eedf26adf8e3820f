import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { setDefaultsNetworkPolicy } from '../defaults/networking.ts';
import { validateIngress, validateIngressClass, validateIngressClassUpdate, validateNetworkPolicy } from './networking.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);
const meta = { name: 'web', namespace: 'default' };
const backend = { service: { name: 'web', port: { number: 80 } } };

test('an Ingress with a rule and a pathType validates', () => {
  const ing: KubeObject = { metadata: meta, spec: { ingressClassName: 'alb', rules: [{ host: 'app.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] } };
  assert.deepEqual(validateIngress(ing), []);
});

test('Ingress: rules or a default backend; pathType required; absolute clean paths', () => {
  assert.deepEqual(msgs(validateIngress({ metadata: meta, spec: {} })), ['spec: Invalid value: []: either `defaultBackend` or `rules` must be specified']);
  const ing: KubeObject = { metadata: meta, spec: { rules: [{ host: '10.0.0.1', http: { paths: [{ path: '/', backend }, { path: 'api', pathType: 'Exact', backend }, { path: '/a//b', pathType: 'Prefix', backend: { service: { name: 'web', port: {} } } }] } }] } };
  assert.deepEqual(msgs(validateIngress(ing)), [
    'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
    'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    'spec.rules[0].http.paths[1].path: Invalid value: "api": must be an absolute path',
    "spec.rules[0].http.paths[2].path: Invalid value: \"/a//b\": must not contain '//'",
    'spec.rules[0].http.paths[2].backend: Required value: port name or number is required',
  ]);
});

test('IngressClass: a domain-prefixed controller that cannot change', () => {
  const ic: KubeObject = { metadata: { name: 'alb' }, spec: { controller: 'ingress.k8s.aws/alb' } };
  assert.deepEqual(validateIngressClass(ic), []);
  assert.deepEqual(msgs(validateIngressClass({ metadata: { name: 'x' }, spec: { controller: 'nginx' } })),
    ['spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")']);
  assert.deepEqual(msgs(validateIngressClassUpdate({ metadata: { name: 'alb' }, spec: { controller: 'example.com/other' } }, ic)),
    ['spec.controller: Invalid value: "example.com/other": field is immutable']);
});

test('NetworkPolicy peers and ports', () => {
  const np: KubeObject = { metadata: meta, spec: { podSelector: {}, ingress: [{ from: [{}, { ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }], ports: [{ port: 80, endPort: 70 }] }] } };
  setDefaultsNetworkPolicy(np);
  assert.deepEqual(msgs(validateNetworkPolicy(np)), [
    'spec.ingress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`',
    'spec.ingress[0].from[0]: Required value: must specify a peer',
    'spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer',
  ]);
});
