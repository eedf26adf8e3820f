import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
  for (const size of [100_000, 1 << 22]) {
    const script = `process.stdout.write(Buffer.alloc(${size}, 'o')); process.stderr.write(Buffer.alloc(${size}, 'e'));`;
    const spawned = shim.spawn({ argv: [process.execPath, '-e', script], cwd: tmpdir(), env });
    // Hold the event loop once the request is sent: output that fits the sockets' buffers is then
    // all written and the process gone before the runtime reads anything, so the exit notice
    // (IPC) is read before the streams are even accepted.
    setImmediate(() => { const until = performance.now() + 300; while (performance.now() < until); });
    const r = await collect(await spawned);
    assert.deepEqual([r.out.length, r.err.length, r.code, r.signal], [size, size, 0, null]);
  }
});

test('stdin, when asked for, reaches the process; its end closes the process\'s stdin', async () => {
  const p = await shim.spawn({ argv: ['sh', '-c', 'cat; echo done >&2; exit 4'], cwd: tmpdir(), env, stdin: true });
  p.stdin!.end('hello\n');
  assert.deepEqual(await collect(p), { out: 'hello\n', err: 'done\n', code: 4, signal: null });
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
