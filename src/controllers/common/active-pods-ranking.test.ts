import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rfc3339 } from '../../util/clock.ts';
import { compareActivePodsWithRanks, deletionCost, POD_DELETION_COST_ANNOTATION, sortActivePodsWithRanks } from './active-pods-ranking.ts';
import type { Pod } from './workload-types.ts';

const NOW = Date.UTC(2026, 0, 1, 12);
const HOUR = 3600_000;

interface PodSpec {
  name: string;
  node?: string;
  phase?: string;
  ready?: boolean;
  readyAgoMs?: number;
  createdAgoMs?: number;
  restarts?: number;
  cost?: string;
  uid?: string;
}

function pod(p: PodSpec): Pod {
  const conditions = p.ready === undefined ? [] : [{ type: 'Ready', status: p.ready ? 'True' : 'False', lastTransitionTime: rfc3339(NOW - (p.readyAgoMs ?? HOUR)) }];
  return {
    metadata: {
      name: p.name, namespace: 'default', uid: p.uid ?? p.name,
      creationTimestamp: rfc3339(NOW - (p.createdAgoMs ?? 2 * HOUR)),
      annotations: p.cost === undefined ? undefined : { [POD_DELETION_COST_ANNOTATION]: p.cost },
    },
    spec: { nodeName: p.node },
    status: { phase: p.phase ?? 'Running', conditions, containerStatuses: [{ name: 'c', restartCount: p.restarts ?? 0 }] },
  };
}

const order = (pods: Pod[], ranks: number[] = pods.map(() => 0)) =>
  sortActivePodsWithRanks(pods.map((p, i) => ({ pod: p, rank: ranks[i] })), NOW).map((r) => r.pod.metadata.name);

test('unscheduled pods are deleted before scheduled ones', () => {
  assert.deepEqual(order([pod({ name: 'scheduled', node: 'n1', ready: false }), pod({ name: 'unscheduled', ready: true })]), ['unscheduled', 'scheduled']);
});

test('Pending < Unknown < Running', () => {
  assert.deepEqual(order([
    pod({ name: 'running', node: 'n1' }), pod({ name: 'unknown', node: 'n1', phase: 'Unknown' }), pod({ name: 'pending', node: 'n1', phase: 'Pending' }),
  ]), ['pending', 'unknown', 'running']);
});

test('not ready < ready', () => {
  assert.deepEqual(order([pod({ name: 'ready', node: 'n1', ready: true }), pod({ name: 'not-ready', node: 'n1', ready: false })]), ['not-ready', 'ready']);
});

test('lower pod-deletion-cost goes first, and outranks node doubling and age', () => {
  const cheap = pod({ name: 'cheap', node: 'n1', ready: true, cost: '-10', createdAgoMs: 100 * HOUR });
  const dear = pod({ name: 'dear', node: 'n2', ready: true, cost: '100', createdAgoMs: 1000 });
  assert.deepEqual(order([dear, cheap], [5, 1]), ['cheap', 'dear']);
  assert.equal(deletionCost(pod({ name: 'bad', cost: 'abc' })), 0);
  assert.equal(deletionCost(pod({ name: 'big', cost: '99999999999' })), 0);
});

test('pods on crowded nodes (higher rank) go first', () => {
  assert.deepEqual(order([pod({ name: 'alone', node: 'n1', ready: true }), pod({ name: 'crowded', node: 'n2', ready: true })], [1, 3]), ['crowded', 'alone']);
});

test('recently ready pods go before long-ready ones, compared on a log2 scale', () => {
  assert.deepEqual(order([
    pod({ name: 'ready-long', node: 'n1', ready: true, readyAgoMs: 10 * HOUR }),
    pod({ name: 'ready-recently', node: 'n1', ready: true, readyAgoMs: 60_000 }),
  ]), ['ready-recently', 'ready-long']);
  // 60 s and 61 s ago fall into the same power-of-two bucket: the uid decides.
  assert.deepEqual(order([
    pod({ name: 'b', uid: 'uid-b', node: 'n1', ready: true, readyAgoMs: 60_000 }),
    pod({ name: 'a', uid: 'uid-a', node: 'n1', ready: true, readyAgoMs: 61_000 }),
  ]), ['a', 'b']);
});

test('more container restarts go first', () => {
  assert.deepEqual(order([pod({ name: 'stable', node: 'n1', phase: 'Pending' }), pod({ name: 'flappy', node: 'n1', phase: 'Pending', restarts: 4 })]), ['flappy', 'stable']);
});

test('newer pods go before older ones', () => {
  assert.deepEqual(order([
    pod({ name: 'old', node: 'n1', phase: 'Pending', createdAgoMs: 48 * HOUR }),
    pod({ name: 'new', node: 'n1', phase: 'Pending', createdAgoMs: 5 * 60_000 }),
  ]), ['new', 'old']);
});

test('the comparator is antisymmetric and 0 for the same pod', () => {
  const a = { pod: pod({ name: 'a', node: 'n1', ready: true }), rank: 0 };
  const b = { pod: pod({ name: 'b', phase: 'Pending' }), rank: 0 };
  assert.ok(compareActivePodsWithRanks(b, a, { nowMs: NOW }) < 0);
  assert.ok(compareActivePodsWithRanks(a, b, { nowMs: NOW }) > 0);
  assert.equal(compareActivePodsWithRanks(a, a, { nowMs: NOW }), 0);
});
