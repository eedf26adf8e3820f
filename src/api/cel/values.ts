/**
 * Custom-resource JSON as CEL values, after k8s.io/apiserver/pkg/cel/common/values.go
 * (UnstructuredToVal), typed by the node's DeclType (schema-types.ts): integers become int
 * (bigint), numbers double, formatted strings timestamps/durations/bytes, arrays lists, maps
 * Maps, and objects instances of their type's class, which convert a field only when a rule
 * reads it. A null object field is absent (`has()` is false), as in kube; null list items and
 * map values stay null.
 *
 * Objects compare equal when their JSON is deep-equal (kube compares field by field, which
 * differs only for equal timestamps spelled differently and for the order of set and map lists:
 * kube's list equality ignores element order for `x-kubernetes-list-type: set` and `map`, ekslite's
 * does not).
 */
import { Optional } from '@marcbachmann/cel-js';
import { Duration } from '@marcbachmann/cel-js/evaluator';
import { deepEqual } from '../validation/access.ts';
import { celError } from './library.ts';
import type { DeclType, ObjectDeclType } from './schema-types.ts';

/** A schema object as a CEL value: fields by CEL name, converted on first read. */
export class CelObject extends Map<string, unknown> {
  constructor(readonly raw: Readonly<Record<string, unknown>>, readonly type: ObjectDeclType) {
    super();
  }

  override get(field: string): unknown {
    if (super.has(field)) return super.get(field);
    const decl = this.type.fields.get(field);
    if (!decl || !Object.prototype.hasOwnProperty.call(this.raw, decl.property)) return undefined;
    const raw = this.raw[decl.property];
    const value = raw === null || raw === undefined ? undefined : toCelValue(raw, decl.type);
    super.set(field, value);
    return value;
  }

  celEquals(other: unknown): boolean {
    return other instanceof CelObject && deepEqual(this.raw, other.raw);
  }
}

/** A CEL optional: of the value, or none when it is undefined (`optionalOldSelf` on create). */
export const celOptional = (v: unknown): unknown => (v === undefined ? Optional.none() : Optional.of(v));

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON value as the CEL value of `type`. */
export function toCelValue(v: unknown, type: DeclType): unknown {
  if (v === null || v === undefined) return null;
  switch (type.kind) {
    case 'dyn':
      return typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v;
    case 'scalar':
      return scalar(v, type);
    case 'list':
      return Array.isArray(v) ? v.map((x) => toCelValue(x, type.elem)) : v;
    case 'map':
      return isObject(v) ? new Map(Object.entries(v).map(([k, x]) => [k, toCelValue(x, type.elem)])) : v;
    case 'object':
      return isObject(v) ? new type.ctor(v, type) : v;
  }
}

function scalar(v: unknown, type: Extract<DeclType, { kind: 'scalar' }>): unknown {
  if (type.cel === 'int') return typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v;
  if (typeof v !== 'string' || type.format === undefined) return v;
  switch (type.format) {
    case 'byte': return new Uint8Array(Buffer.from(v, 'base64'));
    case 'date': {
      const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : new Date(NaN);
      if (Number.isNaN(d.getTime())) throw celError(`Invalid date formatted string ${v}`);
      return d;
    }
    case 'date-time': {
      const d = new Date(v);
      if (Number.isNaN(d.getTime())) throw celError(`Invalid date-time formatted string ${v}`);
      return d;
    }
    case 'duration': return parseDuration(v);
  }
}

const UNIT_NANOS: Readonly<Record<string, bigint>> = {
  ns: 1n, us: 1_000n, µs: 1_000n, μs: 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
  d: 86_400_000_000_000n, w: 604_800_000_000_000n,
};

/** strfmt.ParseDuration: Go's time.ParseDuration, plus whole days and weeks ("3d", "2w"). */
function parseDuration(s: string): Duration {
  const m = /^([-+]?)(.+)$/.exec(s.trim());
  let nanos = 0n;
  let rest = m?.[2] ?? '';
  if (rest === '0') return new Duration(0);
  if (rest === '') throw celError(`Invalid duration ${s}`);
  while (rest !== '') {
    const part = /^(\d+)?(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h|d|w)/.exec(rest);
    if (!part || (part[1] === undefined && part[2] === undefined)) throw celError(`Invalid duration ${s}`);
    const unit = UNIT_NANOS[part[3]];
    const fraction = part[2] ?? '';
    nanos += BigInt(part[1] ?? '0') * unit + (fraction === '' ? 0n : (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length));
    rest = rest.slice(part[0].length);
  }
  if (m?.[1] === '-') nanos = -nanos;
  return new Duration(nanos / 1_000_000_000n, Number(nanos % 1_000_000_000n));
}
