/**
 * Kubernetes' list library (k8s.io/apiserver/pkg/cel/library/lists.go, "kubernetes.lists"):
 *
 *     <list<T>>.isSorted() <bool>          T comparable
 *     <list<T>>.sum() <T>                  T int, uint, double or duration; 0 for an empty list
 *     <list<T>>.min() <T>, .max() <T>      T comparable; an error for an empty list
 *     <list<T>>.indexOf(<T>) <int>, .lastIndexOf(<T>) <int>   -1 when absent
 *
 * `includes` (lists version 1) is not in Kubernetes 1.32's environment.
 */
import { type Environment } from '@marcbachmann/cel-js';
import { Duration, UnsignedInt } from '@marcbachmann/cel-js/evaluator';
import { chargeCost } from './cost.ts';
import { celCompare, celEquals } from './equality.ts';
import { type CelLibrary, SYNC, celError } from './library.ts';

const TIMESTAMP = 'google.protobuf.Timestamp';
const DURATION = 'google.protobuf.Duration';
const COMPARABLE = ['int', 'uint', 'double', 'bool', 'string', 'bytes', TIMESTAMP, DURATION];
const MAX_INT = 2n ** 63n - 1n;
const MIN_INT = -(2n ** 63n);

const elements = (list: unknown): unknown[] => {
  const items = Array.isArray(list) ? list : list instanceof Set ? [...list] : [];
  chargeCost(items.length);
  return items;
};

function isSorted(list: unknown): boolean {
  const items = elements(list);
  for (let i = 1; i < items.length; i++) if (celCompare(items[i - 1], items[i]) > 0) return false;
  return true;
}

function extreme(name: 'min' | 'max', prefer: number) {
  return (list: unknown): unknown => {
    const items = elements(list);
    if (items.length === 0) throw celError(`${name} called on empty list`);
    return items.reduce((best, x) => (celCompare(best, x) === prefer ? x : best));
  };
}

const sums: Readonly<Record<string, (items: unknown[]) => unknown>> = {
  int: (items) => items.reduce<bigint>((acc, x) => {
    const s = acc + (x as bigint);
    if (s > MAX_INT || s < MIN_INT) throw celError('integer overflow');
    return s;
  }, 0n),
  uint: (items) => new UnsignedInt(items.reduce<bigint>((acc, x) => acc + (x as UnsignedInt).valueOf(), 0n)),
  double: (items) => items.reduce<number>((acc, x) => acc + (x as number), 0),
  [DURATION]: (items) => items.reduce<Duration>((acc, x) => acc.addDuration(x as Duration), new Duration(0)),
};

export const listsLibrary: CelLibrary = {
  name: 'kubernetes.lists',
  register(env: Environment) {
    for (const t of COMPARABLE) {
      env.registerFunction(`list<${t}>.isSorted(): bool`, isSorted, SYNC);
      env.registerFunction(`list<${t}>.min(): ${t}`, extreme('min', 1), SYNC);
      env.registerFunction(`list<${t}>.max(): ${t}`, extreme('max', -1), SYNC);
    }
    for (const [t, sum] of Object.entries(sums)) env.registerFunction(`list<${t}>.sum(): ${t}`, (list: unknown) => sum(elements(list)), SYNC);
    env.registerFunction('list<A>.indexOf(A): int', (list: unknown, item: unknown) => BigInt(elements(list).findIndex((x) => celEquals(x, item))), SYNC);
    env.registerFunction('list<A>.lastIndexOf(A): int', (list: unknown, item: unknown) => {
      const items = elements(list);
      for (let i = items.length - 1; i >= 0; i--) if (celEquals(items[i], item)) return BigInt(i);
      return -1n;
    }, SYNC);
  },
};
