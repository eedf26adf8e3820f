/**
 * IntOrString values that may be percentages (maxSurge, maxUnavailable…), resolved against a
 * total as k8s.io/apimachinery/pkg/util/intstr GetScaledValueFromIntOrPercent does: an integer is
 * itself; "N%" is N percent of total, rounded up or down as the caller says.
 */
import type { IntOrString } from './workload-types.ts';

/** A value that is neither an integer nor an "N%" string. */
export class IntOrPercentError extends Error {
  override name = 'IntOrPercentError';
}

export function scaledValueFromIntOrPercent(value: IntOrString | undefined | null, total: number, options: { roundUp: boolean }): number {
  if (value === undefined || value === null) throw new IntOrPercentError('nil value for IntOrString');
  if (typeof value === 'number') return Math.trunc(value);
  if (!value.endsWith('%')) throw new IntOrPercentError('invalid value for IntOrString: invalid type: string is not a percentage');
  const digits = value.slice(0, -1);
  if (!/^[+-]?\d+$/.test(digits)) throw new IntOrPercentError(`invalid value for IntOrString: invalid value "${value}": strconv.Atoi: parsing "${digits}": invalid syntax`);
  const percent = Number.parseInt(digits, 10);
  // Same float64 arithmetic as Go: value * total / 100, then ceil or floor.
  const scaled = (percent * total) / 100;
  return options.roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}
