import assert from 'node:assert/strict';
import type { Backend, WatchEvent } from '../backend.ts';

/** Opens a fresh, empty backend (or an empty key space of a shared one) for one test. */
export type OpenBackend = () => Promise<{ backend: Backend; cleanup(): Promise<void> }>;

export interface ConformanceOptions {
  /**
   * The revision counter is shared with writes outside the backend's key space (an etcd
   * driver with a key prefix on a server that earlier tests wrote to), so an opened backend
   * need not be at revision 1. Skips only the test of an empty store's absolute revisions.
   * @default false
   */
  readonly sharedRevision?: boolean;
}

/** Wraps a test body: opens a backend, runs body, always cleans up. */
export function withBackend(open: OpenBackend, body: (backend: Backend) => Promise<void>): () => Promise<void> {
  return async () => {
    const { backend, cleanup } = await open();
    try {
      await body(backend);
    } finally {
      await cleanup();
    }
  };
}

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
export const text = (value: Uint8Array): string => new TextDecoder().decode(value);

/** Byte equality that ignores the array class (drivers may return Buffer). */
export function assertBytes(actual: Uint8Array | undefined, expected: Uint8Array, message?: string): void {
  assert.ok(actual !== undefined, message ?? 'value missing');
  assert.equal(Buffer.compare(Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength), Buffer.from(expected)), 0,
    message ?? `bytes differ: ${actual.byteLength} vs ${expected.byteLength} bytes`);
}

/**
 * One readable line per event, so that a whole sequence compares with one deepEqual:
 * `put /k v1 c=2 m=2` or `delete /k c=0 m=4 prev=v2@3`.
 */
export function describeEvent(event: WatchEvent): string {
  const { kv, prevKv } = event;
  const value = event.type === 'put' ? ` ${text(kv.value)}` : kv.value.byteLength === 0 ? '' : ' NON-EMPTY';
  const prev = prevKv ? ` prev=${text(prevKv.value)}@${prevKv.modRevision}/c${prevKv.createRevision}` : '';
  return `${event.type} ${kv.key}${value} c=${kv.createRevision} m=${kv.modRevision}${prev}`;
}

/** How long a test waits for a condition before failing with what it saw; not a timing assertion. */
const WAIT_DEADLINE_MS = 15_000;

export interface EventCollector {
  readonly events: WatchEvent[];
  readonly errors: Error[];
  readonly controller: AbortController;
  /** Resolves once at least n events arrived; rejects with the events seen after the deadline. */
  until(n: number): Promise<void>;
}

/** Starts a watch that records its events; abort with `collector.controller.abort()`. */
export async function collectEvents(backend: Backend, prefix: string, fromRevision: number): Promise<EventCollector> {
  const controller = new AbortController();
  const events: WatchEvent[] = [];
  const errors: Error[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const wake = (): void => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (events.length >= waiters[i].n) waiters.splice(i, 1)[0].resolve();
    }
  };
  await backend.watch(prefix, {
    fromRevision,
    signal: controller.signal,
    onEvents: (batch) => {
      events.push(...batch);
      wake();
    },
    onError: (error) => {
      errors.push(error);
    },
  });
  const until = (n: number): Promise<void> => {
    if (events.length >= n) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`waited for ${n} events on ${prefix}, got ${events.length}: ${events.map(describeEvent).join('; ')}`));
      }, WAIT_DEADLINE_MS);
      waiters.push({ n, resolve: () => {
        clearTimeout(timer);
        resolve();
      } });
    });
  };
  return { events, errors, controller, until };
}

/** Waits until check() holds, polling; fails with message after the deadline. */
export async function waitFor(check: () => boolean, message: string): Promise<void> {
  const deadline = Date.now() + WAIT_DEADLINE_MS;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`condition not reached: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Asserts that promise rejects with an instance of type and returns the error for more checks. */
export async function rejectsWith<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${type.name}, but the call resolved`);
}
