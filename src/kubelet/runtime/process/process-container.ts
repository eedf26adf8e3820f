/**
 * One process-runtime container: a host process group (started detached by the shim, so the group
 * is the container and can be signalled as one), its CRI log, and its state as the CRI reports it.
 * When the main process exits the shim kills the rest of its group, as the end of PID 1 ends a
 * real container's PID namespace.
 */
import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { Clock } from '../../../util/clock.ts';
import type { ContainerConfig, ContainerState, ContainerStats, ContainerStatus } from '../container-runtime.ts';
import { CriLogWriter, readCriLog } from '../cri-log.ts';
import { sampleProcessGroup } from './proc-stats.ts';
import type { Shim, ShimExit, ShimProcess } from './shim.ts';

/** kubelet caps termination messages at 4096 bytes; FallbackToLogsOnError uses the last 80 lines / 2048 bytes. */
const MAX_MESSAGE = 4096;
const FALLBACK_LINES = 80;
const FALLBACK_BYTES = 2048;

export interface ProcessSpec {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Host file behind terminationMessagePath. */
  readonly terminationLog: string;
}

export class ProcessContainer {
  state: ContainerState = 'created';
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  message?: string;
  readonly createdAt: number;
  private proc?: ShimProcess;
  /** Set by start(): stop() waits for a start in flight rather than miss the process it starts. */
  private startup?: Promise<void>;
  private log?: CriLogWriter;
  private oomKilled = false;
  private lastSample?: { cpuNanos: number; at: number };
  private readonly attached = new Set<{ stdout?: Writable; stderr?: Writable }>();
  private exitWaiters: (() => void)[] = [];

  constructor(
    readonly id: string,
    readonly sandboxId: string,
    readonly config: ContainerConfig,
    readonly image: { image: string; imageRef: string },
    readonly dir: string,
    /** undefined when the container cannot start: `startError` says why. */
    readonly spec: ProcessSpec | undefined,
    private readonly startError: string | undefined,
    private readonly clock: Clock,
    private readonly onExit: (c: ProcessContainer) => void,
    private readonly shim: Shim,
  ) {
    this.createdAt = clock.now();
  }

  get pid(): number | undefined { return this.state === 'running' ? this.proc?.pid : undefined; }

  /** Resolves once running; rejects (and records StartError) when the process cannot start. */
  start(): Promise<void> {
    this.startup ??= this.run();
    return this.startup;
  }

  private async run(): Promise<void> {
    this.log = await CriLogWriter.open(this.config.logPath, this.clock);
    if (!this.spec) return this.failStart(this.startError ?? 'no command');
    const { argv, cwd, env } = this.spec;
    let proc: ShimProcess;
    try {
      proc = await this.shim.spawn({ argv, cwd, env, stdin: this.config.stdin ?? false });
    } catch (e) {
      return this.failStart(`failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${argv[0]}": ${(e as Error).message}: unknown`);
    }
    this.proc = proc;
    this.state = 'running';
    this.startedAt = this.clock.now();
    proc.stdout.on('data', (d: Buffer) => { this.log!.write('stdout', d); for (const a of this.attached) a.stdout?.write(d); });
    proc.stderr.on('data', (d: Buffer) => { this.log!.write('stderr', d); for (const a of this.attached) a.stderr?.write(d); });
    void proc.exited.then((exit) => this.exited(exit));
  }

  private async failStart(message: string): Promise<never> {
    this.state = 'exited';
    this.startedAt = this.finishedAt = this.clock.now();
    this.exitCode = 128;
    this.reason = 'StartError';
    this.message = message;
    await this.log?.close();
    this.notifyExit();
    throw new Error(message);
  }

  private async exited({ code, signal }: ShimExit): Promise<void> {
    this.finishedAt = this.clock.now();
    this.exitCode = code ?? 128 + signalNumber(signal);
    this.reason = this.oomKilled ? 'OOMKilled' : this.exitCode === 0 ? 'Completed' : 'Error';
    await this.log?.close();
    this.message = await this.terminationMessage();
    this.state = 'exited';
    this.notifyExit();
  }

  private notifyExit(): void {
    for (const w of this.exitWaiters.splice(0)) w();
    this.onExit(this);
  }

  private async terminationMessage(): Promise<string | undefined> {
    let msg = await readFile(this.spec!.terminationLog, 'utf8').then((t) => t.slice(0, MAX_MESSAGE), () => '');
    if (!msg && this.config.terminationMessagePolicy === 'FallbackToLogsOnError' && this.exitCode !== 0) {
      msg = (await readCriLog(this.config.logPath)).slice(-FALLBACK_LINES).join('\n');
      if (msg.length > FALLBACK_BYTES) msg = msg.slice(-FALLBACK_BYTES);
    }
    return msg || undefined;
  }

  waitForExit(): Promise<void> {
    return this.state === 'exited' || this.state === 'created' && !this.startup ? Promise.resolve() : new Promise((r) => this.exitWaiters.push(r));
  }

  killGroup(signal: NodeJS.Signals): void {
    const pid = this.pid;
    if (!pid) return;
    try { process.kill(-pid, signal); } catch { /* the group is gone */ }
  }

  /** SIGTERM to the group, SIGKILL after timeoutSeconds (0: at once); resolves on exit. */
  async stop(timeoutSeconds: number): Promise<void> {
    if (this.state === 'created') await this.startup?.catch(() => {});
    if (this.state !== 'running') return;
    const exited = this.waitForExit();
    if (timeoutSeconds <= 0) {
      this.killGroup('SIGKILL');
    } else {
      this.killGroup('SIGTERM');
      const cancel = this.clock.setTimer(() => this.killGroup('SIGKILL'), timeoutSeconds * 1000);
      void exited.then(cancel);
    }
    await exited;
  }

  /** Kills the container for exceeding its memory limit (reported as OOMKilled, exit 137). */
  oomKill(): void {
    this.oomKilled = true;
    this.killGroup('SIGKILL');
  }

  attach(streams: { stdout?: Writable; stderr?: Writable }): () => void {
    this.attached.add(streams);
    return () => this.attached.delete(streams);
  }

  get stdin(): Writable | undefined { return this.proc?.stdin; }

  /** Resident memory of the group now, without touching the CPU-rate baseline of stats(). */
  async memoryBytes(): Promise<number | undefined> {
    const pid = this.pid;
    return pid ? (await sampleProcessGroup(pid))?.rssBytes : undefined;
  }

  async stats(): Promise<ContainerStats | undefined> {
    const pid = this.pid;
    if (!pid) return undefined;
    const s = await sampleProcessGroup(pid);
    if (!s) return undefined;
    const now = this.clock.now();
    const prev = this.lastSample ?? { cpuNanos: 0, at: this.startedAt ?? now };
    const elapsedNs = Math.max(1, (now - prev.at) * 1e6);
    this.lastSample = { cpuNanos: s.cpuNanos, at: now };
    return {
      cpuNanoCores: Math.max(0, Math.round(((s.cpuNanos - prev.cpuNanos) / elapsedNs) * 1e9)),
      cpuUsageCoreNanoSeconds: s.cpuNanos,
      memoryWorkingSetBytes: s.rssBytes,
      timestamp: now,
    };
  }

  status(): ContainerStatus {
    return {
      id: this.id, sandboxId: this.sandboxId, name: this.config.name, attempt: this.config.attempt, state: this.state,
      createdAt: this.createdAt, startedAt: this.startedAt, finishedAt: this.finishedAt, exitCode: this.exitCode,
      reason: this.reason, message: this.message, image: this.image.image, imageRef: this.image.imageRef,
    };
  }
}

const SIGNALS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 };

export function signalNumber(signal: NodeJS.Signals | null): number {
  return signal ? SIGNALS[signal] ?? 1 : 0;
}
