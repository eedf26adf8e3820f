import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareKubeAwareVersions } from './kube-aware-version.ts';

test('versions sort as kube orders CRD versions: GA, then beta, then alpha, then the rest alphabetically', () => {
  const shuffled = ['foo10', 'v11alpha2', 'v1', 'v3beta1', 'v12alpha1', 'v10beta3', 'foo1', 'v2', 'v11beta2', 'v10'];
  assert.deepEqual([...shuffled].sort(compareKubeAwareVersions),
    ['v10', 'v2', 'v1', 'v11beta2', 'v10beta3', 'v3beta1', 'v12alpha1', 'v11alpha2', 'foo1', 'foo10']);
});
