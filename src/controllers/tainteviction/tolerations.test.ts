import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchingTolerations, minTolerationSeconds, toleratesTaint } from './tolerations.ts';

const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };

test('toleratesTaint as Toleration.ToleratesTaint', () => {
  assert.equal(toleratesTaint({ key: unreachable.key, operator: 'Exists', effect: 'NoExecute' }, unreachable), true);
  assert.equal(toleratesTaint({ key: unreachable.key, operator: 'Exists', effect: 'NoSchedule' }, unreachable), false);
  assert.equal(toleratesTaint({ operator: 'Exists' }, unreachable), true, 'empty key and effect tolerate everything');
  assert.equal(toleratesTaint({ key: 'k', value: 'v' }, { key: 'k', value: 'v', effect: 'NoExecute' }), true, 'Equal is the default');
  assert.equal(toleratesTaint({ key: 'k', value: 'w', operator: 'Equal' }, { key: 'k', value: 'v', effect: 'NoExecute' }), false);
});

test('every taint must be tolerated; the first matching toleration is used', () => {
  const tolerations = [{ key: unreachable.key, operator: 'Exists' as const, tolerationSeconds: 300 }, { operator: 'Exists' as const }];
  assert.deepEqual(matchingTolerations([unreachable], tolerations), { all: true, used: [tolerations[0]] });
  assert.equal(matchingTolerations([unreachable, { key: 'other', effect: 'NoExecute' }], [tolerations[0]]).all, false);
});

test('minimum toleration time: shortest seconds, 0 for non-positive, -1 for forever', () => {
  assert.equal(minTolerationSeconds([{ tolerationSeconds: 300 }, { tolerationSeconds: 60 }, {}]), 60);
  assert.equal(minTolerationSeconds([{}, { tolerationSeconds: null }]), -1);
  assert.equal(minTolerationSeconds([{ tolerationSeconds: -5 }, { tolerationSeconds: 60 }]), 0);
  assert.equal(minTolerationSeconds([]), 0);
});
