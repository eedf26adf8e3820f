import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../framework/cycle-state.ts';
import { NodeInfo } from '../framework/node-info.ts';
import { PodInfo } from '../framework/pod-info.ts';
import { Status } from '../framework/status.ts';
import { makeNode, makePod } from '../testing.ts';
import { NodeName } from './node-name.ts';
import { NodePorts } from './node-ports.ts';
import { NodeUnschedulable } from './node-unschedulable.ts';

const portCases: { name: string; used: number[]; wanted: number[]; fits: boolean }[] = [
  { name: 'free port', used: [80], wanted: [8080], fits: true },
  { name: 'taken port', used: [80, 443], wanted: [443], fits: false },
  { name: 'no host ports on the node', used: [], wanted: [80], fits: true },
];

for (const t of portCases) {
  test(`NodePorts filter: ${t.name}`, () => {
    const ni = new NodeInfo('n', makeNode('n'));
    if (t.used.length) ni.addPod(new PodInfo(makePod('e', { hostPorts: t.used, nodeName: 'n' }), 0));
    const s = new NodePorts().filter(new CycleState(), new PodInfo(makePod('p', { hostPorts: t.wanted }), 0), ni);
    assert.deepEqual([...s.reasons], t.fits ? [] : ["node(s) didn't have free ports for the requested pod ports"]);
    if (!t.fits) assert.equal(s.code, 'Unschedulable');
  });
}

test('NodePorts PreFilter skips pods without host ports', () => {
  assert.equal((new NodePorts().preFilter(new CycleState(), new PodInfo(makePod('p'), 0)) as Status).code, 'Skip');
});

const cordonCases: { name: string; unschedulable: boolean; tolerates: boolean; fits: boolean }[] = [
  { name: 'schedulable node', unschedulable: false, tolerates: false, fits: true },
  { name: 'cordoned node', unschedulable: true, tolerates: false, fits: false },
  { name: 'cordoned node, tolerated', unschedulable: true, tolerates: true, fits: true },
];

for (const t of cordonCases) {
  test(`NodeUnschedulable filter: ${t.name}`, () => {
    const tolerations = t.tolerates ? [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] : undefined;
    const s = new NodeUnschedulable().filter(new CycleState(), new PodInfo(makePod('p', { tolerations }), 0), new NodeInfo('n', makeNode('n', { unschedulable: t.unschedulable })));
    assert.deepEqual([...s.reasons], t.fits ? [] : ['node(s) were unschedulable']);
    if (!t.fits) assert.equal(s.code, 'UnschedulableAndUnresolvable');
  });
}

for (const [want, node, fits] of [[undefined, 'n1', true], ['n1', 'n1', true], ['n2', 'n1', false]] as const) {
  test(`NodeName filter: pod names ${want ?? 'no node'}, node ${node}`, () => {
    const s = new NodeName().filter(new CycleState(), new PodInfo(makePod('p', { spec: { nodeName: want } }), 0), new NodeInfo(node, makeNode(node)));
    assert.deepEqual([...s.reasons], fits ? [] : ["node(s) didn't match the requested node name"]);
  });
}
