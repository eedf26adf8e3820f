import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Affinity } from '../api-types.ts';
import { CycleState } from '../framework/cycle-state.ts';
import { PreFilterResult } from '../framework/interface.ts';
import { NodeInfo } from '../framework/node-info.ts';
import { PodInfo } from '../framework/pod-info.ts';
import { Status } from '../framework/status.ts';
import { makeNode, makePod } from '../testing.ts';
import { NodeAffinity } from './node-affinity.ts';

const REASON = "node(s) didn't match Pod's node affinity/selector";
const required = (...terms: object[]): Affinity => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });

const cases: { name: string; nodeSelector?: Record<string, string>; affinity?: Affinity; labels: Record<string, string>; fits: boolean }[] = [
  { name: 'nodeSelector matches', nodeSelector: { disk: 'ssd' }, labels: { disk: 'ssd' }, fits: true },
  { name: 'nodeSelector does not match', nodeSelector: { disk: 'ssd' }, labels: { disk: 'hdd' }, fits: false },
  { name: 'nodeSelector key missing', nodeSelector: { disk: 'ssd' }, labels: {}, fits: false },
  { name: 'required affinity In', affinity: required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }), labels: { zone: 'b' }, fits: true },
  { name: 'required affinity NotIn', affinity: required({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }), labels: { zone: 'a' }, fits: false },
  { name: 'both must hold', nodeSelector: { disk: 'ssd' }, affinity: required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }), labels: { disk: 'ssd', zone: 'b' }, fits: false },
];

for (const t of cases) {
  test(`NodeAffinity filter: ${t.name}`, () => {
    const plugin = new NodeAffinity();
    const pod = new PodInfo(makePod('p', { nodeSelector: t.nodeSelector, affinity: t.affinity }), 0);
    const state = new CycleState();
    const pre = plugin.preFilter(state, pod);
    assert.ok(pre instanceof Status && pre.isSuccess());
    const s = plugin.filter(state, pod, new NodeInfo('n', makeNode('n', { labels: t.labels })));
    assert.deepEqual([...s.reasons], t.fits ? [] : [REASON]);
    assert.equal(s.code, t.fits ? 'Success' : 'UnschedulableAndUnresolvable');
  });
}

test('NodeAffinity PreFilter skips pods without node constraints', () => {
  assert.equal((new NodeAffinity().preFilter(new CycleState(), new PodInfo(makePod('p'), 0)) as Status).code, 'Skip');
});

test('NodeAffinity PreFilter narrows nodes named by metadata.name', () => {
  const pod = new PodInfo(makePod('p', { affinity: required(
    { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1', 'n2'] }] },
    { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n3'] }] },
  ) }), 0);
  const r = new NodeAffinity().preFilter(new CycleState(), pod);
  assert.ok(r instanceof PreFilterResult);
  assert.deepEqual([...r.nodeNames].sort(), ['n1', 'n2', 'n3']);
});

test('NodeAffinity score: preferred weights, normalized to 100', () => {
  const plugin = new NodeAffinity();
  const pod = new PodInfo(makePod('p', { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
    { weight: 2, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
    { weight: 6, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
  ] } } }), 0);
  const state = new CycleState();
  assert.equal(plugin.preScore(state, pod).code, 'Success');
  const nodes = ([{ zone: 'a' }, { disk: 'ssd' }, { zone: 'a', disk: 'ssd' }, {}] as Record<string, string>[]).map((l, i) => new NodeInfo(`n${i}`, makeNode(`n${i}`, { labels: l })));
  const scores = Float64Array.from(nodes.map((n) => plugin.score(state, pod, n)));
  plugin.normalizeScore(state, pod, scores);
  assert.deepEqual([...scores], [25, 75, 100, 0]);
});
