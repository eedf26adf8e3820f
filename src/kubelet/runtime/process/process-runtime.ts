/**
 * The `process` runtime (default mode): each container is a host process group.
 *
 * - Network: the pod's containers share the pod's 127/8 address, given to them as POD_IP (and
 *   bound by the catalog stand-ins); ports are real sockets on that address. HOSTNAME is the
 *   pod's hostname.
 * - Filesystem: each container runs in its own directory `<podDir>/containers/<name>/<id>` (its
 *   cwd and HOME); volumes are host directories mapped as src/kubelet/runtime/process/path-mapping.ts
 *   describes. workingDir is honoured when it is under a volume or exists on the host.
 * - Images: see command-resolution.ts (host binaries) and image-catalog.ts (stand-ins).
 * - Logs: CRI format at the kubelet's log path, from stdout and stderr, which are FIFOs as
 *   containerd's are (so /dev/stdout can be reopened). Exit codes: the process's, or 128+signal.
 * - Processes: containers (and exec'd commands) are started by a helper process, the shim
 *   (shim.ts), as containerd-shim starts them on a node: forking from the cluster's big process
 *   would block its event loop. Each is a detached process group; the shim kills them if the
 *   runtime's process dies without stopping them, and if the shim dies they are killed and
 *   reported exited (137).
 * - Limits: memory limits are enforced by sampling RSS every second and killing the group
 *   (OOMKilled); CPU limits are not enforced. There is no PID namespace: a shell as "PID 1"
 *   still dies of SIGTERM, where in a real container it would ignore it until SIGKILL.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { type Clock, systemClock } from '../../../util/clock.ts';
import { type IdSource, randomIds } from '../../../util/ids.ts';
import {
  type ContainerConfig, type ContainerEvent, type ContainerRuntime, type ContainerStats, type ContainerStatus, type ExecOptions,
  ExecTimeoutError, type ImageSpec, type Mount, type PodSandboxConfig, type PulledImage, StartContainerError,
} from '../container-runtime.ts';
import { containerPath, resolveArgv, resolveImage } from './command-resolution.ts';
import { DEFAULT_CATALOG_DIR } from './image-catalog.ts';
import { mountsEnv, rewritePaths, hostPathOf } from './path-mapping.ts';
import { ProcessContainer, signalNumber } from './process-container.ts';
import { Shim } from './shim.ts';

export interface ProcessRuntimeOptions {
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default randomIds */
  readonly ids?: IdSource;
  /** Where the catalog stand-ins live. @default src/kubelet/runtime/process/catalog */
  readonly catalogDir?: string;
  /** PATH for finding host binaries and for containers. @default an image's PATH + the host's */
  readonly path?: string;
}

interface Sandbox { readonly id: string; readonly config: PodSandboxConfig; readonly containers: Set<string>; ready: boolean }

export class ProcessRuntime implements ContainerRuntime {
  readonly name = 'ekslite';
  readonly version = '0.1.0';
  private readonly clock: Clock;
  private readonly ids: IdSource;
  private readonly catalogDir: string;
  private readonly path: string;
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly containers = new Map<string, ProcessContainer>();
  private readonly listeners = new Set<(e: ContainerEvent) => void>();
  private cancelMemoryWatch?: () => void;
  private readonly shim: Shim;

  constructor(options: ProcessRuntimeOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? randomIds;
    this.catalogDir = options.catalogDir ?? DEFAULT_CATALOG_DIR;
    this.path = options.path ?? containerPath();
    this.shim = new Shim({ clock: this.clock });
  }

  private newId(): string { return createHash('sha256').update(this.ids.uid()).digest('hex'); }

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    const id = this.newId();
    await mkdir(join(config.podDir, 'containers'), { recursive: true });
    this.sandboxes.set(id, { id, config, containers: new Set(), ready: true });
    this.shim.ready().catch(() => {}); // its containers will need it; a failure surfaces at their start
    return id;
  }

  async stopPodSandbox(sandboxId: string): Promise<void> {
    const sb = this.sandboxes.get(sandboxId);
    if (!sb) return;
    await Promise.all([...sb.containers].map((id) => this.containers.get(id)?.stop(0)));
    sb.ready = false;
  }

  async removePodSandbox(sandboxId: string): Promise<void> {
    const sb = this.sandboxes.get(sandboxId);
    if (!sb) return;
    await this.stopPodSandbox(sandboxId);
    for (const id of sb.containers) await this.removeContainer(id);
    this.sandboxes.delete(sandboxId);
  }

  pullImage(spec: ImageSpec): Promise<PulledImage> {
    return resolveImage(spec.image, spec.command, this.path).then(({ image, imageRef }) => ({ image, imageRef }));
  }

  async createContainer(sandboxId: string, config: ContainerConfig): Promise<string> {
    const sb = this.sandboxes.get(sandboxId);
    if (!sb) throw new Error(`pod sandbox ${sandboxId} not found`);
    const resolved = await resolveImage(config.image, config.command, this.path);
    const id = this.newId();
    const dir = join(sb.config.podDir, 'containers', config.name, id.slice(0, 12));
    await mkdir(dir, { recursive: true });
    const terminationLog = join(dir, 'termination-log');
    await writeFile(terminationLog, '');
    const mounts: Mount[] = [...config.mounts, { containerPath: config.terminationMessagePath ?? '/dev/termination-log', hostPath: terminationLog, readOnly: false }];
    const target = await resolveArgv(resolved.entry, config.command, config.args, this.path, this.catalogDir);
    const env: Record<string, string> = {
      PATH: this.path, HOME: dir, HOSTNAME: sb.config.hostname, POD_IP: sb.config.ip, EKSLITE_MOUNTS: mountsEnv(mounts),
    };
    for (const [k, v] of config.env) env[k] = rewritePaths(v, mounts);
    if (!env.PATH) env.PATH = this.path;
    const cwd = await this.workingDir(config.workingDir, mounts, dir);
    const spec = 'argv' in target ? { argv: target.argv.map((a) => rewritePaths(a, mounts)), cwd, env, terminationLog } : undefined;
    const container = new ProcessContainer(id, sandboxId, config, resolved, dir, spec, 'error' in target ? target.error : undefined, this.clock, (c) => this.emit({ type: 'exited', containerId: c.id, sandboxId }), this.shim);
    this.containers.set(id, container);
    sb.containers.add(id);
    return id;
  }

  private async workingDir(workingDir: string | undefined, mounts: readonly Mount[], fallback: string): Promise<string> {
    if (!workingDir) return fallback;
    const candidate = hostPathOf(workingDir, mounts) ?? workingDir;
    const info = await stat(candidate).catch(() => undefined);
    return info?.isDirectory() ? candidate : fallback;
  }

  async startContainer(containerId: string): Promise<void> {
    const c = this.get(containerId);
    try {
      await c.start();
    } catch (e) {
      throw new StartContainerError((e as Error).message);
    }
    this.emit({ type: 'started', containerId, sandboxId: c.sandboxId });
    if (c.config.resources?.memoryLimitBytes) this.watchMemory();
  }

  async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    await this.containers.get(containerId)?.stop(timeoutSeconds);
  }

  async removeContainer(containerId: string): Promise<void> {
    const c = this.containers.get(containerId);
    if (!c) return;
    await c.stop(0);
    this.containers.delete(containerId);
    this.sandboxes.get(c.sandboxId)?.containers.delete(containerId);
    await rm(c.dir, { recursive: true, force: true });
  }

  async containerStatus(containerId: string): Promise<ContainerStatus> {
    return this.get(containerId).status();
  }

  async exec(containerId: string, options: ExecOptions): Promise<number> {
    const c = this.get(containerId);
    if (c.state !== 'running' || !c.spec) throw new Error(`container ${containerId} is not running`);
    const mounts = [...c.config.mounts];
    const resolved = await resolveArgv(undefined, options.command, undefined, c.spec.env.PATH ?? this.path, this.catalogDir);
    if ('error' in resolved) throw new Error(`OCI runtime exec failed: ${resolved.error.replace(/^.*unable to start container process: /, '')}`);
    const argv = resolved.argv.map((a) => rewritePaths(a, mounts));
    const proc = await this.shim.spawn({ argv, cwd: c.spec.cwd, env: c.spec.env, stdin: options.stdin !== undefined });
    if (options.stdin && proc.stdin) options.stdin.pipe(proc.stdin);
    proc.stdout.on('data', (d: Buffer) => options.stdout?.write(d));
    proc.stderr.on('data', (d: Buffer) => options.stderr?.write(d));
    let timedOut = false;
    const kill = () => { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ } };
    const cancelTimer = options.timeoutSeconds ? this.clock.setTimer(() => { timedOut = true; kill(); }, options.timeoutSeconds * 1000) : () => {};
    options.signal?.addEventListener('abort', kill, { once: true });
    try {
      const { code, signal } = await proc.exited;
      if (timedOut) throw new ExecTimeoutError(`command timed out after ${options.timeoutSeconds}s`);
      return code ?? 128 + signalNumber(signal);
    } finally {
      cancelTimer();
      options.signal?.removeEventListener('abort', kill);
      if (options.stdin && proc.stdin) options.stdin.unpipe(proc.stdin);
    }
  }

  async attach(containerId: string, options: Omit<ExecOptions, 'command'>): Promise<void> {
    const c = this.get(containerId);
    if (c.state !== 'running') return;
    const detach = c.attach({ stdout: options.stdout, stderr: options.stderr });
    if (options.stdin && c.stdin) options.stdin.pipe(c.stdin, { end: c.config.stdinOnce ?? false });
    await new Promise<void>((resolve) => {
      options.signal?.addEventListener('abort', () => resolve(), { once: true });
      void c.waitForExit().then(resolve);
    });
    detach();
  }

  portForward(sandboxId: string, port: number): Promise<Duplex> {
    const sb = this.sandboxes.get(sandboxId);
    if (!sb) return Promise.reject(new Error(`pod sandbox ${sandboxId} not found`));
    return new Promise((resolve, reject) => {
      const socket = connect({ host: sb.config.ip, port });
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    });
  }

  async containerStats(containerId: string): Promise<ContainerStats | undefined> {
    return this.containers.get(containerId)?.stats();
  }

  subscribe(listener: (e: ContainerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.cancelMemoryWatch?.();
    this.cancelMemoryWatch = undefined;
    await Promise.all([...this.containers.values()].map((c) => c.stop(0)));
    await this.shim.close();
  }

  private emit(e: ContainerEvent): void {
    for (const l of this.listeners) l(e);
  }

  private get(containerId: string): ProcessContainer {
    const c = this.containers.get(containerId);
    if (!c) throw new Error(`container ${containerId} not found`);
    return c;
  }

  /** One timer for the whole runtime, armed while a running container has a memory limit. */
  private watchMemory(): void {
    if (this.cancelMemoryWatch) return;
    const tick = async () => {
      this.cancelMemoryWatch = undefined;
      let any = false;
      for (const c of this.containers.values()) {
        const limit = c.config.resources?.memoryLimitBytes;
        if (!limit || c.state !== 'running') continue;
        any = true;
        const used = await c.memoryBytes();
        if (used !== undefined && used > limit) c.oomKill();
      }
      if (any) this.cancelMemoryWatch = this.clock.setTimer(() => void tick(), 1000);
    };
    this.cancelMemoryWatch = this.clock.setTimer(() => void tick(), 1000);
  }
}

/** A default root for node directories when none is given. */
export function defaultRootDir(): string { return join(homedir(), '.ekslite', 'kubelet'); }
