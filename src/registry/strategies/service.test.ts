import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/object.ts';
import { serviceStrategy } from './service.ts';

const base = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', resourceVersion: '1' }, spec });

function create(spec: Record<string, unknown>): KubeObject {
  const svc = base(spec);
  serviceStrategy.applyDefaults?.(svc);
  serviceStrategy.prepareForCreate?.(svc);
  return svc;
}
/** What the Store's allocator does between prepareForCreate and validate. */
function allocate(svc: KubeObject, ip: string, nodePort?: number): KubeObject {
  const spec = svc.spec as Record<string, unknown>;
  spec.clusterIP = ip; spec.clusterIPs = [ip];
  if (nodePort) for (const p of spec.ports as Record<string, unknown>[]) p.nodePort = nodePort;
  return svc;
}

test('create: status loadBalancer {}, single-stack IPv4, PUT may create', () => {
  const svc = create({ type: 'LoadBalancer', selector: { app: 'nginx' }, ports: [{ name: 'http', port: 80, targetPort: 80 }] });
  assert.deepEqual(svc.status, { loadBalancer: {} });
  const spec = svc.spec as Record<string, unknown>;
  assert.deepEqual([spec.ipFamilyPolicy, spec.ipFamilies], ['SingleStack', ['IPv4']]);
  assert.deepEqual(serviceStrategy.validate(allocate(svc, '10.100.0.20', 31000)), []);
  assert.equal(serviceStrategy.allowCreateOnUpdate, true);
});

test('create: a clusterIP alone fills clusterIPs; headless without selector is RequireDualStack', () => {
  const svc = create({ clusterIP: '10.100.0.9', ports: [{ port: 80 }] });
  assert.deepEqual((svc.spec as Record<string, unknown>).clusterIPs, ['10.100.0.9']);
  const headless = create({ clusterIP: 'None' });
  assert.equal((headless.spec as Record<string, unknown>).ipFamilyPolicy, 'RequireDualStack');
  assert.equal((create({ type: 'ExternalName', externalName: 'db.example.com' }).spec as Record<string, unknown>).ipFamilies, undefined);
});

test('update: omitted clusterIP and nodePorts are kept; status is the stored one', () => {
  const old = allocate(create({ type: 'NodePort', selector: { a: 'b' }, ports: [{ name: 'http', port: 80 }] }), '10.100.0.5', 30080);
  old.status = { loadBalancer: {} };
  const next = base({ type: 'NodePort', selector: { a: 'c' }, ports: [{ name: 'http', port: 80 }] });
  next.status = { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } };
  serviceStrategy.applyDefaults?.(next);
  serviceStrategy.prepareForUpdate?.(next, old);
  const spec = next.spec as Record<string, unknown>;
  assert.deepEqual([spec.clusterIP, spec.clusterIPs, (spec.ports as { nodePort: number }[])[0].nodePort], ['10.100.0.5', ['10.100.0.5'], 30080]);
  assert.deepEqual(next.status, { loadBalancer: {} });
  assert.deepEqual([spec.ipFamilyPolicy, spec.ipFamilies], ['SingleStack', ['IPv4']]);
  assert.deepEqual(serviceStrategy.validateUpdate(next, old), []);
});

test('update: changing the cluster IP is refused', () => {
  const old = allocate(create({ ports: [{ port: 80 }] }), '10.100.0.5');
  const next = structuredClone(old);
  Object.assign(next.spec as object, { clusterIP: '10.100.0.6', clusterIPs: ['10.100.0.6'] });
  serviceStrategy.prepareForUpdate?.(next, old);
  assert.deepEqual(serviceStrategy.validateUpdate(next, old).map((e) => e.field), ['spec.clusterIPs[0]']);
});

test('update: NodePort → ClusterIP drops the unchanged nodePorts and externalTrafficPolicy', () => {
  const old = allocate(create({ type: 'NodePort', ports: [{ port: 80 }] }), '10.100.0.5', 30080);
  const next = structuredClone(old);
  (next.spec as Record<string, unknown>).type = 'ClusterIP';
  serviceStrategy.applyDefaults?.(next);
  serviceStrategy.prepareForUpdate?.(next, old);
  const spec = next.spec as Record<string, unknown>;
  assert.equal((spec.ports as Record<string, unknown>[])[0].nodePort, undefined);
  assert.equal(spec.externalTrafficPolicy, undefined);
  assert.deepEqual(serviceStrategy.validateUpdate(next, old), []);
});

test('status update: load balancer IPs get ipMode VIP and are validated', () => {
  const old = allocate(create({ type: 'LoadBalancer', ports: [{ port: 80 }] }), '10.100.0.5', 30080);
  const next = structuredClone(old);
  next.status = { loadBalancer: { ingress: [{ ip: '127.0.2.1' }] } };
  serviceStrategy.status?.prepareForUpdate?.(next, old);
  assert.deepEqual(next.status, { loadBalancer: { ingress: [{ ip: '127.0.2.1', ipMode: 'VIP' }] } });
  assert.deepEqual(serviceStrategy.status?.validateUpdate?.(next, old), []);
  next.status = { loadBalancer: { ingress: [{ ip: 'not-an-ip', ipMode: 'VIP' }] } };
  assert.deepEqual(serviceStrategy.status?.validateUpdate?.(next, old)?.map((e) => e.field), ['status.loadBalancer.ingress[0].ip']);
});
