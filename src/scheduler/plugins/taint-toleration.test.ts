import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Taint, Toleration } from '../api-types.ts';
import { CycleState } from '../framework/cycle-state.ts';
import { NodeInfo } from '../framework/node-info.ts';
import { PodInfo } from '../framework/pod-info.ts';
import { makeNode, makePod } from '../testing.ts';
import { TaintToleration } from './taint-toleration.ts';

const filterCases: { name: string; taints: Taint[]; tolerations?: Toleration[]; want: string[] }[] = [
  { name: 'no taints', taints: [], want: [] },
  { name: 'untolerated NoSchedule', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], want: ['node(s) had untolerated taint {dedicated: gpu}'] },
  { name: 'an empty value prints as "{key: }"', taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }], want: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'] },
  { name: 'untolerated NoExecute', taints: [{ key: 'k', value: 'v', effect: 'NoExecute' }], want: ['node(s) had untolerated taint {k: v}'] },
  { name: 'PreferNoSchedule does not filter', taints: [{ key: 'k', value: 'v', effect: 'PreferNoSchedule' }], want: [] },
  { name: 'tolerated with Equal', taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }], tolerations: [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }], want: [] },
  { name: 'Equal with another value', taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }], tolerations: [{ key: 'k', value: 'w' }], want: ['node(s) had untolerated taint {k: v}'] },
  { name: 'Exists with an empty effect tolerates every effect', taints: [{ key: 'k', value: 'v', effect: 'NoExecute' }], tolerations: [{ key: 'k', operator: 'Exists' }], want: [] },
  { name: 'an empty key with Exists tolerates everything', taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoExecute' }], tolerations: [{ operator: 'Exists' }], want: [] },
  { name: 'a toleration of another effect does not help', taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }], tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute' }], want: ['node(s) had untolerated taint {k: v}'] },
  { name: 'the first untolerated taint is reported', taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', value: '1', effect: 'NoSchedule' }], tolerations: [{ key: 'a', operator: 'Exists' }], want: ['node(s) had untolerated taint {b: 1}'] },
];

for (const t of filterCases) {
  test(`TaintToleration filter: ${t.name}`, () => {
    const s = new TaintToleration().filter(new CycleState(), new PodInfo(makePod('p', { tolerations: t.tolerations }), 0), new NodeInfo('n', makeNode('n', { taints: t.taints })));
    assert.deepEqual([...s.reasons], t.want);
    assert.equal(s.code, t.want.length ? 'UnschedulableAndUnresolvable' : 'Success');
  });
}

test('TaintToleration score: fewer untolerated PreferNoSchedule taints score higher', () => {
  const plugin = new TaintToleration();
  const pod = new PodInfo(makePod('p', { tolerations: [{ key: 'tolerated', operator: 'Exists', effect: 'PreferNoSchedule' }] }), 0);
  const nodes = [
    new NodeInfo('clean', makeNode('clean')),
    new NodeInfo('one', makeNode('one', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }] })),
    new NodeInfo('two', makeNode('two', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', effect: 'PreferNoSchedule' }, { key: 'tolerated', effect: 'PreferNoSchedule' }] })),
  ];
  const state = new CycleState();
  plugin.preScore(state, pod);
  const scores = Float64Array.from(nodes.map((n) => plugin.score(state, pod, n)));
  assert.deepEqual([...scores], [0, 1, 2]);
  plugin.normalizeScore(state, pod, scores);
  assert.deepEqual([...scores], [100, 50, 0]);
});
