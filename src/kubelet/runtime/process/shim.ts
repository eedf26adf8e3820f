/**
 * The runtime's end of shim.mjs: one helper process per ProcessRuntime that starts the runtime's
 * processes, as containerd-shim does on a real node. Forking from the cluster's process costs
 * more the more memory it holds (1–7 ms each, event loop blocked); the shim is a plain ~40 MB
 * `node` process on another core. See shim.mjs for the protocol.
 *
 * - stdio: the runtime listens on a unix socket in a private (0700) temporary directory; the shim
 *   connects once per stream of a process, names it in a header line, and gives the socket to the
 *   process as that stream, so output flows from the process to the runtime with no copy between.
 * - Exit: reported once the exit notice has arrived AND stdout and stderr have ended (the notice can
 *   overtake the last bytes, which travel on another channel), as Node's 'close' does for pipes.
 * - Signals: the caller signals the process group (-pid) itself; the shim is not involved.
 * - Orphans: when the runtime's process dies the shim kills every group it started. When the shim
 *   dies, the runtime kills the groups it knows of and reports them exited by SIGKILL (137); the
 *   next spawn starts a new shim. A process whose pid the shim had not yet reported when it died
 *   (a window of microseconds between fork and the reply) cannot be found; its streams are closed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Clock, systemClock } from '../../../util/clock.ts';
import { readHeader, ShimEntry, type ShimExit, type ShimProcess, type StreamName } from './shim-process.ts';

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
}

export class Shim {
  private readonly clock: Clock;
  private listening?: Promise<{ server: Server; dir: string; path: string }>;
  private starting?: Promise<Helper>;
  private current?: Helper;
  private readonly entries = new Map<string, ShimEntry>();
  private nextId = 0;
  private closed = false;

  constructor(options: ShimOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /** Starts the shim if it is not running (spawn does too; calling this early hides its start-up). */
  async ready(): Promise<void> { await this.helper(); }

  /** The shim's pid, when one is running. */
  get pid(): number | undefined { return this.current?.child.pid; }

  /** Starts a detached process group; rejects with ShimSpawnError when it cannot start. */
  async spawn(options: ShimSpawnOptions): Promise<ShimProcess> {
    const helper = await this.helper();
    const id = String(++this.nextId);
    const entry = new ShimEntry(id, options.stdin ? ['stdin', 'stdout', 'stderr'] : ['stdout', 'stderr'], this.clock, () => this.forget(helper, id));
    this.entries.set(id, entry);
    helper.entries.set(id, entry);
    if (helper.entries.size === 1) helper.child.channel?.ref();
    helper.child.send({ type: 'spawn', id, argv: options.argv, cwd: options.cwd, env: options.env, stdin: options.stdin ?? false });
    return entry.started;
  }

  /** Ends the shim (it kills whatever it still runs) and stops listening. */
  async close(): Promise<void> {
    this.closed = true;
    const helper = this.current;
    this.current = undefined;
    this.starting = undefined;
    if (helper?.child.connected) helper.child.disconnect();
    if (helper) this.lost(helper, 'the container runtime is closing');
    const listening = await this.listening?.catch(() => undefined);
    this.listening = undefined;
    if (!listening) return;
    listening.server.close();
    await rm(listening.dir, { recursive: true, force: true });
  }

  private forget(helper: Helper, id: string): void {
    this.entries.delete(id);
    helper.entries.delete(id);
    if (helper.entries.size === 0) helper.child.channel?.unref();
  }

  private helper(): Promise<Helper> {
    if (this.closed) return Promise.reject(new ShimSpawnError('EIO', 'the container runtime is closed'));
    this.starting ??= this.start().catch((e: unknown) => { this.starting = undefined; throw e; });
    return this.starting;
  }

  private async start(): Promise<Helper> {
    this.listening ??= this.listen().catch((e: unknown) => { this.listening = undefined; throw e; });
    const { path } = await this.listening;
    // a plain node: the runtime's NODE_OPTIONS (e.g. --import tsx) would only make it bigger
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, [SCRIPT, path], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env });
    const failed = await new Promise<Error | undefined>((resolve) => {
      child.once('spawn', () => resolve(undefined));
      child.once('error', resolve);
    });
    if (failed) throw new ShimSpawnError('EIO', `cannot start the container shim: ${failed.message}`);
    if (this.closed) { child.disconnect(); throw new ShimSpawnError('EIO', 'the container runtime is closed'); }
    const helper: Helper = { child, entries: new Map() };
    child.unref();
    child.channel?.unref();
    child.on('message', (m: unknown) => this.onMessage(helper, m));
    child.on('error', () => {}); // a failed send: the exit below settles what was in flight
    // every message is read before 'disconnect'; a shim that died has closed its end
    child.once('disconnect', () => this.lost(helper, 'the container shim exited'));
    this.current = helper;
    return helper;
  }

  private async listen(): Promise<{ server: Server; dir: string; path: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'ekslite-shim-'));
    const path = join(dir, 'shim.sock');
    const server = createServer({ pauseOnConnect: true }, (socket) => void this.accept(socket));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(path, () => { server.off('error', reject); resolve(); });
      });
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw new ShimSpawnError('EIO', `cannot listen on ${path}: ${(e as Error).message}`);
    }
    server.on('error', () => {});
    server.unref();
    return { server, dir, path };
  }

  private async accept(socket: Socket): Promise<void> {
    socket.on('error', () => {}); // a process gone mid-write; its exit is reported by the shim
    const header = await readHeader(socket);
    const [id, stream] = header?.split(' ') ?? [];
    const entry = id ? this.entries.get(id) : undefined;
    if (!entry || !entry.addStream(stream as StreamName, socket)) socket.destroy();
  }

  private onMessage(helper: Helper, m: unknown): void {
    if (typeof m !== 'object' || m === null) return;
    const msg = m as { type?: unknown; id?: unknown; pid?: unknown; error?: { code?: unknown; message?: unknown }; code?: unknown; signal?: unknown };
    const entry = typeof msg.id === 'string' ? helper.entries.get(msg.id) : undefined;
    if (!entry) return;
    if (msg.type === 'spawned' && typeof msg.pid === 'number') entry.setPid(msg.pid);
    else if (msg.type === 'spawned') entry.fail(new ShimSpawnError(String(msg.error?.code ?? 'EIO'), String(msg.error?.message ?? 'spawn failed')));
    else if (msg.type === 'exit') {
      entry.setExit({ code: typeof msg.code === 'number' ? msg.code : null, signal: typeof msg.signal === 'string' ? msg.signal as NodeJS.Signals : null });
    }
  }

  /** The shim is gone: what it ran is killed and reported killed; requests without a pid fail. */
  private lost(helper: Helper, why: string): void {
    if (this.current === helper) { this.current = undefined; this.starting = undefined; }
    for (const entry of [...helper.entries.values()]) {
      const pid = entry.pid;
      if (pid === undefined) { entry.fail(new ShimSpawnError('EIO', why)); continue; }
      try { process.kill(-pid, 'SIGKILL'); } catch { /* the group is gone */ }
      entry.setExit({ code: null, signal: 'SIGKILL' });
    }
  }
}
