import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, test } from 'node:test';
import { waitFor } from '../../testing.ts';
import { Shim, ShimSpawnError, type ShimProcess } from './shim.ts';

const shim = new Shim();
after(() => shim.close());

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
/** No such process, or a zombie nobody has reaped yet (an orphan's new parent may be slow to). */
function gone(pid: number): boolean {
  let stat: string;
  try { stat = readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { return true; }
  return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

async function collect(p: ShimProcess): Promise<{ out: string; err: string; code: number | null; signal: string | null }> {
  let out = '';
  let err = '';
  p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const { code, signal } = await p.exited;
  return { out, err, code, signal };
}

test('output still in flight when the exit notice arrives is not lost', async () => {
  await shim.ready();
  // 60,000 bytes fit a pipe's buffer (64 KiB): the process can write them all and exit unread
  for (const size of [60_000, 100_000, 1 << 22]) {
    const script = `process.stdout.write(Buffer.alloc(${size}, 'o')); process.stderr.write(Buffer.alloc(${size}, 'e'));`;
    const p = await shim.spawn({ argv: [process.execPath, '-e', script], cwd: tmpdir(), env });
    // Hold the event loop as soon as the process has started: output that fits the pipes is then
    // all written and the process gone before the runtime reads any of it, so the exit notice
    // (IPC) may be read before the output.
    const until = performance.now() + 300;
    while (performance.now() < until);
    const r = await collect(p);
    assert.deepEqual([r.out.length, r.err.length, r.code, r.signal], [size, size, 0, null]);
  }
});

test('stdin, when asked for, reaches the process; its end closes the process\'s stdin', async () => {
  const p = await shim.spawn({ argv: ['sh', '-c', 'cat; echo done >&2; exit 4'], cwd: tmpdir(), env, stdin: true });
  p.stdin!.end('hello\n');
  assert.deepEqual(await collect(p), { out: 'hello\n', err: 'done\n', code: 4, signal: null });
});

test('stdout and stderr are FIFOs a process can reopen by path; their paths are removed once it has them', async () => {
  const script = 'echo out > /dev/stdout; echo err > /dev/stderr; readlink /proc/self/fd/1; stat -L -c %F /proc/self/fd/1';
  const r = await collect(await shim.spawn({ argv: ['sh', '-c', script], cwd: tmpdir(), env }));
  const [out, link, type] = r.out.split('\n');
  assert.deepEqual([out, r.err, r.code, type], ['out', 'err\n', 0, 'fifo']);
  // the shim unlinks them right after the fork, so the process may see them still linked
  assert.ok(link && !existsSync(link.replace(/ \(deleted\)$/, '')), link);
});

test('processes started all at once each get their own streams', async () => {
  // more at once than one batch of FIFOs serves: the later ones wait for a refill
  const procs = await Promise.all(Array.from({ length: 50 }, (_, i) => shim.spawn({ argv: ['sh', '-c', `echo ${i}; echo ${i} >&2`], cwd: tmpdir(), env })));
  const results = await Promise.all(procs.map(collect));
  assert.deepEqual(results.map((r) => [r.out, r.err]), results.map((_, i) => [`${i}\n`, `${i}\n`]));
});

test('a process that cannot start rejects with the errno and Node\'s message', async () => {
  await assert.rejects(shim.spawn({ argv: ['/no/such/binary'], cwd: tmpdir(), env }),
    (e: unknown) => e instanceof ShimSpawnError && e.code === 'ENOENT' && e.message === 'spawn /no/such/binary ENOENT');
});

test('the main process\'s exit kills the rest of its group; a signal is reported as such', async () => {
  const p = await shim.spawn({ argv: ['sh', '-c', 'sleep 3600 & echo $!; wait'], cwd: tmpdir(), env });
  let out = '';
  p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  p.stderr.resume();
  const child = Number(await waitFor(() => out.includes('\n') && out.trim(), { what: 'the background pid' }));
  process.kill(p.pid, 'SIGTERM');
  assert.deepEqual(await p.exited, { code: null, signal: 'SIGTERM' });
  await waitFor(() => gone(child), { what: `background process ${child} to be killed` });
});

test('when the shim is killed its processes are killed and reported exited by SIGKILL; the next spawn starts a new shim', async () => {
  const p = await shim.spawn({ argv: ['sleep', '3600'], cwd: tmpdir(), env });
  p.stdout.resume();
  p.stderr.resume();
  const first = shim.pid!;
  process.kill(first, 'SIGKILL');
  assert.deepEqual(await p.exited, { code: null, signal: 'SIGKILL' });
  await waitFor(() => gone(p.pid), { what: `process ${p.pid} to be killed` });
  const r = await collect(await shim.spawn({ argv: ['echo', 'again'], cwd: tmpdir(), env }));
  assert.deepEqual([r.out, r.code], ['again\n', 0]);
  assert.notEqual(shim.pid, first);
});

test('closing the shim kills what it still runs', async () => {
  const own = new Shim();
  const p = await own.spawn({ argv: ['sleep', '3600'], cwd: tmpdir(), env });
  p.stdout.resume();
  p.stderr.resume();
  await own.close();
  await p.exited;
  await waitFor(() => gone(p.pid), { what: `process ${p.pid} to be killed` });
  await assert.rejects(own.spawn({ argv: ['true'], cwd: tmpdir(), env }), ShimSpawnError);
});
