import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../framework/cycle-state.ts';
import { NodeInfo } from '../framework/node-info.ts';
import { PodInfo } from '../framework/pod-info.ts';
import { type NodeSpec, type PodOptions, makeNode, makePod } from '../testing.ts';
import { BalancedAllocation } from './balanced-allocation.ts';
import { NodeResourcesFit } from './node-resources-fit.ts';

function nodeWith(spec: NodeSpec, existing: PodOptions[] = []): NodeInfo {
  const ni = new NodeInfo('n', makeNode('n', spec));
  existing.forEach((o, i) => ni.addPod(new PodInfo(makePod(`e${i}`, { ...o, nodeName: 'n' }), 0)));
  return ni;
}

const filterCases: { name: string; pod: PodOptions; node: NodeSpec; existing?: PodOptions[]; want: string[] }[] = [
  { name: 'fits', pod: { cpu: '1', memory: '1Gi' }, node: {}, want: [] },
  { name: 'too much cpu', pod: { cpu: '3' }, node: {}, want: ['Insufficient cpu'] },
  { name: 'cpu and memory, in kube order', pod: { cpu: '3', memory: '9Gi' }, node: {}, want: ['Insufficient cpu', 'Insufficient memory'] },
  { name: 'counts what existing pods request', pod: { cpu: '600m' }, node: {}, existing: [{ cpu: '1500m' }], want: ['Insufficient cpu'] },
  { name: 'exactly full fits', pod: { cpu: '500m' }, node: {}, existing: [{ cpu: '1500m' }], want: [] },
  { name: 'pod count', pod: {}, node: { pods: '1' }, existing: [{}], want: ['Too many pods'] },
  { name: 'pod count and cpu', pod: { cpu: '3' }, node: { pods: '1' }, existing: [{}], want: ['Too many pods', 'Insufficient cpu'] },
  { name: 'a resource the pod does not request is not checked', pod: { memory: '1Gi' }, node: {}, existing: [{ cpu: '3' }], want: [] },
  { name: 'ephemeral storage', pod: { requests: { 'ephemeral-storage': '30Gi' } }, node: { extra: { 'ephemeral-storage': '20Gi' } }, want: ['Insufficient ephemeral-storage'] },
  { name: 'extended resource missing on the node', pod: { requests: { 'nvidia.com/gpu': '1' } }, node: {}, want: ['Insufficient nvidia.com/gpu'] },
  { name: 'extended resource available', pod: { requests: { 'nvidia.com/gpu': '1' } }, node: { extra: { 'nvidia.com/gpu': '1' } }, want: [] },
  { name: 'init containers count by their max', pod: { cpu: '100m', spec: { initContainers: [{ name: 'i', resources: { requests: { cpu: '2500m' } } }] } }, node: {}, want: ['Insufficient cpu'] },
  { name: 'pod overhead counts', pod: { cpu: '1900m', spec: { overhead: { cpu: '200m' } } }, node: {}, want: ['Insufficient cpu'] },
];

for (const t of filterCases) {
  test(`NodeResourcesFit filter: ${t.name}`, () => {
    const s = new NodeResourcesFit().filter(new CycleState(), new PodInfo(makePod('p', t.pod), 0), nodeWith(t.node, t.existing));
    assert.deepEqual([...s.reasons], t.want);
    assert.equal(s.code, t.want.length ? 'Unschedulable' : 'Success');
  });
}

const scoreCases: { name: string; pod: PodOptions; existing: PodOptions[]; least: number; balanced: number }[] = [
  // cpu: (2000-1000)*100/2000 = 50; memory: (8Gi-2Gi)*100/8Gi = 75; (50+75)/2 = 62
  { name: 'least allocated averages cpu and memory', pod: { cpu: '500m', memory: '1Gi' }, existing: [{ cpu: '500m', memory: '1Gi' }], least: 62, balanced: 87 },
  // non-zero requests: 100m and 200Mi each → cpu 1800*100/2000 = 90, memory 7792*100/8192 = 95; (90+95)/2 = 92
  { name: 'pods without requests count the defaults', pod: {}, existing: [{}], least: 92, balanced: 100 },
  // cpu over capacity scores 0; memory 1Gi+200Mi → 85; balanced: cpu fraction 1 (capped), memory 0.125 → 56
  { name: 'over capacity scores 0 and balanced allocation caps fractions at 1', pod: { cpu: '2', memory: '1Gi' }, existing: [{ cpu: '1' }], least: 42, balanced: 56 },
];

for (const t of scoreCases) {
  test(`NodeResourcesFit / BalancedAllocation score: ${t.name}`, () => {
    const pod = new PodInfo(makePod('p', t.pod), 0);
    const ni = nodeWith({}, t.existing);
    assert.equal(new NodeResourcesFit().score(new CycleState(), pod, ni), t.least);
    assert.equal(new BalancedAllocation().score(new CycleState(), pod, ni), t.balanced);
  });
}
