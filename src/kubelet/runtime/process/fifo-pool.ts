/**
 * Named pipes made ahead of need, in batches: the runtime's process cannot make a FIFO itself
 * (Node has no mkfifo(3), and forking mkfifo(1) from the cluster's process would block its event
 * loop), so the shim makes them, many per request, and a process's start takes ready ones and
 * pays no round trip for them. Each FIFO serves one stream once (the shim unlinks it when it has
 * opened it), so a writer left over from an earlier process can never reach a later one.
 */

/** Refill below this many ready FIFOs (a process uses two or three). */
const LOW = 32;
/** FIFOs made per request. */
const BATCH = 64;

interface Waiter { readonly count: number; readonly resolve: (paths: string[]) => void; readonly reject: (e: unknown) => void }

export class FifoPool {
  private readonly ready: string[] = [];
  private readonly waiters: Waiter[] = [];
  private refilling = false;

  /** `make(count)` makes `count` FIFOs and resolves with their paths. */
  constructor(private readonly make: (count: number) => Promise<string[]>) {}

  /** Starts a refill if the pool is low, so that the first takes need not wait. */
  fill(): void {
    const wanted = this.waiters.reduce((n, w) => n + w.count, 0);
    if (this.refilling || this.ready.length - wanted >= LOW) return;
    this.refilling = true;
    this.make(BATCH).then(
      (paths) => { this.refilling = false; this.ready.push(...paths); this.serve(); this.fill(); },
      // the waiters fail with the cause; the next take tries again (a new shim, perhaps)
      (e: unknown) => { this.refilling = false; for (const w of this.waiters.splice(0)) w.reject(e); },
    );
  }

  /** `count` unused FIFO paths, in the order asked for; rejects when a refill fails. */
  take(count: number): Promise<string[]> {
    if (this.waiters.length === 0 && this.ready.length >= count) {
      const paths = this.ready.splice(0, count);
      this.fill();
      return Promise.resolve(paths);
    }
    const taken = new Promise<string[]>((resolve, reject) => this.waiters.push({ count, resolve, reject }));
    this.fill();
    return taken;
  }

  /** Fails every take still waiting. */
  close(error: Error): void {
    for (const w of this.waiters.splice(0)) w.reject(error);
  }

  private serve(): void {
    while (this.waiters.length > 0 && this.ready.length >= this.waiters[0]!.count) {
      const w = this.waiters.shift()!;
      w.resolve(this.ready.splice(0, w.count));
    }
  }
}
