import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allTrue, error } from './testing.ts';


test('sets.contains, sets.equivalent, sets.intersects (cel-go ext examples)', () => {
  allTrue([
    'sets.contains([], [])', 'sets.contains([1], [])', 'sets.contains([1], [1])', 'sets.contains([1, 2, 3, 4], [2, 3])', '!sets.contains([1, 2, 3], [3, 4])',
    'sets.equivalent([], [])', 'sets.equivalent([1], [1, 1])', 'sets.equivalent([1, 2, 3], [3, 2, 1])', '!sets.equivalent([2, 1], [1])',
    'sets.intersects([1], [1, 2])', '!sets.intersects([1], [2])', '!sets.intersects([], [])',
  ]);
  assert.equal(error("sets.contains([1], ['a'])").includes('found no matching overload'), true);
});
