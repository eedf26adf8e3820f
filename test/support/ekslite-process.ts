/**
 * Runs the built CLI (`dist/ekslite.js up`) as a child process on a free port with its own data
 * dir, kubeconfig and HOME, so end-to-end tests drive it exactly as a user would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface EksliteProcess {
  readonly url: string;
  readonly dir: string;
  readonly dataDir: string;
  readonly kubeconfig: string;
  readonly home: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM and wait for exit; returns the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait. */
  kill(): Promise<void>;
  /** Removes the temp dir (after stop). */
  cleanup(): Promise<void>;
}

export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'ekslite.js');

export async function startEkslite(options: { dir?: string; name?: string; extraArgs?: string[] } = {}): Promise<EksliteProcess> {
  const dir = options.dir ?? await mkdtemp(join(tmpdir(), 'ekslite-e2e-'));
  const dataDir = join(dir, 'data');
  const kubeconfig = join(dir, 'kubeconfig');
  const home = join(dir, 'home');
  const child = spawn(process.execPath, [CLI, 'up', '--name', options.name ?? 'e2e', '--port', '0', '--data-dir', dataDir, '--kubeconfig', kubeconfig, ...(options.extraArgs ?? [])], {
    env: { ...process.env, HOME: home, KUBECONFIG: kubeconfig },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { out += c.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /is up at (https:\/\/\S+)/.exec(out);
      if (m) { resolve(m[1]); return true; }
      return false;
    };
    child.stdout!.on('data', () => { check(); });
    void exited.then((code) => reject(new Error(`ekslite exited with ${code} before it was up:\n${out}`)));
  });
  return {
    url, dir, dataDir, kubeconfig, home, child,
    output: () => out,
    async stop() { child.kill('SIGTERM'); return exited; },
    async kill() { child.kill('SIGKILL'); await exited; },
    async cleanup() { await rm(dir, { recursive: true, force: true }); },
  };
}
