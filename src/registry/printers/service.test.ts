import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { endpointSlicePrinter, endpointsPrinter, servicePrinter } from './service.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const meta = { name: 'web', namespace: 'default', creationTimestamp: '2025-06-01T08:00:00Z' };

function svc(spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: meta, spec, status };
}

test('service columns: six default, SELECTOR wide', () => {
  assert.deepEqual(servicePrinter.columns.map((c) => `${c.name}:${c.priority}`),
    ['Name:0', 'Type:0', 'Cluster-IP:0', 'External-IP:0', 'Port(s):0', 'Age:0', 'Selector:1']);
});

test('ClusterIP service', () => {
  const s = svc({ type: 'ClusterIP', clusterIP: '172.20.14.3', clusterIPs: ['172.20.14.3'], selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] });
  assert.deepEqual(servicePrinter.row(s, NOW), ['web', 'ClusterIP', '172.20.14.3', '<none>', '80/TCP', '4h', 'app=web']);
});

test('LoadBalancer without ingress is <pending> and shows node ports', () => {
  const s = svc({
    type: 'LoadBalancer', clusterIPs: ['172.20.99.1'], selector: { app: 'web', tier: 'front' },
    ports: [{ name: 'http', port: 80, nodePort: 31234, protocol: 'TCP' }, { name: 'dns', port: 53, nodePort: 30053, protocol: 'UDP' }],
  }, { loadBalancer: {} });
  assert.deepEqual(servicePrinter.row(s, NOW), ['web', 'LoadBalancer', '172.20.99.1', '<pending>', '80:31234/TCP,53:30053/UDP', '4h', 'app=web,tier=front']);
});

test('LoadBalancer with ingress: hostnames and IPs, sorted and deduplicated, plus externalIPs', () => {
  const host = 'k8s-default-web-0123456789-0123456789abcdef.elb.us-west-2.amazonaws.com';
  const s = svc({ type: 'LoadBalancer', clusterIPs: ['172.20.99.1'], ports: [{ port: 443, nodePort: 30443, protocol: 'TCP' }] },
    { loadBalancer: { ingress: [{ hostname: host }, { ip: '203.0.113.9' }, { ip: '203.0.113.9' }] } });
  assert.equal(servicePrinter.row(s, NOW)[3], `203.0.113.9,${host}`);
  const withExternal = svc({ ...(s.spec as object), externalIPs: ['198.51.100.7'] }, s.status as Record<string, unknown>);
  assert.equal(servicePrinter.row(withExternal, NOW)[3], `203.0.113.9,${host},198.51.100.7`);
});

test('headless, NodePort, ExternalName and port-less services', () => {
  assert.deepEqual(servicePrinter.row(svc({ type: 'ClusterIP', clusterIPs: ['None'], ports: [{ port: 5432, protocol: 'TCP' }] }), NOW).slice(1, 5),
    ['ClusterIP', 'None', '<none>', '5432/TCP']);
  assert.deepEqual(servicePrinter.row(svc({ type: 'NodePort', clusterIPs: ['172.20.1.1'], externalIPs: ['198.51.100.1', '198.51.100.2'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] }), NOW).slice(1, 5),
    ['NodePort', '172.20.1.1', '198.51.100.1,198.51.100.2', '80:30080/TCP']);
  assert.deepEqual(servicePrinter.row(svc({ type: 'ExternalName', externalName: 'db.example.com' }), NOW).slice(1, 7),
    ['ExternalName', '<none>', 'db.example.com', '<none>', '4h', '<none>']);
});

test('endpoints: ip:port pairs, first three then a count', () => {
  const ep: KubeObject = {
    apiVersion: 'v1', kind: 'Endpoints', metadata: meta,
    subsets: [{ addresses: [{ ip: '10.0.1.5' }, { ip: '10.0.1.6' }], ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }] }],
  };
  assert.deepEqual(endpointsPrinter.row(ep, NOW), ['web', '10.0.1.5:8080,10.0.1.6:8080,10.0.1.5:9090 + 1 more...', '4h']);
  assert.equal(endpointsPrinter.row({ ...ep, subsets: [{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 53 }] }] }, NOW)[1], '[fd00::1]:53');
  assert.equal(endpointsPrinter.row({ ...ep, subsets: [{ addresses: [{ ip: '10.0.0.1' }] }] }, NOW)[1], '10.0.0.1');
  assert.equal(endpointsPrinter.row({ ...ep, subsets: undefined }, NOW)[1], '<none>');
});

test('endpoint slices: address type, ports, addresses', () => {
  const slice: KubeObject = {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { ...meta, name: 'web-abc12' },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'grpc' }],
    endpoints: [{ addresses: ['10.0.1.5'] }, { addresses: ['10.0.1.6'] }, { addresses: ['10.0.1.7'] }, { addresses: ['10.0.1.8'] }],
  };
  assert.deepEqual(endpointSlicePrinter.row(slice, NOW), ['web-abc12', 'IPv4', '8080,grpc', '10.0.1.5,10.0.1.6,10.0.1.7 + 1 more...', '4h']);
  assert.deepEqual(endpointSlicePrinter.row({ ...slice, ports: [], endpoints: [] }, NOW).slice(2, 4), ['<unset>', '<unset>']);
});
