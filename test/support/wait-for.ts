/** Waiting on a condition with a deadline, for tests (STYLE.md §9: no fixed sleeps). */
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface WaitOptions {
  /** Deadline; the wait fails with the last observation. @default 30000 */
  readonly timeoutMs?: number;
  /** What is being waited for, for the failure message. */
  readonly what?: string;
  /** Called between polls (advance a fake clock here). */
  readonly between?: () => void | Promise<void>;
  /** Real time between polls. @default 20 */
  readonly intervalMs?: number;
}

/** Polls `probe` until it returns a value other than undefined/false; returns that value. */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, options: WaitOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'condition'}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await options.between?.();
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 20));
    await nextTurn();
  }
}
