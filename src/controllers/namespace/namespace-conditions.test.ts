import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rfc3339 } from '../../util/clock.ts';
import { failureConditions, mergeConditions } from './namespace-conditions.ts';

const T = Date.UTC(2026, 0, 1);
const none = { contentErrors: [], remainingByResource: new Map(), remainingByFinalizer: new Map() };

test('a clean pass yields the five ok conditions', () => {
  const { conditions, changed } = mergeConditions([], failureConditions(none), T);
  assert.equal(changed, true);
  assert.deepEqual(conditions.map((c) => [c.type, c.status, c.reason]), [
    ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered'],
    ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions'],
    ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted'],
    ['NamespaceContentRemaining', 'False', 'ContentRemoved'],
    ['NamespaceFinalizersRemaining', 'False', 'ContentRemoved'],
  ]);
  assert.equal(mergeConditions(conditions, failureConditions(none), T + 1000).changed, false);
});

test('failures are sorted into messages and move lastTransitionTime only on a status flip', () => {
  const first = mergeConditions([], failureConditions(none), T).conditions;
  const findings = {
    contentErrors: ['b failed', 'a failed'],
    remainingByResource: new Map([['pods.', 2], ['deployments.apps', 1]]),
    remainingByFinalizer: new Map([['example.com/x', 1]]),
    discoveryError: 'Discovery failed for some groups',
  };
  const { conditions } = mergeConditions(first, failureConditions(findings), T + 5000);
  const byType = Object.fromEntries(conditions.map((c) => [c.type, c]));
  assert.equal(byType.NamespaceContentRemaining.message, 'Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances');
  assert.equal(byType.NamespaceDeletionContentFailure.message, 'Failed to delete all resource types, 2 remaining: a failed, b failed');
  assert.equal(byType.NamespaceDeletionDiscoveryFailure.reason, 'DiscoveryFailed');
  assert.equal(byType.NamespaceFinalizersRemaining.lastTransitionTime, rfc3339(T + 5000));
  assert.equal(byType.NamespaceDeletionGroupVersionParsingFailure.lastTransitionTime, rfc3339(T), 'unchanged conditions keep their time');
});
