/**
 * Waits for a condition by polling it (STYLE.md §9: tests wait on conditions, never fixed sleeps).
 * The deadline is only a failure bound; the condition is what the test asserts.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitForOptions {
  /** @default 10000 */
  readonly timeoutMs?: number;
  /** What the failure message says was awaited. */
  readonly what?: string;
}

/** Resolves with the first truthy value `probe` returns; rejects after the deadline. */
export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, options: WaitForOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out waiting for ${options.what ?? 'condition'}${why}`);
    }
    await delay(10);
  }
}
