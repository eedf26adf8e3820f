/**
 * Storage benchmark: the SQLite driver against Debian's etcd-server 3.4 (started by the etcd test
 * launcher, same machine, same disk), through the etcd driver, plus the memory driver.
 *
 * Durability compared: etcd fdatasyncs its (preallocated) WAL before acknowledging a write
 * (concurrent writes share one sync). The SQLite driver is measured both ways: `synchronous=full`
 * acknowledges a write only after an fdatasync of the WAL file that started after its commit
 * (run off the event loop; commits made while one is in flight share the next one, and
 * concurrent writes share one transaction): equal durability, both survive power loss, so the
 * sqlite(full)/etcd ratio is the fair one. `synchronous=normal` (the driver's default) survives
 * a process crash but not a power loss.
 *
 * The etcd figures include the Node client (etcd3 + grpc-js: protobuf encoding, HTTP/2); the
 * CPU time of this process and of the etcd process per operation is printed so the split shows.
 *
 * Run: node --import tsx bench/storage.bench.ts
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../src/storage/backend.ts';
import { EtcdBackend } from '../src/storage/etcd/etcd-backend.ts';
import { etcdUnavailableReason, startEtcdTestServer, type EtcdTestServer } from '../src/storage/etcd/etcd-test-server.ts';
import { MemoryBackend } from '../src/storage/memory/memory-backend.ts';
import { SqliteBackend } from '../src/storage/sqlite/sqlite-backend.ts';

const VALUE = new Uint8Array(1024).fill(0x61); // 1 KiB, the order of a small Kubernetes object
// Stores take turns in short blocks (disk sync latency on a shared machine drifts by 10x within
// seconds; alternating exposes every store to the same conditions). Throughput = ops / time over
// all blocks; the list figure is the median of its rounds.
const ROUNDS = 16;
const SEQUENTIAL_CREATES = 25; // per round and store
const CONCURRENT_CREATES = 250; // per round and store
const WRITERS = 16;
const GETS = 500; // per round and store
const LIST_KEYS = 10_000;

interface Store {
  readonly name: string;
  readonly backend: Backend;
  readonly serverPid?: number;
  /** CPU µs spent per kind of operation: in this process (client) and in the server process. */
  readonly cpu: Record<'write' | 'read', { ops: number; clientUs: number; serverUs: number }>;
}

type Figure = 'sequentialCreates' | 'concurrentCreates' | 'sequentialGets' | 'concurrentGets' | 'listMs';

/** Runs count tasks on `workers` concurrent workers; returns elapsed ms. */
async function run(count: number, workers: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: workers }, async () => {
    for (let i = next++; i < count; i = next++) await task(i);
  }));
  return performance.now() - start;
}

/** CPU time (µs) of a process from /proc (utime + stime, in clock ticks of 10 ms on Linux). */
function processCpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** Runs one measurement, charging its CPU time to the store's write or read account. */
async function metered(store: Store, kind: 'write' | 'read', ops: number, body: () => Promise<number>): Promise<number> {
  const client = process.cpuUsage();
  const server = store.serverPid === undefined ? 0 : processCpuUs(store.serverPid);
  const ms = await body();
  const used = process.cpuUsage(client);
  const account = store.cpu[kind];
  account.ops += ops;
  account.clientUs += used.user + used.system;
  account.serverUs += store.serverPid === undefined ? 0 : processCpuUs(store.serverPid) - server;
  return ms;
}

/** The disk's own sync latency: mean ms of 10 × (4 KiB pwrite + fdatasync) on a scratch file. */
function rawSyncMs(): number {
  const fd = openSync(join(dir, 'sync-probe'), 'w');
  const page = Buffer.alloc(4096, 1);
  const start = performance.now();
  for (let i = 0; i < 10; i++) {
    writeSync(fd, page, 0, page.length, i * page.length);
    fdatasyncSync(fd);
  }
  closeSync(fd);
  return (performance.now() - start) / 10;
}

/** One block of one figure on one store: [operations, elapsed ms] (round r uses its own keys). */
async function measureOnce(store: Store, figure: Figure, r: number): Promise<[number, number]> {
  const b = store.backend;
  const key = (i: number): string => `/conc/${i % (ROUNDS * CONCURRENT_CREATES)}`;
  switch (figure) {
    case 'sequentialCreates':
      return [SEQUENTIAL_CREATES, await metered(store, 'write', SEQUENTIAL_CREATES,
        () => run(SEQUENTIAL_CREATES, 1, (i) => b.create(`/seq/${r}/${i}`, VALUE)))];
    case 'concurrentCreates':
      return [CONCURRENT_CREATES, await metered(store, 'write', CONCURRENT_CREATES,
        () => run(CONCURRENT_CREATES, WRITERS, (i) => b.create(key(r * CONCURRENT_CREATES + i), VALUE)))];
    case 'sequentialGets':
      return [GETS, await metered(store, 'read', GETS, () => run(GETS, 1, (i) => b.get(key((r * GETS + i) * 7919))))];
    case 'concurrentGets':
      return [GETS, await metered(store, 'read', GETS, () => run(GETS, WRITERS, (i) => b.get(key((r * GETS + i) * 7919))))];
    case 'listMs': {
      const start = performance.now();
      const { kvs } = await b.list('/list/');
      if (kvs.length !== LIST_KEYS) throw new Error(`${store.name} listed ${kvs.length} keys, expected ${LIST_KEYS}`);
      return [1, performance.now() - start];
    }
  }
}

/** Every figure for every store, the stores taking turns block by block. */
async function measureAll(stores: readonly Store[]): Promise<Map<string, Record<Figure, number>>> {
  for (const store of stores) {
    for (let i = 0; i < 300; i++) await store.backend.create(`/warm/${i}`, VALUE); // JIT, connections, file growth
    for (let i = 0; i < 300; i++) await store.backend.get(`/warm/${i}`);
    await run(LIST_KEYS, WRITERS, (i) => store.backend.create(`/list/${String(i).padStart(5, '0')}`, VALUE));
    for (const account of Object.values(store.cpu)) Object.assign(account, { ops: 0, clientUs: 0, serverUs: 0 });
  }
  const samples = new Map(stores.map((s) => [s.name, new Map<Figure, [number, number][]>()]));
  const syncs: number[] = [];
  const figures: Figure[] = ['sequentialCreates', 'concurrentCreates', 'sequentialGets', 'concurrentGets', 'listMs'];
  for (const figure of figures) {
    for (let r = 0; r < (figure === 'listMs' ? 5 : ROUNDS); r++) {
      for (const store of stores) {
        const perStore = samples.get(store.name)!;
        perStore.set(figure, [...(perStore.get(figure) ?? []), await measureOnce(store, figure, r)]);
      }
      if (figure === 'sequentialCreates') syncs.push(rawSyncMs());
    }
  }
  syncs.sort((a, b) => a - b);
  console.log(`disk: write(4 KiB) + fdatasync took ${syncs[0].toFixed(2)} to ${syncs[syncs.length - 1].toFixed(2)} ms `
    + `(median ${syncs[Math.floor(syncs.length / 2)].toFixed(2)}) between the single-writer blocks`);
  const summarize = (figure: Figure, blocks: [number, number][]): number => {
    if (figure === 'listMs') return blocks.map(([, ms]) => ms).sort((a, b) => a - b)[Math.floor(blocks.length / 2)];
    const [ops, ms] = blocks.reduce(([o, t], [bo, bt]) => [o + bo, t + bt], [0, 0]);
    return ops / (ms / 1000);
  };
  return new Map(stores.map((s) => [s.name,
    Object.fromEntries(figures.map((f) => [f, summarize(f, samples.get(s.name)!.get(f)!)])) as Record<Figure, number>]));
}

const format = (n: number | undefined, digits = 0): string => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits));
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? '-' : `${(a / b).toFixed(1)}x`);

function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
}

const dir = mkdtempSync(join(tmpdir(), 'ekslite-storage-bench-'));
let server: EtcdTestServer | undefined;
const stores: Store[] = [];
const account = (): Store['cpu'] => ({ write: { ops: 0, clientUs: 0, serverUs: 0 }, read: { ops: 0, clientUs: 0, serverUs: 0 } });
try {
  stores.push({ name: 'memory', backend: new MemoryBackend(), cpu: account() });
  for (const synchronous of ['normal', 'full'] as const) {
    stores.push({ name: `sqlite ${synchronous}`, backend: new SqliteBackend(join(dir, `${synchronous}.db`), { synchronous }), cpu: account() });
  }
  const unavailable = etcdUnavailableReason();
  if (unavailable) console.log(`etcd skipped: ${unavailable}`);
  else {
    server = await startEtcdTestServer({ dataDir: join(dir, 'etcd') });
    stores.push({ name: 'etcd', backend: new EtcdBackend({ endpoints: [server.endpoint] }), serverPid: server.pid, cpu: account() });
  }
  const results = await measureAll(stores);

  const m = results.get('memory')!;
  const n = results.get('sqlite normal')!;
  const f = results.get('sqlite full')!;
  const e = results.get('etcd');
  const row = (label: string, figure: Figure, digits = 0, lowerIsBetter = false): string[] => {
    const better = (mine: number, theirs: number | undefined): string => (lowerIsBetter ? ratio(theirs, mine) : ratio(mine, theirs));
    return [label, format(m[figure], digits), format(n[figure], digits), format(f[figure], digits), format(e?.[figure], digits),
      better(f[figure], e?.[figure]), better(n[figure], e?.[figure])];
  };
  console.log(`storage: ${VALUE.byteLength}-byte values; files under ${tmpdir()} (same disk); stores alternating in ${ROUNDS} blocks per figure`);
  console.log('durability: etcd 3.4 and sqlite full fdatasync their WAL before acknowledging (survive power loss); '
    + 'sqlite normal (the default) survives kill -9\n');
  printTable([
    ['figure', 'memory', 'sqlite normal', 'sqlite full', 'etcd 3.4', 'full/etcd', 'normal/etcd'],
    row('creates/s, 1 writer', 'sequentialCreates'),
    row(`creates/s, ${WRITERS} writers`, 'concurrentCreates'),
    row('gets/s, 1 reader', 'sequentialGets'),
    row(`gets/s, ${WRITERS} readers`, 'concurrentGets'),
    row(`list ${LIST_KEYS} keys, ms`, 'listMs', 1, true),
  ]);
  console.log('(ratios: how many times better sqlite is; for the list, etcd time / sqlite time)');
  const etcd = stores.find((s) => s.name === 'etcd');
  const full = stores.find((s) => s.name === 'sqlite full')!;
  const perOp = (a: { ops: number; clientUs: number; serverUs: number }, side: 'clientUs' | 'serverUs'): string => format(a[side] / a.ops);
  if (etcd) {
    console.log(`\netcd client overhead: this Node process spent ${perOp(etcd.cpu.write, 'clientUs')} µs CPU per create and `
      + `${perOp(etcd.cpu.read, 'clientUs')} µs per get in the etcd3/grpc-js client, while the etcd server spent `
      + `${perOp(etcd.cpu.write, 'serverUs')} µs per create and ${perOp(etcd.cpu.read, 'serverUs')} µs per get `
      + '(CPU time from /proc, 10 ms ticks).');
  }
  console.log(`sqlite full, all in-process: ${perOp(full.cpu.write, 'clientUs')} µs CPU per create, ${perOp(full.cpu.read, 'clientUs')} µs per get.`);
} finally {
  for (const store of stores) await store.backend.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}
