/**
 * CEL equality and ordering of runtime values, for the library functions that compare elements
 * (indexOf, min, max, isSorted, sets.*). cel-js keeps its own equality private; this follows the
 * CEL spec the same way: numbers compare across int, uint and double; lists element-wise; maps
 * by keys; timestamps, durations and bytes by value; library values (quantity, IP, CIDR, URL,
 * schema objects) through their `celEquals`.
 */
import { Duration, UnsignedInt } from '@marcbachmann/cel-js/evaluator';
import { celError } from './library.ts';

/** A value with its own CEL equality (library types and schema objects). */
export interface CelEquatable {
  celEquals(other: unknown): boolean;
}

const isEquatable = (v: unknown): v is CelEquatable =>
  typeof v === 'object' && v !== null && typeof (v as Partial<CelEquatable>).celEquals === 'function';

const numeric = (v: unknown): number | bigint | undefined => {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (v instanceof UnsignedInt) return v.valueOf();
  return undefined;
};

export function celEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const na = numeric(a);
  const nb = numeric(b);
  // CEL's cross-type numeric equality: 1 == 1.0 == 1u
  if (na !== undefined && nb !== undefined) return na == nb;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (isEquatable(a)) return a.celEquals(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Duration && b instanceof Duration) return a.seconds === b.seconds && a.nanos === b.nanos;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => celEquals(x, b[i]));
  const ma = asEntries(a);
  const mb = asEntries(b);
  if (ma && mb) {
    if (ma.size !== mb.size) return false;
    for (const [k, v] of ma) if (!mb.has(k) || !celEquals(v, mb.get(k))) return false;
    return true;
  }
  return false;
}

function asEntries(v: object): Map<unknown, unknown> | undefined {
  if (v instanceof Map) return v;
  if (v.constructor === Object || v.constructor === undefined) return new Map(Object.entries(v));
  return undefined;
}

/** -1, 0 or 1, for the types CEL orders (numbers, strings, bools, bytes, timestamps, durations). */
export function celCompare(a: unknown, b: unknown): number {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  if (a instanceof Duration && b instanceof Duration) {
    return a.seconds !== b.seconds ? (a.seconds < b.seconds ? -1 : 1) : Math.sign(a.nanos - b.nanos);
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return Math.sign(a.length - b.length);
  }
  throw celError('no such overload');
}
