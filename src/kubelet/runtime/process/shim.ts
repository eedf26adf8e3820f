/**
 * The runtime's end of shim.mjs: one helper process per ProcessRuntime that starts the runtime's
 * processes, as containerd-shim does on a real node. Forking from the cluster's process costs
 * more the more memory it holds (1–7 ms each, event loop blocked); the shim is a plain ~40 MB
 * `node` process on another core. See shim.mjs for the protocol.
 *
 * - stdio: named pipes (FIFOs), as containerd gives containers, so that a process can reopen its
 *   stdio by path (/dev/stdout, `tee /dev/stderr`, a log file linked to /dev/stdout), which fails
 *   with ENXIO on a socket. The shim makes them in batches (fifo-pool.ts) in a private (0700)
 *   temporary directory; the runtime opens its ends before asking for the spawn and reads and
 *   writes them itself, so output flows from the process to the runtime with no copy between.
 * - Exit: reported once the exit notice has arrived AND stdout and stderr have ended (the notice can
 *   overtake the last bytes, which travel on another channel), as Node's 'close' does for pipes.
 * - Signals: the caller signals the process group (-pid) itself; the shim is not involved.
 * - Orphans: when the runtime's process dies the shim kills every group it started. When the shim
 *   dies, the runtime kills the groups it knows of and reports them exited by SIGKILL (137); the
 *   next spawn starts a new shim. A process whose pid the shim had not yet reported when it died
 *   (a window of microseconds between fork and the reply) cannot be found; its streams are closed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { unlink } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Clock, systemClock } from '../../../util/clock.ts';
import { FifoPool } from './fifo-pool.ts';
import { openStreams, ShimEntry, type ShimProcess, type ShimStreams } from './shim-process.ts';

export type { ShimExit, ShimProcess } from './shim-process.ts';

/** Beside this module; in the bundle, dist/shim.mjs beside dist/ekslite.js (scripts/build.mjs copies it). */
const SCRIPT = fileURLToPath(new URL('./shim.mjs', import.meta.url));

export interface ShimOptions {
  /** @default systemClock */
  readonly clock?: Clock;
}

export interface ShimSpawnOptions {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Give the process a stdin stream (else /dev/null). @default false */
  readonly stdin?: boolean;
}

/** The process could not be started; `code` is the errno name (ENOENT, EACCES…) when there is one. */
export class ShimSpawnError extends Error {
  override name = 'ShimSpawnError';
  constructor(readonly code: string, message: string) { super(message); }
}

/** One running shim process and the requests it owns. */
interface Helper {
  readonly child: ChildProcess;
  readonly entries: Map<string, ShimEntry>;
  /** mkfifo requests awaiting their reply */
  readonly making: Map<string, { readonly resolve: () => void; readonly reject: (e: Error) => void }>;
}

export class Shim {
  private readonly clock: Clock;
  private workdir?: Promise<string>;
  private starting?: Promise<Helper>;
  private current?: Helper;
  private readonly pool = new FifoPool((count) => this.mkfifo(count));
  private nextId = 0;
  private nextFifo = 0;
  private closed = false;

  constructor(options: ShimOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /** Starts the shim if it is not running (spawn does too; calling this early hides its start-up). */
  async ready(): Promise<void> {
    await this.helper();
    this.pool.fill();
  }

  /** The shim's pid, when one is running. */
  get pid(): number | undefined { return this.current?.child.pid; }

  /** Starts a detached process group; rejects with ShimSpawnError when it cannot start. */
  async spawn(options: ShimSpawnOptions): Promise<ShimProcess> {
    await this.helper();
    const paths = await this.pool.take(options.stdin ? 3 : 2);
    const [stdin, stdout, stderr] = options.stdin ? paths : [undefined, ...paths];
    const unlinkAll = () => { for (const p of paths) unlink(p, () => {}); };
    let streams: ShimStreams;
    try {
      streams = await openStreams({ stdin, stdout: stdout!, stderr: stderr! });
    } catch (e) {
      unlinkAll();
      const err = e as NodeJS.ErrnoException;
      throw new ShimSpawnError(err.code ?? 'EIO', `cannot open the process's FIFOs: ${err.message}`);
    }
    // the shim may have died and been replaced meanwhile: the FIFOs outlive it
    let helper: Helper;
    try {
      helper = await this.helper();
    } catch (e) {
      for (const s of [streams.stdin, streams.stdout, streams.stderr]) s?.destroy();
      unlinkAll();
      throw e;
    }
    const id = String(++this.nextId);
    const entry = new ShimEntry(id, streams, this.clock, () => this.forget(helper, id));
    helper.entries.set(id, entry);
    this.hold(helper);
    helper.child.send({ type: 'spawn', id, argv: options.argv, cwd: options.cwd, env: options.env, stdio: [stdin ?? null, stdout, stderr] });
    return entry.started;
  }

  /** Ends the shim (it kills whatever it still runs) and removes its directory. */
  async close(): Promise<void> {
    this.closed = true;
    this.pool.close(new ShimSpawnError('EIO', 'the container runtime is closed'));
    const helper = this.current;
    this.current = undefined;
    this.starting = undefined;
    if (helper?.child.connected) helper.child.disconnect();
    if (helper) this.lost(helper, 'the container runtime is closing');
    const dir = await this.workdir?.catch(() => undefined);
    this.workdir = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  private forget(helper: Helper, id: string): void {
    helper.entries.delete(id);
    this.hold(helper);
  }

  /** The channel keeps the runtime's process alive only while the shim owes it an answer. */
  private hold(helper: Helper): void {
    if (helper.entries.size + helper.making.size > 0) helper.child.channel?.ref();
    else helper.child.channel?.unref();
  }

  private helper(): Promise<Helper> {
    if (this.closed) return Promise.reject(new ShimSpawnError('EIO', 'the container runtime is closed'));
    this.starting ??= this.start().catch((e: unknown) => { this.starting = undefined; throw e; });
    return this.starting;
  }

  private dir(): Promise<string> {
    this.workdir ??= mkdtemp(join(tmpdir(), 'ekslite-shim-')).catch((e: unknown) => {
      this.workdir = undefined;
      throw new ShimSpawnError('EIO', `cannot make the shim's directory: ${(e as Error).message}`);
    });
    return this.workdir;
  }

  private async start(): Promise<Helper> {
    const dir = await this.dir();
    // a plain node: the runtime's NODE_OPTIONS (e.g. --import tsx) would only make it bigger
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, [SCRIPT, dir], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env });
    const failed = await new Promise<Error | undefined>((resolve) => {
      child.once('spawn', () => resolve(undefined));
      child.once('error', resolve);
    });
    if (failed) throw new ShimSpawnError('EIO', `cannot start the container shim: ${failed.message}`);
    if (this.closed) { child.disconnect(); throw new ShimSpawnError('EIO', 'the container runtime is closed'); }
    const helper: Helper = { child, entries: new Map(), making: new Map() };
    child.unref();
    child.channel?.unref();
    child.on('message', (m: unknown) => this.onMessage(helper, m));
    child.on('error', () => {}); // a failed send: the exit below settles what was in flight
    // every message is read before 'disconnect'; a shim that died has closed its end
    child.once('disconnect', () => this.lost(helper, 'the container shim exited'));
    this.current = helper;
    return helper;
  }

  /** Has the shim make `count` FIFOs in the directory; resolves with their paths. */
  private async mkfifo(count: number): Promise<string[]> {
    const dir = await this.dir();
    const helper = await this.helper();
    const paths = Array.from({ length: count }, () => join(dir, `fifo-${++this.nextFifo}`));
    const id = String(++this.nextId);
    await new Promise<void>((resolve, reject) => {
      helper.making.set(id, { resolve, reject });
      this.hold(helper);
      helper.child.send({ type: 'mkfifo', id, paths });
    });
    return paths;
  }

  private onMessage(helper: Helper, m: unknown): void {
    if (typeof m !== 'object' || m === null) return;
    const msg = m as { type?: unknown; id?: unknown; pid?: unknown; error?: { code?: unknown; message?: unknown }; code?: unknown; signal?: unknown };
    if (typeof msg.id !== 'string') return;
    const error = msg.error && new ShimSpawnError(String(msg.error.code ?? 'EIO'), String(msg.error.message ?? 'failed'));
    if (msg.type === 'made') {
      const making = helper.making.get(msg.id);
      helper.making.delete(msg.id);
      this.hold(helper);
      if (error) making?.reject(error);
      else making?.resolve();
      return;
    }
    const entry = helper.entries.get(msg.id);
    if (!entry) return;
    if (msg.type === 'spawned' && typeof msg.pid === 'number') entry.setPid(msg.pid);
    else if (msg.type === 'spawned') entry.fail(error ?? new ShimSpawnError('EIO', 'spawn failed'));
    else if (msg.type === 'exit') {
      entry.setExit({ code: typeof msg.code === 'number' ? msg.code : null, signal: typeof msg.signal === 'string' ? msg.signal as NodeJS.Signals : null });
    }
  }

  /** The shim is gone: what it ran is killed and reported killed; requests without a pid fail. */
  private lost(helper: Helper, why: string): void {
    if (this.current === helper) { this.current = undefined; this.starting = undefined; }
    for (const making of helper.making.values()) making.reject(new ShimSpawnError('EIO', why));
    helper.making.clear();
    for (const entry of [...helper.entries.values()]) {
      const pid = entry.pid;
      if (pid === undefined) { entry.fail(new ShimSpawnError('EIO', why)); continue; }
      try { process.kill(-pid, 'SIGKILL'); } catch { /* the group is gone */ }
      entry.setExit({ code: null, signal: 'SIGKILL' });
    }
  }
}
