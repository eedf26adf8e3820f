import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLabelSelector, formatLabels, selectorString } from './labels.ts';

test('formatLabels sorts by key and prints <none> when empty', () => {
  assert.equal(formatLabels({ tier: 'web', app: 'shop' }), 'app=shop,tier=web');
  assert.equal(formatLabels({}), '<none>');
  assert.equal(formatLabels(undefined), '<none>');
});

test('selectorString sorts requirements by key and values within a set', () => {
  const selector = {
    matchLabels: { 'app.kubernetes.io/name': 'web' },
    matchExpressions: [
      { key: 'zone', operator: 'NotIn', values: ['us-west-2c', 'us-west-2a'] },
      { key: 'env', operator: 'In', values: ['prod'] },
      { key: 'canary', operator: 'DoesNotExist' },
      { key: 'team', operator: 'Exists' },
    ],
  };
  assert.equal(selectorString(selector), 'app.kubernetes.io/name=web,!canary,env in (prod),team,zone notin (us-west-2a,us-west-2c)');
});

test('empty, nil and invalid selectors', () => {
  assert.equal(selectorString({}), '');
  assert.equal(formatLabelSelector(undefined), '<none>');
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] }), '<error>');
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), '<error>');
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }), '<error>');
});
