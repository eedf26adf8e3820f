import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../field-error.ts';
import { formatLabelSelector, formatSetSelector, labelSelectorMatches, validateLabelSelector } from './label-selector.ts';

test('matchExpressions need values for In/NotIn and none for Exists/DoesNotExist', () => {
  const errs = validateLabelSelector({
    matchExpressions: [{ key: 'a', operator: 'In', values: [] }, { key: 'b', operator: 'Exists', values: ['x'] }, { key: 'c', operator: 'Near' }],
  }, 'spec.selector');
  assert.deepEqual(errs.map(formatFieldError), [
    "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    'spec.selector.matchExpressions[2].operator: Invalid value: "Near": not a valid selector operator',
  ]);
});

test('matchLabels are validated as labels', () => {
  assert.deepEqual(validateLabelSelector({ matchLabels: { 'a b': 'c' } }, 'spec.selector').map((e) => e.field), ['spec.selector.matchLabels']);
  assert.deepEqual(validateLabelSelector(undefined, 'spec.selector'), []);
});

test('matching: a nil selector matches nothing, an empty one everything', () => {
  assert.equal(labelSelectorMatches(undefined, { a: 'b' }), false);
  assert.equal(labelSelectorMatches({}, { a: 'b' }), true);
  const sel = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] };
  assert.equal(labelSelectorMatches(sel, { app: 'web' }), true);
  assert.equal(labelSelectorMatches(sel, { app: 'web', tier: 'db' }), false);
  assert.equal(labelSelectorMatches(sel, { app: 'api' }), false);
});

test('string form sorts by key, as Selector.String()', () => {
  assert.equal(formatLabelSelector({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['y', 'x'] }, { key: 'd', operator: 'DoesNotExist' }] }),
    'a=1,b=2,c in (x,y),!d');
  assert.equal(formatSetSelector({ z: '1', app: 'web' }), 'app=web,z=1');
  assert.equal(formatLabelSelector(undefined), '');
});
