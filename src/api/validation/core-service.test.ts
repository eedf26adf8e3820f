import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { setDefaultsService } from '../defaults/core.ts';
import { validateEndpoints, validateService, validateServiceUpdate } from './core-service.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);

function svc(spec: Record<string, unknown>, name = 'web'): KubeObject {
  const s: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', resourceVersion: '1' }, spec };
  setDefaultsService(s);
  return s;
}

test('a defaulted ClusterIP Service with one port is valid', () => {
  assert.deepEqual(validateService(svc({ selector: { app: 'web' }, ports: [{ port: 80 }] })), []);
});

test('Service names are DNS-1035 labels', () => {
  const errs = validateService(svc({ ports: [{ port: 80 }] }, '1web'));
  assert.deepEqual(errs.map((e) => e.field), ['metadata.name']);
  assert.match(errs[0].detail ?? '', /^a DNS-1035 label/);
});

test('ports are required unless headless or ExternalName', () => {
  assert.deepEqual(msgs(validateService(svc({}))), ['spec.ports: Required value']);
  assert.deepEqual(validateService(svc({ clusterIP: 'None', clusterIPs: ['None'] })), []);
  assert.deepEqual(validateService(svc({ type: 'ExternalName', externalName: 'db.example.com' })), []);
});

test('with several ports, each needs a unique name', () => {
  const errs = validateService(svc({ ports: [{ port: 80, name: 'http' }, { port: 443 }, { port: 8080, name: 'http' }] }));
  assert.deepEqual(msgs(errs), ['spec.ports[1].name: Required value', 'spec.ports[2].name: Duplicate value: "http"']);
});

test('port numbers, target ports and duplicate port/protocol pairs', () => {
  const errs = validateService(svc({ ports: [{ name: 'a', port: 0 }, { name: 'b', port: 81, targetPort: '8080' }, { name: 'c', port: 81 }] }));
  assert.deepEqual(msgs(errs), [
    'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    // targetPort defaulted from the (bad) port, as kube does
    'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
    'spec.ports[1].targetPort: Invalid value: "8080": must contain at least one letter (a-z)',
    'spec.ports[2]: Duplicate value: {"port":81,"protocol":"TCP"}',
  ]);
});

test('nodePort is forbidden on ClusterIP Services', () => {
  assert.deepEqual(msgs(validateService(svc({ ports: [{ port: 80, nodePort: 30080 }] }))), ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]);
});

test('ExternalName needs a DNS name and no cluster IPs', () => {
  assert.deepEqual(msgs(validateService(svc({ type: 'ExternalName' }))), ['spec.externalName: Required value']);
  assert.deepEqual(msgs(validateService(svc({ type: 'ExternalName', externalName: 'x.io', clusterIPs: ['10.0.0.1'] }))), ['spec.clusterIPs: Forbidden: may not be set for ExternalName services']);
});

test('clusterIP and clusterIPs must agree', () => {
  assert.deepEqual(msgs(validateService(svc({ ports: [{ port: 80 }], clusterIP: '10.0.0.1' }))), ['spec.clusterIPs: Required value']);
  assert.deepEqual(msgs(validateService(svc({ ports: [{ port: 80 }], clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.2'] }))),
    ['spec.clusterIPs: Invalid value: ["10.0.0.2"]: first value must match `clusterIP`']);
});

test('a LoadBalancer without allocateLoadBalancerNodePorts (not defaulted) is reported without the spec prefix', () => {
  const s: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb', namespace: 'd' }, spec: { type: 'LoadBalancer', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], sessionAffinity: 'None', externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster' } };
  assert.deepEqual(msgs(validateService(s)), ['allocateLoadBalancerNodePorts: Required value']);
});

test('externalTrafficPolicy only for externally reachable Services', () => {
  assert.deepEqual(msgs(validateService(svc({ ports: [{ port: 80 }], externalTrafficPolicy: 'Local' }))),
    ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services']);
});

test('update: the cluster IP may not change once set', () => {
  const old = svc({ ports: [{ port: 80 }], clusterIP: '10.100.0.10', clusterIPs: ['10.100.0.10'] });
  const next = svc({ ports: [{ port: 80 }], clusterIP: '10.100.0.11', clusterIPs: ['10.100.0.11'] });
  assert.deepEqual(msgs(validateServiceUpdate(next, old)), ['spec.clusterIPs[0]: Invalid value: ["10.100.0.11"]: may not change once set']);
  assert.deepEqual(validateServiceUpdate(structuredClone(old), old), []);
});

test('Endpoints: addresses required, ports named when several; loopback addresses allowed (loopback network)', () => {
  const ep: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'd' }, subsets: [
    { addresses: [{ ip: '127.1.0.4' }], ports: [{ port: 80, protocol: 'TCP', name: 'http' }, { port: 81, protocol: 'TCP' }] },
    { ports: [{ port: 80, protocol: 'TCP' }] },
    { addresses: [{ ip: '169.254.1.1' }, { ip: 'nope' }] },
  ] };
  assert.deepEqual(msgs(validateEndpoints(ep)), [
    'subsets[0].ports[1].name: Required value',
    'subsets[1]: Required value: must specify `addresses` or `notReadyAddresses`',
    'subsets[2].addresses[0].ip: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    'subsets[2].addresses[1].ip: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    'subsets[2].addresses[1].ip: Invalid value: "nope": must be a valid IP address',
  ]);
});
