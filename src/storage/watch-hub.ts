import { StorageError, type WatchEvent, type WatchOptions } from './backend.ts';

/**
 * In-process watch fan-out for drivers whose process is the only writer (memory, sqlite).
 *
 * A driver registers a watcher and publishes each committed batch of events in the same
 * synchronous turn as its state change, so replay + live delivery has no gap and no duplicate:
 * the caller computes the replay (events >= fromRevision up to the current revision) and calls
 * {@link WatchHub.add} without yielding in between.
 *
 * Delivery is asynchronous (a microtask per watcher), so a callback never runs inside the write
 * that produced its events and may itself write; each watcher's events stay in revision order.
 */
export class WatchHub {
  readonly #watchers = new Set<HubWatcher>();

  /**
   * Registers a watcher on prefix that first receives replay (already filtered, in revision
   * order), then every published event on prefix with modRevision >= minRevision.
   */
  add(prefix: string, minRevision: number, options: WatchOptions, replay: readonly WatchEvent[]): void {
    if (options.signal.aborted) return;
    const watcher = new HubWatcher(prefix, minRevision, options, () => this.#watchers.delete(watcher));
    this.#watchers.add(watcher);
    options.signal.addEventListener('abort', watcher.stop, { once: true });
    if (replay.length > 0) watcher.push(replay);
  }

  /** Fans a committed batch (in revision order) out to the matching watchers. */
  publish(events: readonly WatchEvent[]): void {
    if (events.length === 0) return;
    for (const watcher of this.#watchers) {
      const matching = events.filter((e) => e.kv.modRevision >= watcher.minRevision && e.kv.key.startsWith(watcher.prefix));
      if (matching.length > 0) watcher.push(matching);
    }
  }

  /** The number of active watchers (for tests and metrics). */
  get size(): number {
    return this.#watchers.size;
  }

  /** Ends every watcher, telling each through onError that the backend closed. */
  closeAll(): void {
    for (const watcher of [...this.#watchers]) watcher.fail(new StorageError('storage backend closed'));
  }
}

class HubWatcher {
  #queue: WatchEvent[] = [];
  #scheduled = false;
  #done = false;

  constructor(
    readonly prefix: string,
    readonly minRevision: number,
    private readonly options: WatchOptions,
    private readonly remove: () => void,
  ) {}

  push(events: readonly WatchEvent[]): void {
    if (this.#done) return;
    for (const e of events) this.#queue.push(e);
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(this.#flush);
    }
  }

  readonly #flush = (): void => {
    this.#scheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    if (this.#done || this.options.signal.aborted || batch.length === 0) return;
    try {
      this.options.onEvents(batch);
    } catch (error) {
      // The contract says onEvents must not throw; a watcher that does is ended and told why
      // rather than taking the writer (or the process) down with it.
      this.fail(error instanceof Error ? error : new StorageError(String(error)));
    }
  };

  readonly stop = (): void => {
    if (this.#done) return;
    this.#done = true;
    this.#queue = [];
    this.remove();
    this.options.signal.removeEventListener('abort', this.stop);
  };

  fail(error: Error): void {
    if (this.#done) return;
    this.stop();
    if (!this.options.signal.aborted) this.options.onError?.(error);
  }
}
