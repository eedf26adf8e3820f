/**
 * cel-go's sets extension (ext.Sets, in Kubernetes' environment since 1.29), on lists:
 *
 *     sets.contains(<list<T>>, <list<T>>) <bool>     every element of the second is in the first
 *     sets.equivalent(<list<T>>, <list<T>>) <bool>   each contains the other
 *     sets.intersects(<list<T>>, <list<T>>) <bool>   an element in common
 */
import { type Environment } from '@marcbachmann/cel-js';
import { chargeCost } from './cost.ts';
import { celEquals } from './equality.ts';
import { type CelLibrary, SYNC, registerNamespace } from './library.ts';

function contains(list: unknown[], sub: unknown[]): boolean {
  chargeCost(list.length * sub.length);
  return sub.every((x) => list.some((y) => celEquals(x, y)));
}

export const setsLibrary: CelLibrary = {
  name: 'cel.lib.ext.sets',
  register(env: Environment) {
    registerNamespace(env, 'sets', 'k8s.SetsNamespace');
    env.registerFunction('k8s.SetsNamespace.contains(list<A>, list<A>): bool', (_ns: unknown, a: unknown[], b: unknown[]) => contains(a, b), SYNC);
    env.registerFunction('k8s.SetsNamespace.equivalent(list<A>, list<A>): bool', (_ns: unknown, a: unknown[], b: unknown[]) => contains(a, b) && contains(b, a), SYNC);
    env.registerFunction('k8s.SetsNamespace.intersects(list<A>, list<A>): bool', (_ns: unknown, a: unknown[], b: unknown[]) => {
      chargeCost(a.length * b.length);
      return a.some((x) => b.some((y) => celEquals(x, y)));
    }, SYNC);
  },
};
