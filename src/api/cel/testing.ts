/** Test helpers for the CEL libraries: evaluate an expression and assert how it ended. */
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { evaluateExpression } from './evaluate.ts';

/** The value of expr; fails the test when evaluation errs. */
export function value(expr: string): unknown {
  const r = evaluateExpression(expr);
  assert.equal(r.kind, 'value', `${expr}: ${inspect(r)}`);
  return (r as { value: unknown }).value;
}

/** The error message of expr; fails the test when it evaluates. */
export function error(expr: string): string {
  const r = evaluateExpression(expr);
  assert.equal(r.kind, 'error', `${expr}: ${inspect(r)}`);
  return (r as { message: string }).message;
}

/** Every expression evaluates to true. */
export function allTrue(exprs: readonly string[]): void {
  for (const e of exprs) assert.equal(value(e), true, e);
}
