/**
 * Go's time.Duration text form, which is the JSON form of metav1.Duration (apimachinery
 * pkg/apis/meta/v1/duration.go marshals `d.Duration.String()` and parses with
 * `time.ParseDuration`). Durations are int64 nanoseconds, held here as bigint so the full Go
 * range (about ±292 years) round-trips.
 */
const NS = { ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n } as const;
const MAX = (1n << 63n) - 1n;

/** Formats like Go's `Duration.String()`: "1h2m3.5s", "1.5ms", "0s", "-90ns". */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < NS.s) {
    // Below one second Go switches to the largest unit that keeps an integer part: ns, µs, ms.
    const [unit, scale] = u < NS.us ? ['ns', 1n] : u < NS.ms ? ['µs', NS.us] : ['ms', NS.ms];
    out = fraction(u, scale) + unit;
  } else {
    const seconds = fraction(u % NS.m, NS.s) + 's';
    u /= NS.m;
    if (u === 0n) out = seconds;
    else {
      const minutes = `${u % 60n}m`;
      u /= 60n;
      out = u === 0n ? minutes + seconds : `${u}h${minutes}${seconds}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** `v / scale` as a decimal with trailing zeros (and a bare point) removed, as Go's fmtFrac. */
function fraction(v: bigint, scale: bigint): string {
  const whole = v / scale;
  const rest = v % scale;
  if (rest === 0n) return String(whole);
  const digits = String(scale).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

/**
 * Parses like Go's `time.ParseDuration`: a sign, then one or more decimal numbers each with a
 * unit (ns, us, µs, ms, s, m, h); "0" alone is allowed. Returns undefined when `s` is not a
 * duration or overflows int64.
 */
export function parseGoDuration(s: string): bigint | undefined {
  let rest = s;
  let neg = false;
  if (rest.startsWith('-') || rest.startsWith('+')) { neg = rest[0] === '-'; rest = rest.slice(1); }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  const re = /^([0-9]*)(?:\.([0-9]*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (rest !== '') {
    const m = re.exec(rest);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
    const scale = NS[m[3] as keyof typeof NS];
    let v = BigInt(m[1] || '0') * scale;
    const frac = m[2] ?? '';
    if (frac !== '') {
      // Go truncates the fraction toward zero at nanosecond precision.
      v += (BigInt(frac) * scale) / 10n ** BigInt(frac.length);
    }
    total += v;
    if (total > MAX + (neg ? 1n : 0n)) return undefined;
    rest = rest.slice(m[0].length);
  }
  return neg ? -total : total;
}
