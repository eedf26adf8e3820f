/**
 * Starts Runnables in ordered groups (storage → apiserver → controllers → nodes → aws endpoint,
 * ARCHITECTURE.md decision 6) and stops them in reverse order. A group starts only after every
 * member of the previous group is ready; if any start fails, what already started is stopped.
 */
import { setMaxListeners } from 'node:events';
import type { Runnable, Started } from '../util/runnable.ts';

export class Supervisor {
  private readonly started: { name: string; handle: Started }[] = [];
  private readonly controller = new AbortController();
  private stopping?: Promise<void>;

  constructor() {
    // Every Runnable listens on this one signal: lift node's 10-listener warning.
    setMaxListeners(0, this.controller.signal);
  }

  get signal(): AbortSignal { return this.controller.signal; }

  /** Starts one group concurrently; resolves when all are ready. */
  async startGroup(group: readonly Runnable[]): Promise<void> {
    const results = await Promise.allSettled(group.map(async (r) => ({ name: r.name, handle: await r.start(this.controller.signal) })));
    for (const r of results) if (r.status === 'fulfilled') this.started.push(r.value);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await this.stop();
      throw failed.reason;
    }
  }

  /** Stops everything started, newest first. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.controller.abort();
      for (const { name, handle } of this.started.reverse()) {
        try { await handle.stop(); } catch (e) { console.error(`ekslite: stopping ${name}:`, e); }
      }
    })();
    return this.stopping;
  }
}
