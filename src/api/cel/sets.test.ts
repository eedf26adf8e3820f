import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { evaluateExpression } from './evaluate.ts';

const value = (expr: string): unknown => {
  const r = evaluateExpression(expr);
  assert.equal(r.kind, 'value', `${expr}: ${inspect(r)}`);
  return (r as { value: unknown }).value;
};
const error = (expr: string): string => {
  const r = evaluateExpression(expr);
  assert.equal(r.kind, 'error', `${expr}: ${inspect(r)}`);
  return (r as { message: string }).message;
};
/** Every expression evaluates to true. */
const allTrue = (exprs: readonly string[]): void => { for (const e of exprs) assert.equal(value(e), true, e); };

test('sets.contains, sets.equivalent, sets.intersects (cel-go ext examples)', () => {
  allTrue([
    'sets.contains([], [])', 'sets.contains([1], [])', 'sets.contains([1], [1])', 'sets.contains([1, 2, 3, 4], [2, 3])', '!sets.contains([1, 2, 3], [3, 4])',
    'sets.equivalent([], [])', 'sets.equivalent([1], [1, 1])', 'sets.equivalent([1, 2, 3], [3, 2, 1])', '!sets.equivalent([2, 1], [1])',
    'sets.intersects([1], [1, 2])', '!sets.intersects([1], [2])', '!sets.intersects([], [])',
  ]);
  assert.equal(error("sets.contains([1], ['a'])").includes('found no matching overload'), true);
});
