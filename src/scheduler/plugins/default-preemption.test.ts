import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodDisruptionBudget } from '../api-types.ts';
import { CycleState } from '../framework/cycle-state.ts';
import { PodInfo } from '../framework/pod-info.ts';
import { makeNode, makePod, newTestScheduler } from '../testing.ts';
import { ERR_NO_VICTIMS, filterPodsWithPDBViolation, moreImportantPod, pickOneNodeForPreemption, selectVictimsOnNode } from './select-victims.ts';

function nodeWithPods(pods: { name: string; cpu: string; priority: number; labels?: Record<string, string> }[]) {
  const ts = newTestScheduler();
  ts.cluster.addNode(makeNode('n1'));
  for (const p of pods) ts.cluster.addPod(makePod(p.name, { nodeName: 'n1', cpu: p.cpu, priority: p.priority, labels: p.labels }));
  return ts;
}

/** Runs the framework's PreFilter (as the scheduling cycle would) then SelectVictimsOnNode on a copy of n1. */
function victims(ts: ReturnType<typeof nodeWithPods>, pod: ReturnType<typeof makePod>, pdbs: PodDisruptionBudget[] = []) {
  const state = new CycleState();
  const pi = ts.scheduler.podInfoFor(pod);
  ts.scheduler.framework.runPreFilterPlugins(state, pi, ts.scheduler.cache.nodeInfos());
  return selectVictimsOnNode(ts.scheduler.framework, state, pi, ts.scheduler.cache.get('n1')!.clone(), pdbs);
}

const cases: { name: string; running: { name: string; cpu: string; priority: number }[]; cpu: string; priority: number; want: string[] | string }[] = [
  { name: 'evicts only what makes room, least important first', running: [{ name: 'low', cpu: '800m', priority: 1 }, { name: 'mid', cpu: '800m', priority: 5 }], cpu: '1', priority: 10, want: ['low'] },
  { name: 'evicts several when one is not enough', running: [{ name: 'a', cpu: '1', priority: 1 }, { name: 'b', cpu: '1', priority: 2 }], cpu: '2', priority: 10, want: ['b', 'a'] },
  { name: 'never a pod of equal or higher priority', running: [{ name: 'same', cpu: '2', priority: 10 }], cpu: '1', priority: 10, want: ERR_NO_VICTIMS },
  { name: 'no room even without every lower pod', running: [{ name: 'low', cpu: '500m', priority: 1 }, { name: 'high', cpu: '1500m', priority: 100 }], cpu: '1', priority: 10, want: 'Insufficient cpu' },
];

for (const t of cases) {
  test(`SelectVictimsOnNode: ${t.name}`, () => {
    const ts = nodeWithPods(t.running);
    const r = victims(ts, makePod('preemptor', { cpu: t.cpu, priority: t.priority }));
    if (typeof t.want === 'string') assert.equal(r.status.message(), t.want);
    else assert.deepEqual(r.victims?.pods.map((p) => p.name), t.want);
    assert.equal(ts.scheduler.cache.get('n1')!.pods.length, t.running.length, 'the cache is untouched');
  });
}

test('SelectVictimsOnNode reprieves PDB-protected pods first', () => {
  const ts = nodeWithPods([{ name: 'guarded', cpu: '1', priority: 1, labels: { app: 'db' } }, { name: 'free', cpu: '1', priority: 1, labels: { app: 'web' } }]);
  const pdb: PodDisruptionBudget = { metadata: { name: 'db', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'db' } } }, status: { disruptionsAllowed: 0 } };
  const r = victims(ts, makePod('preemptor', { cpu: '1', priority: 10 }), [pdb]);
  assert.deepEqual(r.victims?.pods.map((p) => p.name), ['free']);
  assert.equal(r.victims?.numPDBViolations, 0);
});

test('filterPodsWithPDBViolation spends the budget in order', () => {
  const pods = ['a', 'b', 'c'].map((n) => new PodInfo(makePod(n, { labels: { app: 'db' } }), 0));
  const pdb: PodDisruptionBudget = { metadata: { name: 'db', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'db' } } }, status: { disruptionsAllowed: 1 } };
  const r = filterPodsWithPDBViolation(pods, [pdb]);
  assert.deepEqual(r.nonViolating.map((p) => p.name), ['a']);
  assert.deepEqual(r.violating.map((p) => p.name), ['b', 'c']);
});

test('moreImportantPod: priority, then the earlier start', () => {
  const early = new PodInfo(makePod('early', { startTime: '2026-01-01T00:00:00Z' }), 5);
  const late = new PodInfo(makePod('late', { startTime: '2026-01-01T01:00:00Z' }), 5);
  assert.equal(moreImportantPod(early, late, 0), true);
  assert.equal(moreImportantPod(late, early, 0), false);
  assert.equal(moreImportantPod(new PodInfo(makePod('x'), 6), early, 0), true);
});

test('pickOneNodeForPreemption: fewest PDB violations, then the lowest top victim, then fewest victims', () => {
  const v = (priorities: number[], pdb = 0) => ({ pods: priorities.map((p, i) => new PodInfo(makePod(`v${i}`), p)), numPDBViolations: pdb });
  assert.equal(pickOneNodeForPreemption(new Map([['a', v([1], 1)], ['b', v([5])]]), 0), 'b');
  assert.equal(pickOneNodeForPreemption(new Map([['a', v([5])], ['b', v([3, 3])]]), 0), 'b');
  assert.equal(pickOneNodeForPreemption(new Map([['a', v([3, 1])], ['b', v([3])]]), 0), 'b');
});
