import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IntOrPercentError, scaledValueFromIntOrPercent } from '../common/int-or-percent.ts';
import type { Deployment } from '../common/workload-types.ts';
import { maxSurge, maxUnavailable, minAvailable, resolveFenceposts } from './fenceposts.ts';

test('percentages round surge up and unavailability down, as kube', () => {
  assert.deepEqual(resolveFenceposts({ maxSurge: '25%', maxUnavailable: '25%' }, 10), { maxSurge: 3, maxUnavailable: 2 });
  assert.deepEqual(resolveFenceposts({ maxSurge: '25%', maxUnavailable: '25%' }, 3), { maxSurge: 1, maxUnavailable: 0 });
  assert.deepEqual(resolveFenceposts({ maxSurge: '30%', maxUnavailable: '30%' }, 5), { maxSurge: 2, maxUnavailable: 1 });
  assert.deepEqual(resolveFenceposts({ maxSurge: '100%', maxUnavailable: '0%' }, 7), { maxSurge: 7, maxUnavailable: 0 });
});

test('integers are taken as they are', () => {
  assert.deepEqual(resolveFenceposts({ maxSurge: 2, maxUnavailable: 1 }, 10), { maxSurge: 2, maxUnavailable: 1 });
});

test('two zero fenceposts become maxUnavailable 1 so a rollout can progress (kube examples)', () => {
  // "2 desired, max unavailable 1%, surge 0% - should scale old(-1), then new(+1)…"
  assert.deepEqual(resolveFenceposts({ maxSurge: '0%', maxUnavailable: '1%' }, 2), { maxSurge: 0, maxUnavailable: 1 });
  // "2 desired, max unavailable 25%, surge 1% - should scale new(+1), then old(-1)…"
  assert.deepEqual(resolveFenceposts({ maxSurge: '1%', maxUnavailable: '25%' }, 2), { maxSurge: 1, maxUnavailable: 0 });
  assert.deepEqual(resolveFenceposts({}, 4), { maxSurge: 0, maxUnavailable: 1 });
});

test('malformed values are refused with intstr wording', () => {
  assert.throws(() => scaledValueFromIntOrPercent('25', 10, { roundUp: true }), IntOrPercentError);
  assert.throws(() => scaledValueFromIntOrPercent('x%', 10, { roundUp: true }), /invalid value "x%"/);
});

const deployment = (spec: Deployment['spec']): Deployment => ({ metadata: { name: 'web' }, spec });

test('maxUnavailable is capped at spec.replicas and 0 without replicas or for Recreate', () => {
  assert.equal(maxUnavailable(deployment({ replicas: 3, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 5, maxSurge: 1 } } })), 3);
  assert.equal(maxUnavailable(deployment({ replicas: 0, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } } })), 0);
  assert.equal(maxUnavailable(deployment({ replicas: 4, strategy: { type: 'Recreate' } })), 0);
  assert.equal(maxSurge(deployment({ replicas: 4, strategy: { type: 'Recreate' } })), 0);
});

test('minAvailable is replicas minus maxUnavailable for RollingUpdate only', () => {
  const d = deployment({ replicas: 10, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } } });
  assert.equal(minAvailable(d), 8);
  assert.equal(maxSurge(d), 3);
  assert.equal(minAvailable(deployment({ replicas: 10, strategy: { type: 'Recreate' } })), 0);
});
