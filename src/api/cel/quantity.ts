/**
 * Kubernetes' quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go,
 * "kubernetes.quantity") over ekslite's resource.Quantity port (src/api/quantity.ts), as of
 * Kubernetes 1.32 (mul/div came later):
 *
 *     quantity(<string>) <Quantity>, isQuantity(<string>) <bool>
 *     <Quantity>.isInteger() <bool>, .asInteger() <int>, .asApproximateFloat() <double>
 *     <Quantity>.sign() <int>
 *     <Quantity>.add(<Quantity|int>), .sub(<Quantity|int>) <Quantity>
 *     <Quantity>.isGreaterThan(<Quantity>), .isLessThan(<Quantity>) <bool>, .compareTo(<Quantity>) <int>
 *
 * Quantities are equal (`==`) when their values are (Quantity.Equal: "200M" == "0.2G").
 */
import { type Environment } from '@marcbachmann/cel-js';
import { Quantity, parseQuantity } from '../quantity.ts';
import { type CelLibrary, SYNC, celError } from './library.ts';

const TYPE = 'kubernetes.Quantity';
const MAX_INT64 = 2n ** 63n - 1n;
const MIN_INT64 = -(2n ** 63n);

/** A quantity value (kube's apiservercel.Quantity). */
export class CelQuantity {
  constructor(readonly quantity: Quantity) {}
  celEquals(other: unknown): boolean {
    return other instanceof CelQuantity && this.quantity.cmp(other.quantity) === 0;
  }
}

/** Quantity.AsInt64: the value when it is an integer within int64, else undefined. */
function asInt64(q: Quantity): bigint | undefined {
  const v = q.value();
  if (v > MAX_INT64 || v < MIN_INT64) return undefined;
  return q.cmp(Quantity.of(v)) === 0 ? v : undefined;
}

function toQuantity(s: string): CelQuantity {
  try {
    return new CelQuantity(parseQuantity(s));
  } catch (e) {
    throw celError((e as Error).message);
  }
}

export const quantityLibrary: CelLibrary = {
  name: 'kubernetes.quantity',
  register(env: Environment) {
    env.registerType(TYPE, CelQuantity);
    env.registerOperator(`${TYPE} == ${TYPE}`, (a: CelQuantity, b: CelQuantity) => a.celEquals(b));
    env.registerFunction(`quantity(string): ${TYPE}`, toQuantity, SYNC);
    env.registerFunction('isQuantity(string): bool', (s: string) => {
      try { parseQuantity(s); return true; } catch { return false; }
    }, SYNC);
    const sign = (q: CelQuantity) => BigInt(q.quantity.sign());
    env.registerFunction(`sign(${TYPE}): int`, sign, SYNC);
    env.registerFunction(`${TYPE}.sign(): int`, sign, SYNC);
    env.registerFunction(`${TYPE}.isInteger(): bool`, (q: CelQuantity) => asInt64(q.quantity) !== undefined, SYNC);
    env.registerFunction(`${TYPE}.asInteger(): int`, (q: CelQuantity) => {
      const v = asInt64(q.quantity);
      if (v === undefined) throw celError('cannot convert value to integer');
      return v;
    }, SYNC);
    env.registerFunction(`${TYPE}.asApproximateFloat(): double`, (q: CelQuantity) => q.quantity.asApproximateFloat64(), SYNC);
    env.registerFunction(`${TYPE}.isGreaterThan(${TYPE}): bool`, (a: CelQuantity, b: CelQuantity) => a.quantity.cmp(b.quantity) === 1, SYNC);
    env.registerFunction(`${TYPE}.isLessThan(${TYPE}): bool`, (a: CelQuantity, b: CelQuantity) => a.quantity.cmp(b.quantity) === -1, SYNC);
    env.registerFunction(`${TYPE}.compareTo(${TYPE}): int`, (a: CelQuantity, b: CelQuantity) => BigInt(a.quantity.cmp(b.quantity)), SYNC);
    env.registerFunction(`${TYPE}.add(${TYPE}): ${TYPE}`, (a: CelQuantity, b: CelQuantity) => new CelQuantity(a.quantity.add(b.quantity)), SYNC);
    env.registerFunction(`${TYPE}.add(int): ${TYPE}`, (a: CelQuantity, n: bigint) => new CelQuantity(a.quantity.add(Quantity.of(n, 'DecimalExponent'))), SYNC);
    env.registerFunction(`${TYPE}.sub(${TYPE}): ${TYPE}`, (a: CelQuantity, b: CelQuantity) => new CelQuantity(a.quantity.sub(b.quantity)), SYNC);
    env.registerFunction(`${TYPE}.sub(int): ${TYPE}`, (a: CelQuantity, n: bigint) => new CelQuantity(a.quantity.sub(Quantity.of(n, 'DecimalExponent'))), SYNC);
  },
};
