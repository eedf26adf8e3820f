/**
 * Starts and feeds reaper.mjs: one small helper process per ProcessRuntime that kills the
 * runtime's container process groups if the runtime's process dies without stopping them
 * (containers are spawned detached so that they can be signalled as groups, which also means
 * they would otherwise outlive it). Unref'd: it never keeps the node's process alive.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./reaper.mjs', import.meta.url));

export class Reaper {
  private child?: ChildProcess;

  constructor(private readonly script = SCRIPT) {}

  private ensure(): ChildProcess | undefined {
    if (this.child && this.child.exitCode === null && !this.child.killed) return this.child;
    try {
      const child = spawn(process.execPath, [this.script], { stdio: ['pipe', 'ignore', 'ignore'] });
      child.on('error', () => { this.child = undefined; });
      child.stdin?.on('error', () => {});
      child.unref();
      (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
      this.child = child;
      return child;
    } catch {
      return undefined;
    }
  }

  watch(pgid: number): void { this.ensure()?.stdin?.write(`+${pgid}\n`); }
  forget(pgid: number): void { this.child?.stdin?.write(`-${pgid}\n`); }

  close(): void {
    this.child?.stdin?.end();
    this.child = undefined;
  }
}
