import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from './cycle-state.ts';
import type { FilterPlugin, PreFilterPlugin, PreScorePlugin, Profile, ScorePlugin } from './interface.ts';
import { NodeInfo } from './node-info.ts';
import { PodInfo } from './pod-info.ts';
import { SKIP, SUCCESS, type Status, unschedulable } from './status.ts';
import { MemoryCluster } from '../memory-cluster.ts';
import { Scheduler } from '../scheduler.ts';
import { makeNode, makePod } from '../testing.ts';
import { FakeClock } from '../../util/clock.ts';
import { PrioritySort } from '../plugins/priority-sort.ts';

/** A framework with the given plugins (plus a queue sort) on an empty in-memory cluster. */
function frameworkWith(plugins: Record<string, () => object>, profile: Profile['plugins']) {
  const clock = new FakeClock();
  const cluster = new MemoryCluster(clock);
  const registry = { PrioritySort: () => new PrioritySort(), ...Object.fromEntries(Object.entries(plugins).map(([k, f]) => [k, () => f() as never])) };
  return new Scheduler({ clock, writer: cluster, listers: cluster, registry, profile: { schedulerName: 'test', plugins: [{ name: 'PrioritySort' }, ...profile] } }).framework;
}

const calls: string[] = [];
class Recording implements PreFilterPlugin, FilterPlugin {
  constructor(readonly name: string, private readonly pre: Status, private readonly verdict: Status) {}
  preFilter(): Status { calls.push(`${this.name}.preFilter`); return this.pre; }
  filter(_s: CycleState, _p: PodInfo, n: NodeInfo): Status { calls.push(`${this.name}.filter(${n.name})`); return this.verdict; }
}

test('a PreFilter Skip turns that plugin\'s Filter off; the first failing Filter stops the node', () => {
  calls.length = 0;
  const fw = frameworkWith({
    A: () => new Recording('A', SKIP, unschedulable('never')),
    B: () => new Recording('B', SUCCESS, unschedulable('no room')),
    C: () => new Recording('C', SUCCESS, SUCCESS),
  }, [{ name: 'A' }, { name: 'B' }, { name: 'C' }]);
  const state = new CycleState();
  const pod = new PodInfo(makePod('p'), 0);
  const node = new NodeInfo('n1', makeNode('n1'));
  assert.equal(fw.runPreFilterPlugins(state, pod, [node]).status.isSuccess(), true);
  const s = fw.runFilterPlugins(state, pod, node);
  assert.deepEqual({ reasons: s.reasons, plugin: s.plugin }, { reasons: ['no room'], plugin: 'B' });
  assert.deepEqual(calls, ['A.preFilter', 'B.preFilter', 'C.preFilter', 'B.filter(n1)']);
});

test('a PreFilter rejection is reported with its plugin', () => {
  const fw = frameworkWith({ A: () => new Recording('A', unschedulable('nope'), SUCCESS) }, [{ name: 'A' }]);
  const r = fw.runPreFilterPlugins(new CycleState(), new PodInfo(makePod('p'), 0), []);
  assert.deepEqual({ code: r.status.code, plugin: r.status.plugin, message: r.status.message() }, { code: 'Unschedulable', plugin: 'A', message: 'nope' });
});

class Fixed implements PreScorePlugin, ScorePlugin {
  constructor(readonly name: string, private readonly scores: Record<string, number>, private readonly skip = false) {}
  preScore(): Status { return this.skip ? SKIP : SUCCESS; }
  score(_s: CycleState, _p: PodInfo, n: NodeInfo): number { return this.scores[n.name]; }
}

test('scores are summed with their weights; skipped plugins do not score', () => {
  const fw = frameworkWith({
    X: () => new Fixed('X', { a: 10, b: 50 }),
    Y: () => new Fixed('Y', { a: 100, b: 0 }),
    Z: () => new Fixed('Z', { a: 0, b: 100 }, true),
  }, [{ name: 'X', weight: 3 }, { name: 'Y', weight: 1 }, { name: 'Z', weight: 5 }]);
  const state = new CycleState();
  const pod = new PodInfo(makePod('p'), 0);
  const nodes = [new NodeInfo('a', makeNode('a')), new NodeInfo('b', makeNode('b'))];
  assert.equal(fw.runPreScorePlugins(state, pod, nodes).isSuccess(), true);
  assert.deepEqual([...fw.runScorePlugins(state, pod, nodes)], [130, 150]);
});

test('a score outside [0, 100] after normalizing is an error', () => {
  const fw = frameworkWith({ X: () => new Fixed('X', { a: 101 }) }, [{ name: 'X' }]);
  const nodes = [new NodeInfo('a', makeNode('a'))];
  assert.throws(() => fw.runScorePlugins(new CycleState(), new PodInfo(makePod('p'), 0), nodes), /plugin "X" returns an invalid score 101/);
});

test('an unknown plugin in a profile is refused', () => {
  assert.throws(() => frameworkWith({}, [{ name: 'Nope' }]), /plugin "Nope" does not exist/);
});
