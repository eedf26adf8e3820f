import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rfc3339 } from '../../util/clock.ts';
import type { Deployment, ReplicaSet } from '../common/workload-types.ts';
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION } from './annotations.ts';
import { deploymentComplete, deploymentProgressing, deploymentTimedOut, getProportion, isSaturated, newRSNewReplicas } from './rollout-math.ts';

const rolling = (replicas: number, maxSurge: number | string, maxUnavailable: number | string = 0, extra: Partial<Deployment> = {}): Deployment => ({
  metadata: { name: 'web', generation: 2 },
  spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } }, progressDeadlineSeconds: 600 },
  ...extra,
});

const rs = (name: string, replicas: number, o: { available?: number; annotations?: Record<string, string> } = {}): ReplicaSet => ({
  metadata: { name, uid: name, annotations: o.annotations },
  spec: { replicas },
  status: { replicas, availableReplicas: o.available ?? 0 },
});

test('the new set grows by what maxSurge leaves, never past spec.replicas', () => {
  const d = rolling(10, 3);
  const old = rs('old', 10);
  const fresh = rs('new', 0);
  assert.equal(newRSNewReplicas(d, { allRSs: [old, fresh], newRS: fresh }), 3);
  const grown = rs('new', 3);
  assert.equal(newRSNewReplicas(d, { allRSs: [old, grown], newRS: grown }), 3); // 13 pods: at the cap
  assert.equal(newRSNewReplicas(d, { allRSs: [rs('old', 2), rs('new', 8)], newRS: rs('new', 8) }), 10);
  assert.equal(newRSNewReplicas(rolling(3, '25%'), { allRSs: [rs('new', 0)], newRS: rs('new', 0) }), 3);
});

test('Recreate puts the new set straight at spec.replicas', () => {
  const d: Deployment = { metadata: { name: 'web' }, spec: { replicas: 4, strategy: { type: 'Recreate' } } };
  assert.equal(newRSNewReplicas(d, { allRSs: [rs('new', 0)], newRS: rs('new', 0) }), 4);
});

test('a saturated set holds, wants and has available every replica', () => {
  const d = rolling(3, 1);
  assert.equal(isSaturated(d, rs('new', 3, { available: 3, annotations: { [DESIRED_REPLICAS_ANNOTATION]: '3' } })), true);
  assert.equal(isSaturated(d, rs('new', 3, { available: 2, annotations: { [DESIRED_REPLICAS_ANNOTATION]: '3' } })), false);
  assert.equal(isSaturated(d, rs('new', 3, { available: 3, annotations: { [DESIRED_REPLICAS_ANNOTATION]: '2' } })), false);
  assert.equal(isSaturated(d, rs('new', 3, { available: 3 })), false);
});

test('scaling 10 to 20 (+surge) mid-rollout shares the new replicas in proportion', () => {
  // sets sized for 10 + 3 surge: 8 old and 5 new; now 20 + 5 surge allows 25, i.e. 12 more
  const d = rolling(20, '25%');
  const annotations = { [MAX_REPLICAS_ANNOTATION]: '13' };
  const old = rs('old', 8, { annotations });
  const fresh = rs('new', 5, { annotations });
  const toOld = getProportion(old, d, { toAdd: 12, added: 0 });
  const toNew = getProportion(fresh, d, { toAdd: 12, added: toOld });
  assert.deepEqual([toOld, toNew], [Math.round(8 * 25 / 13) - 8, Math.round(5 * 25 / 13) - 5]);
  assert.equal(toOld + toNew, 12);
  // never more than what is left to add
  assert.equal(getProportion(old, d, { toAdd: 12, added: 10 }), 2);
  assert.equal(getProportion(rs('empty', 0), d, { toAdd: 12, added: 0 }), 0);
});

test('a rollout is complete when every replica is updated, available and observed', () => {
  const d = rolling(3, 1);
  assert.equal(deploymentComplete(d, { replicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 2 }), true);
  assert.equal(deploymentComplete(d, { replicas: 4, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 2 }), false);
  assert.equal(deploymentComplete(d, { replicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1 }), false);
});

test('progress means more updated, ready or available pods, or fewer old ones', () => {
  const d = rolling(3, 1, 0, { status: { replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3 } });
  assert.equal(deploymentProgressing(d, { replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3 }), false);
  assert.equal(deploymentProgressing(d, { replicas: 4, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3 }), true);
  assert.equal(deploymentProgressing(d, { replicas: 3, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3 }), true);
  assert.equal(deploymentProgressing(d, { replicas: 4, updatedReplicas: 1, readyReplicas: 4, availableReplicas: 3 }), true);
});

test('a rollout times out progressDeadlineSeconds after its last progress, strictly', () => {
  const t0 = Date.UTC(2026, 0, 1);
  const d = rolling(3, 1);
  const status = (reason: string) => ({ conditions: [{ type: 'Progressing', status: 'True' as const, reason, lastUpdateTime: rfc3339(t0) }] });
  assert.equal(deploymentTimedOut(d, { status: status('ReplicaSetUpdated'), nowMs: t0 + 600_000 }), false);
  assert.equal(deploymentTimedOut(d, { status: status('ReplicaSetUpdated'), nowMs: t0 + 600_001 }), true);
  assert.equal(deploymentTimedOut(d, { status: status('NewReplicaSetAvailable'), nowMs: t0 + 10 * 600_000 }), false);
  assert.equal(deploymentTimedOut(d, { status: status('ProgressDeadlineExceeded'), nowMs: t0 }), true);
  assert.equal(deploymentTimedOut({ ...d, spec: { ...d.spec, progressDeadlineSeconds: 2147483647 } }, { status: status('ReplicaSetUpdated'), nowMs: t0 + 10 * 600_000 }), false);
});
