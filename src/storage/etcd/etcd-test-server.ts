import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's etcd-server package installs the binary here (CI: `apt-get install etcd-server`). */
export const ETCD_BINARY = '/usr/bin/etcd';

/** Why etcd tests cannot run here, or undefined when they can. */
export function etcdUnavailableReason(binary = ETCD_BINARY): string | undefined {
  return existsSync(binary) ? undefined : `${binary} is not installed (Debian/Ubuntu: apt-get install etcd-server)`;
}

export interface EtcdTestServerOptions {
  /** @default ETCD_BINARY */
  readonly binary?: string;
  /** Data directory; a temporary one, removed by stop(), when absent. */
  readonly dataDir?: string;
  /** How long to wait for the server to answer /health before failing. @default 30000 */
  readonly startTimeoutMs?: number;
}

export interface EtcdTestServer {
  /** The client URL, `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  readonly dataDir: string;
  /** The etcd process id (the benchmark reads its CPU time from /proc). */
  readonly pid: number;
  /** Kills the server and removes its temporary data directory. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the kernel picks it; a small race with other processes remains). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/**
 * Starts a single-member etcd on free loopback ports with its own data directory and resolves
 * once its /health endpoint answers healthy. Used by the etcd driver's tests and by the storage
 * benchmark. etcd 3.4 fsyncs its WAL on every commit (there is no switch to turn it off).
 */
export async function startEtcdTestServer(options: EtcdTestServerOptions = {}): Promise<EtcdTestServer> {
  const binary = options.binary ?? ETCD_BINARY;
  const unavailable = etcdUnavailableReason(binary);
  if (unavailable) throw new Error(unavailable);
  // A port found free can be taken by another process before etcd binds it: try other ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binary, options);
    } catch (e) {
      if (attempt === 5 || !(e instanceof PortTakenError)) throw e;
    }
  }
}

class PortTakenError extends Error {}

async function startOnce(binary: string, options: EtcdTestServerOptions): Promise<EtcdTestServer> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ekslite-etcd-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const child: ChildProcess = spawn(binary, [
    '--name', 'ekslite-test',
    '--data-dir', dataDir,
    '--listen-client-urls', endpoint,
    '--advertise-client-urls', endpoint,
    '--listen-peer-urls', peer,
    '--initial-advertise-peer-urls', peer,
    '--initial-cluster', `ekslite-test=${peer}`,
    '--initial-cluster-state', 'new',
    '--logger', 'zap',
    '--log-level', 'error',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));

  const stop = async (): Promise<void> => {
    if (running) {
      child.kill('SIGKILL');
      await exited;
    }
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (!running) {
      await stop();
      const message = `etcd exited during startup: ${stderr}`;
      throw stderr.includes('address already in use') ? new PortTakenError(message) : new Error(message);
    }
    try {
      const response = await fetch(`${endpoint}/health`);
      const body = (await response.json()) as { health?: unknown };
      if (response.ok && body.health === 'true') return { endpoint, dataDir, pid: child.pid!, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`etcd did not become healthy at ${endpoint}: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
