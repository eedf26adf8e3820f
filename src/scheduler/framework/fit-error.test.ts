import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitErrorMessage, newDiagnosis } from './fit-error.ts';
import { NodeInfo } from './node-info.ts';
import { Status, unresolvable } from './status.ts';

test('counts reasons per node, formats "<count> <reason>" and sorts them as strings', () => {
  const d = newDiagnosis();
  d.nodeToStatus.set('a', new Status('Unschedulable', ['Insufficient cpu', 'Insufficient memory']));
  d.nodeToStatus.set('b', new Status('Unschedulable', ['Insufficient cpu']));
  d.nodeToStatus.set('c', unresolvable("node(s) didn't match Pod's node affinity/selector"));
  assert.equal(fitErrorMessage(3, d), "0/3 nodes are available: 1 Insufficient memory, 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu.");
});

test('appends the PostFilter message as is', () => {
  const d = newDiagnosis();
  for (const n of ['a', 'b', 'c']) d.nodeToStatus.set(n, new Status('Unschedulable', ['Insufficient cpu']));
  d.postFilterMsg = 'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
  assert.equal(fitErrorMessage(3, d), '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
});

test('a PreFilter message replaces the per-node counts', () => {
  const d = newDiagnosis();
  d.preFilterMsg = 'persistentvolumeclaim "x" not found';
  d.nodeToStatus.absentNodesStatus = unresolvable('persistentvolumeclaim "x" not found');
  assert.equal(fitErrorMessage(2, d), '0/2 nodes are available: persistentvolumeclaim "x" not found.');
});

test('absent nodes count with the absent status reasons', () => {
  const d = newDiagnosis();
  d.nodeToStatus.absentNodesStatus = unresolvable('Preemption is not helpful for scheduling');
  d.nodeToStatus.set('a', unresolvable('No preemption victims found for incoming pod'));
  assert.equal(fitErrorMessage(3, d), '0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.');
});

test('nodesForStatusCode includes absent nodes only when their status has the code', () => {
  const d = newDiagnosis();
  d.nodeToStatus.set('a', new Status('Unschedulable', ['x']));
  const nodes = [new NodeInfo('a'), new NodeInfo('b')];
  assert.deepEqual(d.nodeToStatus.nodesForStatusCode(nodes, 'Unschedulable').map((n) => n.name), ['a']);
  d.nodeToStatus.absentNodesStatus = new Status('Unschedulable', ['y']);
  assert.deepEqual(d.nodeToStatus.nodesForStatusCode(nodes, 'Unschedulable').map((n) => n.name), ['a', 'b']);
});
