/**
 * Helpers for kubelet tests: waiting on a condition with a deadline (STYLE.md §9: no fixed
 * sleeps), and a fetch of a URL on a loopback address.
 */
import { request } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface WaitOptions {
  /** Deadline; the wait fails with the last observation. @default 30000 */
  readonly timeoutMs?: number;
  /** What is being waited for, for the failure message. */
  readonly what?: string;
  /** Called between polls (advance a fake clock here). */
  readonly between?: () => void | Promise<void>;
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
    await new Promise((r) => setTimeout(r, 20));
    await nextTurn();
  }
}

export function httpGet(url: string): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
