/**
 * The AGE format of `kubectl get`, as k8s.io/apimachinery/pkg/util/duration.HumanDuration computes
 * it on the server: about two significant figures, switching unit as the duration grows.
 *
 *   < 2m   "59s", "119s"           < 10m  "2m", "2m10s"        < 3h  "179m"
 *   < 8h   "3h", "7h59m"           < 2d   "47h"                < 8d  "2d", "7d23h"
 *   < 2y   "729d"                  < 8y   "2y", "7y364d"       else  "8y"
 *
 * A negative duration within the 2 s clock-skew allowance prints "0s"; beyond it, "<invalid>".
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Go's zero time.Time, which metav1.Time marshals when a timestamp was never set. */
const ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/**
 * Formats a duration given in milliseconds.
 * @example humanDuration(130_000) // "2m10s"
 */
export function humanDuration(ms: number): string {
  // Go truncates toward zero (int(d.Seconds())): -1.9 s is "0s", -2 s is "<invalid>".
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/**
 * Parses a metav1.Time / MicroTime wire value to epoch milliseconds. Undefined for an absent,
 * null, unparseable or zero ("0001-01-01T00:00:00Z") time: the cases Go's `Time.IsZero()` covers
 * after decoding.
 */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) || ms === ZERO_TIME ? undefined : ms;
}

/**
 * The time since a timestamp, as the printers' translateTimestampSince: "<unknown>" when the
 * timestamp is zero or absent.
 */
export function since(timestamp: unknown, now: number): string {
  const at = parseTime(timestamp);
  return at === undefined ? '<unknown>' : humanDuration(now - at);
}
