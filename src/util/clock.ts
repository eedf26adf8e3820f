/**
 * Time is injected (STYLE.md §9): production code reads the clock through this interface so that
 * tests can advance a {@link FakeClock} instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs fn after ms; returns a cancel function. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return () => clearTimeout(t);
  },
};

/** A clock that moves only when told to; timers fire during {@link FakeClock.advance}. */
export class FakeClock implements Clock {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;
  constructor(private current = Date.UTC(2026, 0, 1)) {}
  now(): number { return this.current; }
  setTimer(fn: () => void, ms: number): () => void {
    const id = this.nextId++;
    this.timers.push({ at: this.current + Math.max(0, ms), fn, id });
    return () => { this.timers = this.timers.filter((t) => t.id !== id); };
  }
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.current = next.at;
      next.fn();
    }
    this.current = target;
  }
}

/** RFC 3339 with second precision and a Z, as Kubernetes' metav1.Time marshals ("2026-01-01T00:00:00Z"). */
export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  // Every write stamps times and writes bunch within a second: formatting once a second is enough.
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastText;
}
let lastSecond = Number.NaN;
let lastText = '';

/** RFC 3339 with microseconds, as metav1.MicroTime marshals ("2026-01-01T00:00:00.123456Z"). */
export function rfc3339Micro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
