/**
 * Per-key exponential back-off on the injected clock, with the semantics of client-go's
 * flowcontrol.Backoff as the kubelet uses it for image pulls (ImagePullBackOff) and container
 * restarts (CrashLoopBackOff): 10 s doubling to 5 min; an entry untouched for twice the maximum
 * (10 min) counts as expired, so a container that ran that long restarts at once and starts the
 * sequence over. No jitter (kubelet passes none).
 */
import type { Clock } from '../util/clock.ts';

interface Entry { durationMs: number; lastUpdate: number }

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock, readonly initialMs = 10_000, readonly maxMs = 300_000) {}

  private expired(eventTime: number, e: Entry): boolean {
    return eventTime - e.lastUpdate > 2 * this.maxMs;
  }

  /** Records a failure at eventTime: the first (or first after expiry) waits initialMs, each next twice as long. */
  next(key: string, eventTime: number): void {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e)) this.entries.set(key, { durationMs: this.initialMs, lastUpdate: this.clock.now() });
    else { e.durationMs = Math.min(e.durationMs * 2, this.maxMs); e.lastUpdate = this.clock.now(); }
  }

  /** The current back-off of key (0 when none). */
  get(key: string): number { return this.entries.get(key)?.durationMs ?? 0; }

  /** Whether less than the back-off has passed since eventTime (a container's finish). */
  isInBackOffSince(key: string, eventTime: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e)) return false;
    return this.clock.now() - eventTime < e.durationMs;
  }

  /** Whether eventTime falls within the back-off started by the last failure (image pulls). */
  isInBackOffSinceUpdate(key: string, eventTime: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e)) return false;
    return eventTime - e.lastUpdate < e.durationMs;
  }

  /** When the back-off started at the last failure ends (for scheduling a retry). */
  endsAt(key: string, since?: number): number | undefined {
    const e = this.entries.get(key);
    return e ? (since ?? e.lastUpdate) + e.durationMs : undefined;
  }

  reset(key: string): void { this.entries.delete(key); }

  /** Forgets keys with a prefix (a removed pod's). */
  resetPrefix(prefix: string): void {
    for (const k of [...this.entries.keys()]) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}

/** kubelet's duration format for back-off messages ("10s", "1m20s", "5m0s"), as Go's time.Duration.String. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${m}m${s % 60}s` : `${m}m${s % 60}s`;
}
