import { describe } from 'node:test';
import type { Backend } from './backend.ts';
import { registerCompactionTests } from './conformance/compaction.ts';
import type { ConformanceOptions } from './conformance/harness.ts';
import { registerReadTests } from './conformance/reads.ts';
import { registerWatchTests } from './conformance/watch.ts';
import { registerWriteTests } from './conformance/writes.ts';

export type { ConformanceOptions } from './conformance/harness.ts';

/**
 * The one conformance suite of the storage contract (`backend.ts`), shared by every driver:
 * a driver's test file is a call of this function, so the drivers cannot drift apart.
 *
 * `open` must return an empty backend (or an empty key space of a shared store, see
 * {@link ConformanceOptions.sharedRevision}) each time; `cleanup` releases it. Tests within the
 * suite run one after another, so they may reason about revisions relative to the current one.
 *
 * @example
 * describeBackendConformance('memory', async () => {
 *   const backend = new MemoryBackend();
 *   return { backend, cleanup: () => backend.close() };
 * });
 */
export function describeBackendConformance(
  name: string,
  open: () => Promise<{ backend: Backend; cleanup(): Promise<void> }>,
  options: ConformanceOptions = {},
): void {
  describe(`Backend conformance: ${name}`, () => {
    describe('writes', () => registerWriteTests(open, options));
    describe('reads', () => registerReadTests(open));
    describe('watch', () => registerWatchTests(open));
    describe('compaction', () => registerCompactionTests(open));
  });
}
