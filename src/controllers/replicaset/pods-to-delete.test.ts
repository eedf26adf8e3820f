import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../common/workload-types.ts';
import { getPodsToDelete } from './pods-to-delete.ts';

const NOW = Date.UTC(2026, 0, 1);
const pod = (name: string, node: string, phase = 'Running'): Pod => ({
  metadata: { name, uid: name, creationTimestamp: '2025-12-31T00:00:00Z' },
  spec: { nodeName: node },
  status: { phase, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2025-12-31T00:00:00Z' }] },
});

test('pods sharing a node with more related pods are deleted first', () => {
  const mine = [pod('a', 'n1'), pod('b', 'n2'), pod('c', 'n3')];
  // a sibling set (same Deployment) crowds n2
  const related = [...mine, pod('s1', 'n2'), pod('s2', 'n2'), pod('gone', 'n3', 'Failed')];
  assert.deepEqual(getPodsToDelete(mine, related, { diff: 1, nowMs: NOW }).map((p) => p.metadata.name), ['b']);
});

test('deleting every pod needs no ranking', () => {
  const mine = [pod('a', 'n1'), pod('b', 'n2')];
  assert.deepEqual(getPodsToDelete(mine, [], { diff: 2, nowMs: NOW }), mine);
});
