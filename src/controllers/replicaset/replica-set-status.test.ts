import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock, rfc3339 } from '../../util/clock.ts';
import type { Pod, ReplicaSet } from '../common/workload-types.ts';
import { calculateReplicaSetStatus, replicaSetStatusWire } from './replica-set-status.ts';

const clock = new FakeClock(Date.UTC(2026, 0, 1, 12));
const rs: ReplicaSet = {
  metadata: { name: 'web-1', generation: 3 },
  spec: { replicas: 3, minReadySeconds: 10, template: { metadata: { labels: { app: 'web', tier: 'front' } } } },
  status: { replicas: 0 },
};
const pod = (name: string, o: { labels?: Record<string, string>; readyAgoMs?: number }): Pod => ({
  metadata: { name, labels: o.labels ?? { app: 'web', tier: 'front' } },
  status: {
    phase: 'Running',
    conditions: o.readyAgoMs === undefined ? [] : [{ type: 'Ready', status: 'True', lastTransitionTime: rfc3339(clock.now() - o.readyAgoMs) }],
  },
});

test('counts fully labelled, ready and available (ready for minReadySeconds) pods', () => {
  const pods = [pod('a', { readyAgoMs: 60_000 }), pod('b', { readyAgoMs: 5_000 }), pod('c', { labels: { app: 'web' } })];
  const status = calculateReplicaSetStatus(rs, pods, { clock });
  assert.deepEqual({ ...status, conditions: undefined }, { replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, conditions: undefined });
});

test('a failure to create pods sets ReplicaFailure/FailedCreate with the error; success removes it', () => {
  const failed = calculateReplicaSetStatus(rs, [], { clock, manageError: new Error('pods "web-1-x" is forbidden: exceeded quota') });
  assert.deepEqual(failed.conditions, [{
    type: 'ReplicaFailure', status: 'True', lastTransitionTime: rfc3339(clock.now()), reason: 'FailedCreate',
    message: 'pods "web-1-x" is forbidden: exceeded quota',
  }]);
  const recovered = calculateReplicaSetStatus({ ...rs, status: failed }, [], { clock });
  assert.equal(recovered.conditions, undefined);
});

test('status is marshalled as Go does: replicas always, other counts only when non-zero', () => {
  assert.deepEqual(replicaSetStatusWire({ replicas: 0, readyReplicas: 0, availableReplicas: 2, observedGeneration: 3 }), { replicas: 0, availableReplicas: 2, observedGeneration: 3 });
});
