import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeNode, makePod } from '../testing.ts';
import { NodeInfo, zoneKeyOf } from './node-info.ts';
import { PodInfo } from './pod-info.ts';

test('aggregates requests, non-zero requests, ports and PVCs incrementally', () => {
  const ni = new NodeInfo('n', makeNode('n'));
  const a = new PodInfo(makePod('a', { cpu: '500m', memory: '1Gi', hostPorts: [80] }), 0);
  const b = new PodInfo(makePod('b'), 0);
  ni.addPod(a);
  ni.addPod(b);
  assert.equal(ni.requested.milliCPU, 500);
  assert.equal(ni.requested.memory, 1024 ** 3);
  assert.equal(ni.nonZeroCPU, 600);
  assert.equal(ni.nonZeroMemory, 1024 ** 3 + 200 * 1024 * 1024);
  assert.equal(ni.usedPorts.conflicts({ ip: '0.0.0.0', protocol: 'TCP', port: 80 }), true);
  assert.equal(ni.usedPorts.conflicts({ ip: '10.0.0.1', protocol: 'TCP', port: 80 }), true);
  assert.equal(ni.usedPorts.conflicts({ ip: '0.0.0.0', protocol: 'UDP', port: 80 }), false);
  const g = ni.generation;
  assert.equal(ni.removePod(a), true);
  assert.ok(ni.generation > g);
  assert.equal(ni.requested.milliCPU, 0);
  assert.equal(ni.nonZeroCPU, 100);
  assert.equal(ni.usedPorts.conflicts({ ip: '0.0.0.0', protocol: 'TCP', port: 80 }), false);
  assert.equal(ni.removePod(a), false);
  assert.deepEqual(ni.pods.map((p) => p.name), ['b']);
});

test('ports on a specific address conflict only with that address and 0.0.0.0', () => {
  const ni = new NodeInfo('n', makeNode('n'));
  ni.addPod(new PodInfo(makePod('a', { spec: { containers: [{ name: 'c', ports: [{ containerPort: 53, hostPort: 53, hostIP: '127.0.0.1', protocol: 'UDP' }] }] } }), 0));
  assert.equal(ni.usedPorts.conflicts({ ip: '127.0.0.1', protocol: 'UDP', port: 53 }), true);
  assert.equal(ni.usedPorts.conflicts({ ip: '127.0.0.2', protocol: 'UDP', port: 53 }), false);
  assert.equal(ni.usedPorts.conflicts({ ip: '0.0.0.0', protocol: 'UDP', port: 53 }), true);
});

test('a clone changes independently', () => {
  const ni = new NodeInfo('n', makeNode('n'));
  const a = new PodInfo(makePod('a', { cpu: '1', affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'x', labelSelector: {} }] } } }), 0);
  ni.addPod(a);
  const c = ni.clone();
  c.removePod(a);
  assert.equal(ni.requested.milliCPU, 1000);
  assert.equal(ni.podsWithRequiredAntiAffinity.length, 1);
  assert.equal(c.requested.milliCPU, 0);
  assert.equal(c.podsWithRequiredAntiAffinity.length, 0);
});

test('allocatable follows the node', () => {
  const ni = new NodeInfo('n', makeNode('n', { cpu: '3500m', memory: '1Gi', pods: '110', extra: { 'example.com/foo': '4' } }));
  assert.equal(ni.allocatable.milliCPU, 3500);
  assert.equal(ni.allocatable.memory, 1024 ** 3);
  assert.equal(ni.allocatable.allowedPodNumber, 110);
  assert.equal(ni.allocatable.scalar?.get('example.com/foo'), 4);
});

test('zone keys join region and zone', () => {
  assert.equal(zoneKeyOf({}), '');
  assert.equal(zoneKeyOf({ 'topology.kubernetes.io/zone': 'a' }), ':\x00:a');
});
