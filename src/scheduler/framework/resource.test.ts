import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, Pod } from '../api-types.ts';
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, podRequests } from './resource.ts';

const c = (requests: Record<string, string>, restartPolicy?: string): Container => ({ name: 'c', resources: { requests }, restartPolicy });
const pod = (containers: Container[], initContainers: Container[] = [], overhead?: Record<string, string>): Pod =>
  ({ metadata: { name: 'p' }, spec: { containers, initContainers, overhead } });

const cases: { name: string; pod: Pod; cpu: number; memory: number }[] = [
  { name: 'containers are summed', pod: pod([c({ cpu: '2', memory: '1G' }), c({ cpu: '1', memory: '1G' })]), cpu: 3000, memory: 2e9 },
  { name: 'init containers are maxed with the sum (kube example)', pod: pod([c({ cpu: '2', memory: '1G' }), c({ cpu: '1', memory: '1G' })], [c({ cpu: '2', memory: '1G' }), c({ cpu: '2', memory: '3G' })]), cpu: 3000, memory: 3e9 },
  { name: 'sidecars add to the sum and to later init containers', pod: pod([c({ cpu: '1' })], [c({ cpu: '500m' }, 'Always'), c({ cpu: '2' })]), cpu: 2500, memory: 0 },
  { name: 'overhead is added', pod: pod([c({ cpu: '100m' })], [], { cpu: '250m', memory: '120Mi' }), cpu: 350, memory: 120 * 1024 * 1024 },
  { name: 'millicores round up', pod: pod([c({ cpu: '0.0001' })]), cpu: 1, memory: 0 },
];

for (const t of cases) {
  test(`podRequests: ${t.name}`, () => {
    const r = podRequests(t.pod);
    assert.equal(r.milliCPU, t.cpu);
    assert.equal(r.memory, t.memory);
  });
}

test('non-zero requests count 100m and 200Mi for containers that request nothing', () => {
  const r = podRequests(pod([c({}), c({ cpu: '1' })]), { nonZero: true });
  assert.equal(r.milliCPU, DEFAULT_MILLI_CPU_REQUEST + 1000);
  assert.equal(r.memory, 2 * DEFAULT_MEMORY_REQUEST);
});

test('extended resources are scalar resources; unknown native names are ignored', () => {
  const r = podRequests(pod([c({ 'nvidia.com/gpu': '2', 'hugepages-2Mi': '4Mi', storage: '1Gi' })]));
  assert.equal(r.scalar?.get('nvidia.com/gpu'), 2);
  assert.equal(r.scalar?.get('hugepages-2Mi'), 4 * 1024 * 1024);
  assert.equal(r.scalar?.has('storage'), false);
});
