/**
 * A rate-limited work queue of keys, after client-go's workqueue: a key is processed by at most
 * one worker at a time; adding a key that is queued is a no-op; adding a key that is being
 * processed marks it dirty so it runs again after; failures requeue with per-key exponential
 * back-off; `addAfter` schedules a key for later (on the injected clock).
 */
import type { Clock } from '../util/clock.ts';

export interface WorkQueueOptions {
  readonly clock: Clock;
  /** First back-off after a failure. @default 5 ms (client-go's default item rate limiter) */
  readonly baseDelayMs?: number;
  /** @default 1000 s */
  readonly maxDelayMs?: number;
}

export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, { at: number; cancel: () => void }>();
  private waiters: (() => void)[] = [];
  private shuttingDown = false;
  private readonly clock: Clock;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(options: WorkQueueOptions) {
    this.clock = options.clock;
    this.baseDelayMs = options.baseDelayMs ?? 5;
    this.maxDelayMs = options.maxDelayMs ?? 1_000_000;
  }

  get length(): number { return this.queue.length; }

  add(key: string): void {
    if (this.shuttingDown) return;
    if (this.processing.has(key)) { this.dirty.add(key); return; }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    const w = this.waiters.shift();
    w?.();
  }

  /** Adds key after delayMs; an earlier pending schedule for the key wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) { this.add(key); return; }
    const at = this.clock.now() + delayMs;
    const pending = this.timers.get(key);
    if (pending && pending.at <= at) return;
    pending?.cancel();
    const cancel = this.clock.setTimer(() => { this.timers.delete(key); this.add(key); }, delayMs);
    this.timers.set(key, { at, cancel });
  }

  /** Requeues after a failure with exponential back-off. */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** n));
  }

  /** Clears the back-off of a key after success. */
  forget(key: string): void { this.failures.delete(key); }

  /** Waits for a key; undefined once the queue is shut down. */
  async get(): Promise<string | undefined> {
    while (this.queue.length === 0) {
      if (this.shuttingDown) return undefined;
      await new Promise<void>((r) => this.waiters.push(r));
    }
    const key = this.queue.shift()!;
    this.queued.delete(key);
    this.processing.add(key);
    return key;
  }

  /** Marks a key processed; if it was added meanwhile it is queued again. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.delete(key)) this.add(key);
  }

  shutDown(): void {
    this.shuttingDown = true;
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    for (const w of this.waiters.splice(0)) w();
  }
}
