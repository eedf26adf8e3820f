/**
 * CronJob schedules, as kube-controller-manager reads them with github.com/robfig/cron/v3
 * ParseStandard: five fields (minute hour day-of-month month day-of-week, names allowed for
 * months and weekdays, `*`/`?`, ranges, steps, lists), the descriptors @yearly @annually
 * @monthly @weekly @daily @midnight @hourly and `@every <duration>`, and an optional
 * `TZ=<zone> ` or `CRON_TZ=<zone> ` prefix. `next(t)` is robfig's SpecSchedule.Next: the first
 * whole second after t whose wall-clock fields in the schedule's zone match, found field by field
 * (month, day, hour, minute) the way robfig walks them, so DST behaves as in kube: a time skipped
 * by spring-forward does not run that day, a time repeated by fall-back runs twice.
 *
 * Difference from kube: with no zone, robfig uses the controller-manager's local zone; ekslite
 * uses UTC (what kube-controller-manager runs with on EKS). Grammar errors are reported with
 * robfig's words by api/validation's cronScheduleError, which the API server also uses.
 */
import { CRON_DESCRIPTORS, CRON_FIELDS, type CronFieldBounds, cronScheduleError } from '../../api/validation/cron-schedule.ts';
import { Zone } from './zoned-time.ts';

/** A schedule that could not be parsed; the message is robfig's. */
export class CronScheduleError extends Error {
  override name = 'CronScheduleError';
}

export interface CronSchedule {
  /** The first activation strictly after `afterMs`, or undefined when none within five years (robfig's zero time). */
  next(afterMs: number): number | undefined;
}


/** A field's allowed values, and robfig's star bit ("*" or "?" without a step above 1). */
interface Field { readonly values: ReadonlySet<number>; readonly star: boolean }

/** Parses `spec` (after validation, so malformed input cannot reach here). */
export function parseCronSchedule(spec: string): CronSchedule {
  const problem = cronScheduleError(spec);
  if (problem) throw new CronScheduleError(problem);
  let rest = spec;
  let zone = Zone.of('UTC');
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const space = rest.indexOf(' ');
    zone = Zone.of(rest.slice(rest.indexOf('=') + 1, space));
    rest = rest.slice(space).trim();
  }
  if (rest.startsWith('@every ')) return new ConstantDelaySchedule(parseGoDuration(rest.slice('@every '.length)));
  const fields = (CRON_DESCRIPTORS[rest] ?? rest).split(/\s+/).filter((f) => f !== '');
  const [minute, hour, dom, month, dow] = CRON_FIELDS.map((b, i) => parseField(fields[i], b));
  return new SpecSchedule({ minute, hour, dom, month, dow, zone });
}

function parseField(expr: string, bounds: CronFieldBounds): Field {
  const values = new Set<number>();
  let star = false;
  for (const part of expr.split(',')) {
    const [range, stepText] = part.split('/');
    const [low, high] = range.split('-');
    const name = (s: string) => bounds.names?.[s.toLowerCase()] ?? Number(s);
    let start: number;
    let end: number;
    let partStar = false;
    if (low === '*' || low === '?') {
      start = bounds.min; end = bounds.max; partStar = true;
    } else {
      start = name(low);
      end = high === undefined ? start : name(high);
    }
    let step = 1;
    if (stepText !== undefined) {
      step = Number(stepText);
      // as robfig: "N/step" means "N-max/step", and a step above 1 is no longer a star.
      if (high === undefined && !partStar) end = bounds.max;
      if (step > 1) partStar = false;
    }
    for (let v = start; v <= end; v += step) values.add(v);
    star ||= partStar;
  }
  return { values, star };
}

class SpecSchedule implements CronSchedule {
  constructor(private readonly s: { minute: Field; hour: Field; dom: Field; month: Field; dow: Field; zone: Zone }) {}

  /** robfig's dayMatches: with a star in either day field both must match, else either. */
  private dayMatches(ms: number): boolean {
    const f = this.s.zone.fields(ms);
    const domMatch = this.s.dom.values.has(f.day);
    const dowMatch = this.s.dow.values.has(f.weekday);
    return this.s.dom.star || this.s.dow.star ? domMatch && dowMatch : domMatch || dowMatch;
  }

  next(afterMs: number): number | undefined {
    const { zone, month, hour, minute } = this.s;
    // The upcoming whole second; standard schedules fire at second 0 only.
    let t = Math.floor(afterMs / 1000) * 1000 + 1000;
    let added = false;
    const yearLimit = zone.fields(t).year + 5;
    const at = () => zone.fields(t);
    wrap: for (;;) {
      if (at().year > yearLimit) return undefined;
      while (!month.values.has(at().month)) {
        if (!added) { added = true; const f = at(); t = zone.date(f.year, f.month, 1); }
        const f = at();
        t = zone.date(f.year, f.month + 1, f.day, f.hour, f.minute, f.second);
        if (at().month === 1) continue wrap;
      }
      while (!this.dayMatches(t)) {
        if (!added) { added = true; const f = at(); t = zone.date(f.year, f.month, f.day); }
        const f = at();
        t = zone.date(f.year, f.month, f.day + 1, f.hour, f.minute, f.second);
        // as robfig: after a DST change midnight may come out as 23:00 or 01:00; go back to midnight.
        const h = at().hour;
        if (h !== 0) t += (h > 12 ? 24 - h : -h) * 3_600_000;
        if (at().day === 1) continue wrap;
      }
      while (!hour.values.has(at().hour)) {
        if (!added) { added = true; const f = at(); t = zone.date(f.year, f.month, f.day, f.hour); }
        t += 3_600_000;
        if (at().hour === 0) continue wrap;
      }
      while (!minute.values.has(at().minute)) {
        if (!added) { added = true; t = Math.floor(t / 60_000) * 60_000; }
        t += 60_000;
        if (at().minute === 0) continue wrap;
      }
      while (at().second !== 0) {
        if (!added) { added = true; }
        t += 1000;
        if (at().second === 0) continue wrap;
      }
      return t;
    }
  }
}

/** `@every d`: robfig's ConstantDelaySchedule, d rounded down to whole seconds and at least 1s. */
class ConstantDelaySchedule implements CronSchedule {
  private readonly delayMs: number;
  constructor(delayMs: number) {
    this.delayMs = Math.max(1000, Math.floor(delayMs / 1000) * 1000);
  }

  next(afterMs: number): number {
    return Math.floor(afterMs / 1000) * 1000 + this.delayMs;
  }
}

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000,
};

/** Go's time.ParseDuration ("1h30m", "90s", "1.5h"), in milliseconds. */
export function parseGoDuration(text: string): number {
  if (text === '0' || text === '+0' || text === '-0') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[+-]/, '');
  let total = 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let consumed = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    consumed = re.lastIndex;
  }
  if (consumed !== body.length || consumed === 0) throw new CronScheduleError(`time: invalid duration "${text}"`);
  return sign * total;
}
