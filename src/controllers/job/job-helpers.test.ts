import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../common/workload-types.ts';
import { BackoffStore, remainingBackoffMs } from './backoff-store.ts';
import {
  addCompletionIndexEnvVariables, calculateSucceededIndexes, duplicatedIndexPodsForRemoval, firstPendingIndexes,
  OrderedIntervals, podGenerateNameWithIndex,
} from './indexed-job.ts';
import { ensureJobConditionStatus } from './job-conditions.ts';
import { JOB_COMPLETION_INDEX, JOB_TRACKING_FINALIZER } from './job-types.ts';

function pod(name: string, o: { index?: number; phase?: string; finalizer?: boolean; ready?: boolean; created?: string } = {}): Pod {
  return {
    metadata: {
      name, uid: `uid-${name}`, creationTimestamp: o.created ?? '2026-01-01T00:00:00Z',
      annotations: o.index === undefined ? {} : { [JOB_COMPLETION_INDEX]: String(o.index) },
      finalizers: o.finalizer === false ? [] : [JOB_TRACKING_FINALIZER],
    },
    spec: {},
    status: { phase: o.phase ?? 'Running', conditions: o.ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }] : [] },
  };
}

test('completed indexes: parse, merge and print as kube does', () => {
  const oi = OrderedIntervals.parse('0,2-4,9', 8);
  assert.equal(oi.toString(), '0,2-4');
  assert.equal(oi.total(), 4);
  assert.equal(oi.withOrderedIndexes([1, 6, 7]).toString(), '0-4,6,7');
  assert.equal(OrderedIntervals.parse('x,3', 5).toString(), '3');
});

test('succeeded indexes count only pods still holding the tracking finalizer', () => {
  const { prev, all } = calculateSucceededIndexes('0', [
    pod('a', { index: 1, phase: 'Succeeded' }),
    pod('b', { index: 2, phase: 'Succeeded', finalizer: false }),
    pod('c', { index: 3, phase: 'Running' }),
    pod('d', { index: 9, phase: 'Succeeded' }),
  ], 4);
  assert.equal(prev.toString(), '0');
  assert.equal(all.toString(), '0,1');
});

test('pending indexes skip succeeded and running ones', () => {
  const nonPending = OrderedIntervals.parse('0,2', 6).withOrderedIndexes([3]);
  assert.deepEqual(firstPendingIndexes(nonPending, 2, 6), [1, 4]);
  assert.deepEqual(firstPendingIndexes(nonPending, 9, 6), [1, 4, 5]);
});

test('duplicate, unknown and out-of-range indexes are removed; the most advanced pod of an index stays', () => {
  const { rm, left } = duplicatedIndexPodsForRemoval([
    pod('old-ready', { index: 0, ready: true }), pod('new', { index: 0, created: '2026-01-01T00:01:00Z' }),
    pod('none'), pod('big', { index: 7 }), pod('one', { index: 1 }),
  ], { completions: 3 });
  assert.deepEqual(rm.map((p) => p.metadata.name).sort(), ['big', 'new', 'none']);
  assert.deepEqual(left.map((p) => p.metadata.name), ['old-ready', 'one']);
});

test('index env var, generate names', () => {
  const t = { spec: { containers: [{ name: 'a' }, { name: 'b', env: [{ name: 'JOB_COMPLETION_INDEX', value: '9' }] }] } };
  addCompletionIndexEnvVariables(t);
  assert.deepEqual((t.spec.containers[0] as { env?: unknown[] }).env, [{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } }]);
  assert.deepEqual(t.spec.containers[1].env, [{ name: 'JOB_COMPLETION_INDEX', value: '9' }]);
  assert.equal(podGenerateNameWithIndex('pi', 3), 'pi-3-');
  assert.equal(podGenerateNameWithIndex('x'.repeat(60), 12).length, 58);
});

test('pod failure back-off: 10s doubling per failure since the last success, capped at 10m', () => {
  const store = new BackoffStore();
  const failedAt = (name: string, at: string): Pod => ({ ...pod(name, { phase: 'Failed' }), status: { phase: 'Failed', containerStatuses: [{ name: 'c', state: { terminated: { finishedAt: at } } } as never] } });
  const now = Date.parse('2026-01-01T00:00:04Z');
  const r1 = store.newBackoffRecord('ns/j', { newSucceeded: [], newFailed: [failedAt('a', '2026-01-01T00:00:00Z')], nowMs: now });
  assert.equal(remainingBackoffMs(r1, now), 6_000);
  store.update(r1);
  const r2 = store.newBackoffRecord('ns/j', { newSucceeded: [], newFailed: [failedAt('b', '2026-01-01T00:00:02Z')], nowMs: now });
  assert.equal(r2.failuresAfterLastSuccess, 2);
  assert.equal(remainingBackoffMs(r2, now), 18_000);
  const succeeded = { ...pod('s', { phase: 'Succeeded' }), status: { phase: 'Succeeded', containerStatuses: [{ name: 'c', state: { terminated: { finishedAt: '2026-01-01T00:00:03Z' } } } as never] } };
  const r3 = store.newBackoffRecord('ns/j', { newSucceeded: [succeeded], newFailed: [], nowMs: now });
  assert.equal(remainingBackoffMs(r3, now), 0);
  assert.equal(remainingBackoffMs({ key: 'k', failuresAfterLastSuccess: 20, lastFailureMs: now }, now), 600_000);
});

test('ensureJobConditionStatus appends, replaces on change, and never appends False', () => {
  const nowMs = Date.parse('2026-01-01T00:00:00Z');
  let r = ensureJobConditionStatus([], { type: 'Suspended', status: 'False', reason: 'JobResumed', nowMs });
  assert.deepEqual(r, { conditions: [], changed: false });
  r = ensureJobConditionStatus([], { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', nowMs });
  assert.equal(r.changed, true);
  assert.deepEqual(ensureJobConditionStatus(r.conditions, { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', nowMs }).changed, false);
  const resumed = ensureJobConditionStatus(r.conditions, { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed', nowMs });
  assert.equal(resumed.conditions[0].status, 'False');
});
