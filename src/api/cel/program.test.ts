import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CostMeter } from './cost.ts';
import { newCelEnvironment } from './environment.ts';
import { type CompileResult, compileExpression } from './program.ts';

function env() {
  const e = newCelEnvironment();
  e.registerVariable('self', 'list<int>');
  e.registerVariable('oldSelf', 'list<int>');
  return e;
}
const errorOf = (r: CompileResult): string => (r.ok ? '' : r.error);

test('compile errors read as cel-go prints them, with the caret line', () => {
  assert.equal(errorOf(compileExpression(env(), 'x > 1')), "ERROR: <input>:1:1: undeclared reference to 'x' (in container '')\n | x > 1\n | ^");
  assert.equal(errorOf(compileExpression(env(), '1 + "a" == 2')),
    "ERROR: <input>:1:3: found no matching overload for '_+_' applied to '(int, string)'\n | 1 + \"a\" == 2\n | ..^");
  assert.equal(errorOf(compileExpression(env(), 'size(1) == 1')), "ERROR: <input>:1:5: found no matching overload for 'size' applied to '(int)'\n | size(1) == 1\n | ....^");
  assert.equal(errorOf(compileExpression(env(), 'self.nosuch()')), "ERROR: <input>:1:12: undeclared reference to 'nosuch' (in container '')\n | self.nosuch()\n | ...........^");
  assert.match(errorOf(compileExpression(env(), 'self +')), /^ERROR: <input>:1:7: Syntax error: /);
  // the renamed matches keeps its name in messages
  assert.match(errorOf(compileExpression(env(), "'a'.matches(1)")), /found no matching overload for 'matches' applied to 'string\.\(int\)'/);
});

test('errors on a later line point there', () => {
  assert.equal(errorOf(compileExpression(env(), 'self.size() > 0 &&\n  y')), "ERROR: <input>:2:3: undeclared reference to 'y' (in container '')\n |   y\n | ..^");
});

test('a result of the wrong type is reported as such', () => {
  const r = compileExpression(env(), 'self.size()', { resultType: 'bool' });
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.wrongType, 'int');
});

test('a rule reading oldSelf is a transition rule', () => {
  const transition = compileExpression(env(), 'self == oldSelf');
  const plain = compileExpression(env(), 'self.all(oldSelfCount, oldSelfCount > 0)');
  assert.ok(transition.ok && plain.ok);
  assert.equal(transition.ok && transition.program.usesOldSelf, true);
  assert.equal(plain.ok && plain.program.usesOldSelf, false);
});

test('evaluation errors read as cel-go\'s', () => {
  const r = compileExpression(env(), 'self[3] == 1');
  assert.ok(r.ok);
  assert.deepEqual(r.program.evaluate({ self: [1n] }, new CostMeter()), { kind: 'error', message: 'index out of bounds: 3' });
  const div = compileExpression(env(), 'self[0] / 0 == 1');
  assert.ok(div.ok);
  assert.deepEqual(div.program.evaluate({ self: [1n] }, new CostMeter()), { kind: 'error', message: 'division by zero' });
});

test('comprehensions are charged per iteration and stop at the limit', () => {
  const r = compileExpression(env(), 'self.all(x, self.exists(y, y == x))');
  assert.ok(r.ok);
  const small = new CostMeter();
  assert.deepEqual(r.program.evaluate({ self: [1n, 2n, 3n] }, small), { kind: 'value', value: true });
  assert.equal(small.spent, 3 + 3 * 3, 'each comprehension is charged its whole range when it starts');
  const big = Array.from({ length: 3000 }, (_, i) => BigInt(i));
  const meter = new CostMeter(1_000_000);
  assert.deepEqual(r.program.evaluate({ self: big }, meter), { kind: 'cost' });
  assert.equal(meter.exceeded, true);
});

test('an exhausted budget fails the rule even where || absorbs the error', () => {
  const r = compileExpression(env(), 'self.all(x, self.all(y, y >= 0)) || true');
  assert.ok(r.ok);
  const big = Array.from({ length: 2000 }, (_, i) => BigInt(i));
  assert.deepEqual(r.program.evaluate({ self: big }, new CostMeter(100_000)), { kind: 'cost' });
});
