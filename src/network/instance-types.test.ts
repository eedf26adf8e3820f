import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseEniLimits, renderInstanceTypes } from '../../scripts/gen-instance-types.ts';
import { listedInstanceSpecs } from './instance-specs.ts';
import {
  instanceType, kubeReservedCpuMillis, kubeReservedMemoryMiB, listInstanceTypes, nodeResources, prefixDelegationMaxPods,
} from './instance-types.ts';

const REFERENCE = '/work/shared/reference/aws/vpc-cni';

test('max pods of every instance type equals the VPC CNI eni-max-pods.txt (golden)', () => {
  const golden = new Map<string, number>();
  for (const line of readFileSync(`${REFERENCE}/eni-max-pods.txt`, 'utf8').split('\n')) {
    const m = /^(\S+)\s+(\d+)$/.exec(line.trim());
    if (m && !line.startsWith('#')) golden.set(m[1], Number(m[2]));
  }
  assert.equal(golden.size, 1391);
  assert.deepEqual(new Set(listInstanceTypes()), new Set(golden.keys()));
  for (const [name, maxPods] of golden) assert.equal(instanceType(name)?.maxPods, maxPods, name);
});

test('the committed JSON is what the generator makes from the reference CSV', () => {
  const limits = parseEniLimits(readFileSync(`${REFERENCE}/instance-eni-limits.csv`, 'utf8'));
  const committed = readFileSync(fileURLToPath(new URL('./generated/instance-types.json', import.meta.url)), 'utf8');
  assert.equal(renderInstanceTypes(limits, 'instance-eni-limits.csv'), committed);
});

test('t3.medium: 3 ENIs × 6 IPv4, 17 pods, 15 pod addresses', () => {
  const t = instanceType('t3.medium')!;
  assert.equal(t.maxEnis, 3);
  assert.equal(t.ipv4PerEni, 6);
  assert.equal(t.maxPods, 17);
  assert.equal(t.podIpLimit, 15);
  assert.equal(t.vcpu, 2);
  assert.equal(t.memoryMiB, 4096);
  assert.equal(t.architecture, 'amd64');
  assert.equal(instanceType('m6g.large')?.architecture, 'arm64');
  assert.equal(instanceType('no.such'), undefined);
});

test('every type of the spec table exists in the VPC CNI table', () => {
  for (const name of listedInstanceSpecs()) assert.ok(instanceType(name), name);
  assert.deepEqual([instanceType('c5.9xlarge')?.vcpu, instanceType('c5.9xlarge')?.memoryMiB], [36, 72 * 1024]);
  assert.deepEqual([instanceType('r5.metal')?.vcpu, instanceType('r5.metal')?.memoryMiB], [96, 768 * 1024]);
});

test('kube-reserved CPU follows the EKS AMI ranges', () => {
  assert.equal(kubeReservedCpuMillis(1), 60);
  assert.equal(kubeReservedCpuMillis(2), 70);
  assert.equal(kubeReservedCpuMillis(4), 80);
  assert.equal(kubeReservedCpuMillis(8), 90);
  assert.equal(kubeReservedCpuMillis(96), 310);
  assert.equal(kubeReservedMemoryMiB(17), 442);
});

test('t3.medium capacity and allocatable', () => {
  const r = nodeResources(instanceType('t3.medium')!);
  assert.deepEqual(r.capacity, { cpu: '2', 'ephemeral-storage': '20Gi', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', pods: '17', memory: '4Gi' });
  // 4096Mi − (255 + 11×17)Mi kube-reserved − 100Mi eviction-hard
  assert.equal(r.allocatable.memory, '3554Mi');
  assert.equal(r.allocatable.cpu, '1930m');
  assert.equal(r.allocatable.pods, '17');
  // 20Gi − 1Gi − 10%
  assert.equal(r.allocatable['ephemeral-storage'], String(20 * 2 ** 30 - 2 ** 30 - 2 * 2 ** 30));
  assert.equal(nodeResources(instanceType('t3.medium')!, { maxPods: 110 }).allocatable.memory, `${4096 - 255 - 1210 - 100}Mi`);
});

test('prefix delegation max pods is capped at 110 below 30 vCPUs and 250 above', () => {
  assert.equal(prefixDelegationMaxPods(instanceType('t3.medium')!), 110);
  assert.equal(prefixDelegationMaxPods(instanceType('t3.micro')!), 2 * 16 + 2);
  assert.equal(prefixDelegationMaxPods(instanceType('m5.24xlarge')!), 250);
});

test('a type missing from the spec table has no node resources', () => {
  assert.throws(() => nodeResources(instanceType('p3.2xlarge')!), /no vCPU\/memory/);
});
