import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { rfc3339 } from '../../util/clock.ts';
import {
  countHealthyPods, disruptedPodMap, expectedPodCount, failSafeStatus, nextPdbStatus, scaledValue, usesControllerScale,
} from './pdb-status.ts';

const NOW = Date.UTC(2026, 0, 1, 12);

function pod(name: string, o: { ready?: boolean; deleting?: boolean } = {}): KubeObject {
  return {
    metadata: { name, ...(o.deleting ? { deletionTimestamp: rfc3339(NOW) } : {}) },
    status: { conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
  };
}

test('int-or-percent scaling as GetScaledValueFromIntOrPercent', () => {
  assert.equal(scaledValue(3, 10, true), 3);
  assert.equal(scaledValue('25%', 10, true), 3);
  assert.equal(scaledValue('25%', 10, false), 2);
  assert.equal(scaledValue('100%', 7, true), 7);
  assert.throws(() => scaledValue('abc', 10, true), /invalid value for IntOrString: invalid value "abc"/);
});

test('expected and desired counts for minAvailable and maxUnavailable', () => {
  assert.deepEqual(expectedPodCount({ minAvailable: 2 }, 5, undefined), { expectedCount: 5, desiredHealthy: 2 }, 'integer minAvailable counts the pods');
  assert.equal(usesControllerScale({ minAvailable: 2 }), false);
  assert.deepEqual(expectedPodCount({ minAvailable: '50%' }, 3, 5), { expectedCount: 5, desiredHealthy: 3 }, 'percentages use the controllers\' scale, rounded up');
  assert.deepEqual(expectedPodCount({ maxUnavailable: 1 }, 3, 4), { expectedCount: 4, desiredHealthy: 3 });
  assert.deepEqual(expectedPodCount({ maxUnavailable: '30%' }, 3, 4), { expectedCount: 4, desiredHealthy: 2 }, 'ceil(1.2) = 2 unavailable');
  assert.deepEqual(expectedPodCount({ maxUnavailable: 9 }, 3, 4), { expectedCount: 4, desiredHealthy: 0 });
  assert.ok(usesControllerScale({ maxUnavailable: 0 }) && usesControllerScale({ minAvailable: '10%' }));
});

test('healthy pods exclude unready, terminating and recently evicted pods', () => {
  const pods = [pod('a'), pod('b', { ready: false }), pod('c', { deleting: true }), pod('d'), pod('e')];
  const recent = rfc3339(NOW - 60_000);
  const stale = rfc3339(NOW - 3 * 60_000);
  const { map, expired, recheckAt } = disruptedPodMap(pods, { d: recent, e: stale, c: recent, gone: recent }, NOW);
  assert.deepEqual(map, { d: recent });
  assert.deepEqual(expired.map((p) => p.metadata.name), ['e']);
  assert.equal(recheckAt, Date.parse(recent) + 120_000);
  assert.equal(countHealthyPods(pods, map, NOW), 2, 'a and e');
});

test('the status: disruptions allowed, condition, and no write when current', () => {
  const pdb: KubeObject = { metadata: { name: 'p', generation: 2 }, spec: { minAvailable: 2 } };
  const status = nextPdbStatus(pdb, { currentHealthy: 3, desiredHealthy: 2, expectedCount: 3, disruptedPods: {} }, NOW)!;
  assert.deepEqual(status, {
    observedGeneration: 2, disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3,
    conditions: [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 2, lastTransitionTime: rfc3339(NOW) }],
  });
  assert.equal(nextPdbStatus({ ...pdb, status }, { currentHealthy: 3, desiredHealthy: 2, expectedCount: 3, disruptedPods: {} }, NOW + 1000), undefined);
  const short = nextPdbStatus({ ...pdb, status }, { currentHealthy: 1, desiredHealthy: 2, expectedCount: 3, disruptedPods: {} }, NOW + 5000)!;
  assert.equal(short.disruptionsAllowed, 0, 'never negative');
  assert.deepEqual([short.conditions![0].status, short.conditions![0].reason, short.conditions![0].lastTransitionTime], ['False', 'InsufficientPods', rfc3339(NOW + 5000)]);
  const none = nextPdbStatus(pdb, { currentHealthy: 3, desiredHealthy: 0, expectedCount: 0, disruptedPods: {} }, NOW)!;
  assert.equal(none.disruptionsAllowed, 0, 'a PDB expecting no pods allows nothing');
});

test('failSafe allows nothing and says why', () => {
  const pdb: KubeObject = { metadata: { name: 'p', generation: 1 }, status: { disruptionsAllowed: 3, currentHealthy: 4, desiredHealthy: 1, expectedPods: 4, observedGeneration: 1 } };
  const s = failSafeStatus(pdb, new Error('found no controllers for pod "x"'), NOW);
  assert.equal(s.disruptionsAllowed, 0);
  assert.deepEqual([s.conditions![0].reason, s.conditions![0].message], ['SyncFailed', 'found no controllers for pod "x"']);
});
