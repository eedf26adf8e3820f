/**
 * Resource quantities (`100m`, `1.5`, `2Gi`, `1e3`), parsed, compared and printed exactly as
 * k8s.io/apimachinery/pkg/api/resource (quantity.go, amount.go, suffix.go) does.
 *
 * A Quantity is the exact decimal `unscaled × 10^exponent` plus the format it was written in
 * (binary SI `Ki`…`Ei`, decimal SI `n`…`E`, or a decimal exponent `e3`). Parsing rounds up (away
 * from zero) to nano units, as Kubernetes does. Where Kubernetes overflows int64 (Value,
 * MilliValue of huge quantities) this class returns the exact bigint instead.
 */

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

const SPLIT_RE_STRING = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const PARSE_MESSAGES = {
  format: `quantities must match the regular expression '${SPLIT_RE_STRING}'`,
  numeric: 'unable to parse numeric part of quantity',
  suffix: "unable to parse quantity's suffix",
} as const;

/** A string that is not a quantity; `message` is apimachinery's (ErrFormatWrong, ErrNumeric, ErrSuffix). */
export class QuantityParseError extends Error {
  override name = 'QuantityParseError';
  constructor(readonly reason: keyof typeof PARSE_MESSAGES, readonly input: string) {
    super(PARSE_MESSAGES[reason]);
  }
}

const NANO = -9;
const MAX_INT64 = 2n ** 63n - 1n;
const DECIMAL_SUFFIXES = new Map<number, string>([
  [-9, 'n'], [-6, 'u'], [-3, 'm'], [0, ''], [3, 'k'], [6, 'M'], [9, 'G'], [12, 'T'], [15, 'P'], [18, 'E'],
]);
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

export class Quantity {
  private constructor(
    /** With `exponent`, the exact value: unscaled × 10^exponent. */
    readonly unscaled: bigint,
    readonly exponent: number,
    readonly format: QuantityFormat,
    /** The input text, kept when Kubernetes keeps it (it is already canonical, by its cheap test). */
    private readonly original?: string,
  ) {}

  /** resource.NewQuantity: an integer in the given format. */
  static of(value: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(toBigInt(value), 0, format);
  }

  /** resource.NewMilliQuantity: `value` thousandths. */
  static ofMilli(value: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(toBigInt(value), -3, format);
  }

  /** resource.NewScaledQuantity: `value × 10^scale`, DecimalSI. */
  static ofScaled(value: bigint | number, scale: number): Quantity {
    return new Quantity(toBigInt(value), scale, 'DecimalSI');
  }

  /** @internal used by parseQuantity. */
  static fromParts(unscaled: bigint, exponent: number, format: QuantityFormat, original?: string): Quantity {
    return new Quantity(unscaled, exponent, format, original);
  }

  isZero(): boolean { return this.unscaled === 0n; }
  sign(): -1 | 0 | 1 { return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1; }

  /** The value rounded up, away from zero, to an integer (Quantity.Value). */
  value(): bigint { return this.scaledValue(0); }

  /** The value in thousandths, rounded up away from zero (Quantity.MilliValue: `1.0001` → 1001). */
  milliValue(): bigint { return this.scaledValue(-3); }

  /** ceil(q / 10^scale), away from zero (Quantity.ScaledValue). */
  scaledValue(scale: number): bigint {
    const shift = this.exponent - scale;
    if (shift >= 0) return this.unscaled * 10n ** BigInt(shift);
    return divAwayFromZero(this.unscaled, -shift);
  }

  /** A float approximation (Quantity.AsApproximateFloat64). */
  asApproximateFloat64(): number {
    return Number(this.unscaled) * 10 ** this.exponent;
  }

  cmp(other: Quantity): -1 | 0 | 1 {
    const a = this.sign();
    const b = other.sign();
    if (a !== b) return a < b ? -1 : 1;
    if (a === 0) return 0;
    // same sign: compare magnitudes by order of magnitude first, so huge exponents never expand
    const magA = abs(this.unscaled).toString().length + this.exponent;
    const magB = abs(other.unscaled).toString().length + other.exponent;
    if (magA !== magB) return (magA > magB ? a : -a) as -1 | 1;
    const [x, y] = align(this, other);
    return x === y ? 0 : x > y ? 1 : -1;
  }

  equals(other: Quantity): boolean { return this.cmp(other) === 0; }

  /** Quantity.Add: exact; a zero receiver takes the other's format. */
  add(other: Quantity): Quantity {
    const [x, y, exponent] = align(this, other);
    return new Quantity(x + y, exponent, this.isZero() ? other.format : this.format);
  }

  /** Quantity.Sub: exact; a zero receiver takes the other's format. */
  sub(other: Quantity): Quantity {
    const [x, y, exponent] = align(this, other);
    return new Quantity(x - y, exponent, this.isZero() ? other.format : this.format);
  }

  /** Quantity.Mul by an integer. */
  mul(factor: bigint | number): Quantity {
    return new Quantity(this.unscaled * toBigInt(factor), this.exponent, this.format);
  }

  neg(): Quantity { return new Quantity(-this.unscaled, this.exponent, this.format); }

  /**
   * The serialized form (Quantity.String / MarshalJSON): the input text when Kubernetes keeps it,
   * otherwise canonical(). So "100m" stays "100m" and "1000m" becomes "1".
   */
  toString(): string { return this.original ?? this.canonical(); }

  toJSON(): string { return this.toString(); }

  /**
   * Quantity.CanonicalizeBytes: the largest suffix of the quantity's format that keeps an integer
   * mantissa (decimal exponents in steps of 3). A BinarySI quantity below 1024 in magnitude, or
   * not an integer, prints as DecimalSI: `0.5Gi` → `512Mi`, `0.5Ki` → `512`, `1.5` → `1500m`.
   */
  canonical(): string {
    if (this.unscaled === 0n) return '0';
    let format = this.format;
    if (format === 'BinarySI') {
      const small = this.cmp(Quantity.of(-1024)) > 0 && this.cmp(Quantity.of(1024)) < 0;
      const integer = this.scaledValue(0);
      const exact = this.exponent >= 0 || integer * 10n ** BigInt(-this.exponent) === this.unscaled;
      if (small || !exact) {
        format = 'DecimalSI';
      } else {
        let m = integer;
        let k = 0;
        while (abs(m) >= 1024n && m % 1024n === 0n) { m /= 1024n; k++; }
        return `${m}${BINARY_SUFFIXES[k] ?? ''}`;
      }
    }
    let m = this.unscaled;
    let e = this.exponent;
    while (abs(m) >= 10n && m % 10n === 0n) { m /= 10n; e++; }
    while (e % 3 !== 0) { m *= 10n; e--; }
    // as apimachinery, a decimal exponent with no SI suffix (e.g. 10^21) prints with none at all
    const suffix = format === 'DecimalSI' ? DECIMAL_SUFFIXES.get(e) ?? '' : e === 0 ? '' : `e${e}`;
    return `${m}${suffix}`;
  }
}

/**
 * resource.ParseQuantity. Throws QuantityParseError; callers report it (kube-apiserver fails the
 * decode of the whole object with its message).
 */
export function parseQuantity(str: string): Quantity {
  if (str.length === 0) throw new QuantityParseError('format', str);
  if (str === '0') return Quantity.fromParts(0n, 0, 'DecimalSI', str);

  const { positive, value, num, denom, suffix } = splitQuantity(str);
  // as ParseQuantity: a suffix with no digits before it ("Mi") fails strconv.ParseInt("")
  if (!/[0-9]/.test(value)) throw new QuantityParseError('numeric', str);
  const interpreted = interpretSuffix(suffix);
  if (!interpreted) throw new QuantityParseError('suffix', str);
  const { base, exponent } = interpreted;
  let format = interpreted.format;

  // The int64 fast path of ParseQuantity: exact, and it decides whether the input text is kept.
  let precision = -1;
  let scale = 0;
  let mantissa = 1n;
  if (format !== 'BinarySI') {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  } else if (exponent >= 0 && denom.length === 0) {
    mantissa = 1n << BigInt(exponent);
    precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= NANO) {
      const shifted = num + denom;
      const v = BigInt(shifted);
      const result = v * mantissa;
      if (result <= MAX_INT64) {
        const keep = format === 'BinarySI'
          ? exponent % 10 === 0 && (v & 7n) !== 0n
          : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        return Quantity.fromParts(positive ? result : -result, scale, format, keep ? str : undefined);
      }
    }
  }

  // The inf.Dec path: exact arithmetic, then rounded up to nano units and clamped.
  if (!/[0-9]/.test(value)) throw new QuantityParseError('numeric', str);
  let unscaled = BigInt(num + denom);
  let exp: number;
  if (base === 10) {
    exp = exponent - denom.length;
  } else {
    unscaled <<= BigInt(exponent);
    exp = -denom.length;
  }
  if (unscaled !== 0n && exp < NANO) {
    unscaled = divAwayFromZero(unscaled, NANO - exp);
    exp = NANO;
  }
  if (format === 'BinarySI') {
    // as ParseQuantity: magnitudes beyond int64 clamp to its maximum, and a binary quantity
    // strictly between 0 and 1 becomes DecimalSI
    const magnitude = Quantity.fromParts(unscaled, exp, format);
    if (magnitude.cmp(Quantity.of(MAX_INT64)) > 0) { unscaled = MAX_INT64; exp = 0; }
    else if (magnitude.sign() > 0 && magnitude.cmp(Quantity.of(1)) < 0) format = 'DecimalSI';
  }
  return Quantity.fromParts(positive ? unscaled : -unscaled, exp, format);
}

interface QuantityParts { positive: boolean; value: string; num: string; denom: string; suffix: string }

const isDigit = (c: string) => c >= '0' && c <= '9';

/** parseQuantityString: sign, integer digits (leading zeros dropped), fraction digits, suffix. */
function splitQuantity(str: string): QuantityParts {
  const end = str.length;
  let positive = true;
  let pos = 0;
  if (str[0] === '-') { positive = false; pos++; } else if (str[0] === '+') pos++;
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };

  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
  const num = str.slice(pos, i) || '0';
  pos = i;

  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);

  // the suffix: letters of "eEinumkKMGTP", then an optional sign and digits, then nothing
  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos])) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) throw new QuantityParseError('format', str);
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

/** suffixer.interpret: SI suffixes first, then `e<int>`/`E<int>` (exponent truncated to int32, as Go does). */
function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } | undefined {
  for (const [exponent, s] of DECIMAL_SUFFIXES) if (s === suffix) return { base: 10, exponent, format: 'DecimalSI' };
  const k = BINARY_SUFFIXES.indexOf(suffix);
  if (k > 0) return { base: 2, exponent: 10 * k, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    const parsed = BigInt(suffix.slice(1));
    if (parsed > MAX_INT64 || parsed < -MAX_INT64 - 1n) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return undefined;
}

/** a / 10^digits, rounded away from zero; skips the power when it obviously exceeds |a|. */
function divAwayFromZero(a: bigint, digits: number): bigint {
  if (a === 0n) return 0n;
  const sign = a < 0n ? -1n : 1n;
  const m = abs(a);
  if (m.toString().length <= digits) return sign; // 0 < |a| < 10^digits
  const d = 10n ** BigInt(digits);
  const q = m / d;
  return sign * (m % d === 0n ? q : q + 1n);
}

/** Both unscaled values at the smaller exponent. */
function align(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const e = Math.min(a.exponent, b.exponent);
  return [a.scaledValue(e), b.scaledValue(e), e];
}

const abs = (v: bigint) => (v < 0n ? -v : v);

function toBigInt(v: bigint | number): bigint {
  if (typeof v === 'bigint') return v;
  if (!Number.isSafeInteger(v)) throw new RangeError(`not a safe integer: ${v}`);
  return BigInt(v);
}
