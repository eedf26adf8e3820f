/**
 * The shape of a Kubernetes CEL function library (k8s.io/apiserver/pkg/cel/library/*) on cel-js:
 * one file per library registers its types and functions on an Environment. libraries.ts lists
 * them all.
 */
import { type Environment, EvaluationError } from '@marcbachmann/cel-js';

export interface CelLibrary {
  /** kube's LibraryName ("kubernetes.lists"). */
  readonly name: string;
  register(env: Environment): void;
}

/** Registration options of a function with a synchronous handler (cel-js assumes async otherwise). */
export const SYNC = { async: false } as const;

/** A CEL evaluation error with kube's message, thrown from a function handler. */
export function celError(message: string): EvaluationError {
  return new EvaluationError(message);
}

/** Registers an empty namespace object as a constant, so `name.fn(…)` resolves to `Type.fn(…)`. */
export function registerNamespace(env: Environment, constant: string, typeName: string): void {
  const Namespace = class {};
  env.registerType(typeName, Namespace);
  env.registerConstant(constant, typeName, new Namespace());
}
