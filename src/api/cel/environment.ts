/**
 * The base CEL environment of Kubernetes validation rules on cel-js: optional types
 * (`self.?field`, `optional.of`), homogeneous aggregate literals, cross-type numeric comparisons
 * (cel-js has them) and every library of libraries.ts. Built once; callers extend a clone (cel-js
 * clones are cheap and leave the base unchanged).
 */
import { Environment } from '@marcbachmann/cel-js';
import { KUBERNETES_CEL_LIBRARIES } from './libraries.ts';

let base: Environment | undefined;

/** A new environment with Kubernetes' CEL libraries, ready for types and variables to be added. */
export function newCelEnvironment(): Environment {
  if (!base) {
    base = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: true });
    for (const library of KUBERNETES_CEL_LIBRARIES) library.register(base);
  }
  return base.clone();
}
