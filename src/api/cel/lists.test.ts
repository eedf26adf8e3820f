import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { evaluateExpression } from './evaluate.ts';

const value = (expr: string, vars: Record<string, unknown> = {}) => {
  const r = evaluateExpression(expr, vars);
  assert.equal(r.kind, 'value', `${expr}: ${inspect(r)}`);
  return (r as { value: unknown }).value;
};
const error = (expr: string) => {
  const r = evaluateExpression(expr);
  assert.equal(r.kind, 'error', expr);
  return (r as { message: string }).message;
};

test('isSorted (lists.go examples)', () => {
  assert.equal(value('[1, 2, 3].isSorted()'), true);
  assert.equal(value("['a', 'b', 'b', 'c'].isSorted()"), true);
  assert.equal(value('[2.0, 1.0].isSorted()'), false);
  assert.equal(value('[1].isSorted()'), true);
  assert.equal(value('[].isSorted()'), true);
});

test('sum of ints, doubles and durations; 0 for an empty list', () => {
  assert.equal(value('[1, 3].sum()'), 4n);
  assert.equal(value('[1.0, 3.0].sum()'), 4);
  assert.equal(value("[duration('1m'), duration('1s')].sum() == duration('1m1s')"), true);
  assert.equal(value('[].sum()'), 0n);
  assert.equal(error('[9223372036854775807, 1].sum()'), 'integer overflow');
});

test('min and max; an empty list is an error', () => {
  assert.equal(value('[1, 3].min()'), 1n);
  assert.equal(value('[1, 3].max()'), 3n);
  assert.equal(value('[1].min()'), 1n);
  assert.equal(value("['b', 'a'].min()"), 'a');
  assert.equal(error('[].min()'), 'min called on empty list');
});

test('indexOf and lastIndexOf use CEL equality', () => {
  assert.equal(value('[1, 2, 2, 3].indexOf(2)'), 1n);
  assert.equal(value("['a', 'b', 'b', 'c'].lastIndexOf('b')"), 2n);
  assert.equal(value('[1.0].indexOf(1.1)'), -1n);
  assert.equal(value("[].indexOf('string')"), -1n);
  assert.equal(value('[{"a": 1}, {"a": 2}].indexOf({"a": 2})'), 1n);
});

test('the kubernetes.io examples (over typed lists: a dyn list takes the first overload\'s type)', () => {
  assert.equal(value('[0.25, 0.75].sum() == 1.0'), true);
  assert.equal(value('[{"p": 1}, {"p": 2}].map(x, x.p).max() < [{"p": 3}].map(x, x.p).min()'), true);
  assert.equal(value("['x', 'should-be-first'].indexOf('should-be-first') == 1"), true);
});

test('lists of objects are not comparable', () => {
  assert.match(error('[[1]].isSorted()'), /found no matching overload for 'isSorted'/);
});
