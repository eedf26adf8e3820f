/**
 * Kubernetes' regex library (k8s.io/apiserver/pkg/cel/library/regex.go, "kubernetes.regex") and
 * CEL's standard `matches`, all with RE2 semantics (re2.ts):
 *
 *     <string>.find(<string>) <string>                   the first match, or ""
 *     <string>.findAll(<string>[, <int>]) <list<string>>  all matches, at most n when n >= 0
 *     <string>.matches(<string>) <bool>, matches(<string>, <string>) <bool>
 *
 * A pattern that does not compile is a runtime error "Illegal regex: …" for find/findAll (the
 * message of cel-go's regex functions); literal patterns are already refused at compile time
 * (program.ts). The method form of `matches` is cel-js's built-in, renamed in the AST to
 * `__matches__` (program.ts) so that this RE2 implementation runs instead.
 */
import { type Environment } from '@marcbachmann/cel-js';
import { chargeCost } from './cost.ts';
import { type CelLibrary, SYNC, celError } from './library.ts';
import { compileRE2, re2Find, re2FindAll, re2Matches } from './re2.ts';

function regexp(pattern: string, prefix: string): RegExp {
  const compiled = compileRE2(pattern);
  if (!compiled.ok) throw celError(`${prefix}${compiled.error}`);
  return compiled.regexp;
}

const matches = (s: string, pattern: string): boolean => {
  chargeCost(s.length);
  return re2Matches(s, regexp(pattern, ''));
};

export const regexLibrary: CelLibrary = {
  name: 'kubernetes.regex',
  register(env: Environment) {
    env.registerFunction('string.__matches__(string): bool', matches, SYNC);
    env.registerFunction('matches(string, string): bool', matches, SYNC);
    env.registerFunction('string.find(string): string', (s: string, pattern: string) => {
      chargeCost(s.length);
      return re2Find(s, regexp(pattern, 'Illegal regex: '));
    }, SYNC);
    env.registerFunction('string.findAll(string): list<string>', (s: string, pattern: string) => {
      chargeCost(s.length);
      return re2FindAll(s, regexp(pattern, 'Illegal regex: '), -1);
    }, SYNC);
    env.registerFunction('string.findAll(string, int): list<string>', (s: string, pattern: string, n: bigint) => {
      chargeCost(s.length);
      return re2FindAll(s, regexp(pattern, 'Illegal regex: '), Number(n));
    }, SYNC);
  },
};
