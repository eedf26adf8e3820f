/**
 * Runs a Reconciler: a work queue fed by event handlers (which only map events to keys), and N
 * workers that take keys and call reconcile, requeueing on failure, as controller-runtime's
 * controller does.
 */
import type { Clock } from '../util/clock.ts';
import type { Reconciler } from './reconciler.ts';
import { TerminalError } from './reconciler.ts';
import { WorkQueue } from './workqueue.ts';

export interface ControllerOptions {
  readonly name: string;
  readonly reconciler: Reconciler;
  readonly clock: Clock;
  /** @default 2 */
  readonly workers?: number;
}

export class Controller {
  readonly queue: WorkQueue;
  readonly name: string;
  private readonly reconciler: Reconciler;
  private readonly workers: number;

  constructor(options: ControllerOptions) {
    this.name = options.name;
    this.reconciler = options.reconciler;
    this.workers = options.workers ?? 2;
    this.queue = new WorkQueue({ clock: options.clock });
  }

  enqueue(key: string): void { this.queue.add(key); }

  /** Runs workers until the signal aborts; resolves when they have stopped. */
  async run(signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => this.queue.shutDown(), { once: true });
    await Promise.all(Array.from({ length: this.workers }, () => this.worker(signal)));
  }

  private async worker(signal: AbortSignal): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        const result = await this.reconciler.reconcile(key, signal);
        this.queue.forget(key);
        if (result && result.requeueAfterMs !== undefined) this.queue.addAfter(key, result.requeueAfterMs);
      } catch (e) {
        if (signal.aborted) { this.queue.done(key); return; }
        if (e instanceof TerminalError) {
          console.error(`controller ${this.name}: ${key}: ${e.message} (not retried)`);
          this.queue.forget(key);
        } else {
          // Conflicts are the normal outcome of racing a stale cache: retry quietly.
          if ((e as { code?: number }).code !== 409) console.error(`controller ${this.name}: ${key}: ${(e as Error).message}`);
          this.queue.addRateLimited(key);
        }
      } finally {
        this.queue.done(key);
      }
    }
  }
}
