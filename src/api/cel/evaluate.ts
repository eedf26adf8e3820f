/**
 * One-off evaluation of an expression in the Kubernetes CEL environment (no schema types): for
 * tests and tools. Rules of a CRD are compiled once by schema-rules.ts instead.
 */
import { CostMeter } from './cost.ts';
import { newCelEnvironment } from './environment.ts';
import { type EvalResult, compileExpression } from './program.ts';

/** Compiles and evaluates `expression` with `variables` (declared dyn); a compile error is an `error` result. */
export function evaluateExpression(expression: string, variables: Readonly<Record<string, unknown>> = {}): EvalResult {
  const env = newCelEnvironment();
  for (const name of Object.keys(variables)) env.registerVariable(name, 'dyn');
  const compiled = compileExpression(env, expression);
  if (!compiled.ok) return { kind: 'error', message: compiled.error };
  return compiled.program.evaluate(variables, new CostMeter());
}
