/**
 * Child process of `sqlite-crash.test.ts` (not a test): opens the SQLite backend at argv[2]
 * with the default durability and writes until it is killed, printing one line per write only
 * after the write's promise resolved, that is after it was acknowledged:
 * `create <key> <value-seed>` for a new key, `update <key> <n>` for counter key's n-th value.
 * Eight writers run at once so that acknowledged writes span group commits. After
 * {@link MAX_WRITES} acknowledgements the writers stop and the process ends, so a parent that
 * stops reading can never make it fill the disk.
 */
import { SqliteBackend } from './sqlite-backend.ts';

const path = process.argv[2];
if (!path) throw new Error('usage: sqlite-crash-writer.ts <db-path>');
const backend = new SqliteBackend(path);
/** Far more than the test's target (3,000), far less than a disk (~80 MB of values). */
const MAX_WRITES = 40_000;
let writes = 0;

/** A 2 KiB value derived from seed, so that the reader can recompute it and the WAL grows past checkpoints. */
export function crashValue(seed: string): Uint8Array {
  return new TextEncoder().encode(seed.padEnd(2048, `.${seed}`));
}

async function writer(id: number): Promise<void> {
  const counter = `/crash/counter/${id}`;
  let { kv } = await backend.create(counter, new TextEncoder().encode('0'));
  for (let i = 0; writes < MAX_WRITES; i++, writes += 2) {
    const key = `/crash/keys/${id}/${i}`;
    await backend.create(key, crashValue(key));
    process.stdout.write(`create ${key}\n`);
    ({ kv } = await backend.update(counter, new TextEncoder().encode(String(i + 1)), kv.modRevision));
    process.stdout.write(`update ${counter} ${i + 1}\n`);
  }
}

await Promise.all(Array.from({ length: 8 }, (_, id) => writer(id)));
await backend.close(); // ends by itself only if the parent failed to kill it in time; the test reports that
