/**
 * Wall-clock arithmetic in an IANA time zone with nothing but Intl, as Go's time package does it
 * for the cron library: reading an instant's fields in a zone (t.In(loc).Hour()…), and building
 * an instant from wall-clock fields (time.Date), which in a DST gap or overlap picks an offset
 * the way Go does (the offset at the wall time read as UTC, corrected once if that is wrong).
 */

export interface WallTime {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  /** 1–31 */
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 (Sunday) – 6 */
  readonly weekday: number;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** A time zone: "UTC" and fixed zones are fast; others read through a cached Intl formatter. */
export class Zone {
  private static readonly cache = new Map<string, Zone>();
  private readonly format?: Intl.DateTimeFormat;

  private constructor(readonly name: string) {
    if (name !== 'UTC') {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: name, hourCycle: 'h23', weekday: 'short',
        year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    }
  }

  /** The zone named `name` ("" is UTC, as Go's time.LoadLocation("")); throws RangeError when unknown. */
  static of(name: string): Zone {
    const key = name === '' ? 'UTC' : name;
    let z = Zone.cache.get(key);
    if (!z) {
      z = new Zone(key);
      Zone.cache.set(key, z);
    }
    return z;
  }

  /** The wall-clock fields of the instant `ms` in this zone (sub-second part dropped). */
  fields(ms: number): WallTime {
    if (!this.format) {
      const d = new Date(ms);
      return {
        year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
        hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay(),
      };
    }
    const parts: Record<string, string> = {};
    for (const p of this.format.formatToParts(new Date(ms))) parts[p.type] = p.value;
    return {
      year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
      hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second),
      weekday: WEEKDAYS[parts.weekday] ?? 0,
    };
  }

  /** The zone's offset east of UTC at the instant `ms`, in milliseconds. */
  offsetAt(ms: number): number {
    if (!this.format) return 0;
    const f = this.fields(ms);
    const wallAsUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
    return wallAsUtc - Math.floor(ms / 1000) * 1000;
  }

  /**
   * time.Date(year, month, day, hour, minute, second, 0, zone): out-of-range fields normalise
   * (month 13 is January next year); a wall time that a DST change skips or repeats resolves as
   * Go resolves it.
   */
  date(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
    const wall = Date.UTC(year, month - 1, day, hour, minute, second);
    const atWall = this.offsetAt(wall);
    const atGuess = this.offsetAt(wall - atWall);
    return wall - (atGuess === atWall ? atWall : atGuess);
  }

  /** "+09:00", "-05:00" or "Z", for RFC 3339 in this zone at `ms`. */
  rfc3339(ms: number): string {
    const f = this.fields(ms);
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const base = `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`;
    const offsetMin = Math.round(this.offsetAt(ms) / 60_000);
    if (offsetMin === 0) return `${base}Z`;
    const sign = offsetMin < 0 ? '-' : '+';
    const abs = Math.abs(offsetMin);
    return `${base}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }
}
