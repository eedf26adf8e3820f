/**
 * The runtime's view of one process started by the shim (shim.ts): its pid, its streams (the
 * runtime's ends of its FIFOs) and its exit, which counts only once stdout and stderr have ended
 * as well — the exit notice comes over the IPC channel and can overtake the last output.
 */
import { close, constants, open } from 'node:fs';
import { Socket } from 'node:net';
import { finished, type Readable, type Writable } from 'node:stream';
import type { Clock } from '../../../util/clock.ts';

export type StreamName = 'stdin' | 'stdout' | 'stderr';

/** As Node reports it: `code` when the process exited, else the signal that ended it. */
export interface ShimExit { readonly code: number | null; readonly signal: NodeJS.Signals | null }

export interface ShimProcess {
  /** Also the process group's id: the process is a group leader. */
  readonly pid: number;
  /** Present when asked for; ending it closes the process's stdin. */
  readonly stdin?: Writable;
  /** The caller must consume both ('data' listeners or pipe): `exited` waits for their end. */
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Resolves once the process has exited and its stdout and stderr have ended; never rejects. */
  readonly exited: Promise<ShimExit>;
}

/** The runtime's ends of one process's FIFOs. */
export interface ShimStreams { readonly stdin?: Socket; readonly stdout: Socket; readonly stderr: Socket }

/**
 * How long output may keep coming after the exit notice before the streams are cut: the group is
 * killed when its main process exits, so only a process that left the group (setsid) can hold
 * them open — as containerd's shim would wait for ever, a node's kubelet would see no exit.
 */
const DRAIN_MS = 2000;

/** A request to the shim, from the spawn message until the process has exited (or failed to start). */
export class ShimEntry {
  pid?: number;
  readonly started: Promise<ShimProcess>;
  private resolveStarted!: (p: ShimProcess) => void;
  private rejectStarted!: (e: Error) => void;
  private ended = 0;
  private exit?: ShimExit;
  private resolveExited!: (e: ShimExit) => void;
  private readonly exited = new Promise<ShimExit>((r) => { this.resolveExited = r; });
  private state: 'starting' | 'started' | 'done' = 'starting';
  private cancelDrain?: () => void;

  constructor(
    readonly id: string,
    private readonly streams: ShimStreams,
    private readonly clock: Clock,
    private readonly onDone: () => void,
  ) {
    this.started = new Promise((resolve, reject) => { this.resolveStarted = resolve; this.rejectStarted = reject; });
    for (const s of [streams.stdout, streams.stderr]) finished(s, { writable: false }, () => { this.ended++; this.maybeDone(); });
  }

  setPid(pid: number): void {
    if (this.state !== 'starting') return;
    this.pid = pid;
    this.state = 'started';
    const { stdin, stdout, stderr } = this.streams;
    this.resolveStarted({ pid, stdin, stdout, stderr, exited: this.exited });
    this.maybeDone();
  }

  /** The process did not start: its streams are closed and the spawn rejects. */
  fail(error: Error): void {
    if (this.state !== 'starting') return;
    for (const s of [this.streams.stdin, this.streams.stdout, this.streams.stderr]) s?.destroy();
    this.finish();
    this.rejectStarted(error);
  }

  setExit(exit: ShimExit): void {
    if (this.exit || this.state === 'done') return;
    this.exit = exit;
    this.cancelDrain = this.clock.setTimer(() => this.cut(), DRAIN_MS);
    this.maybeDone();
  }

  private cut(): void {
    this.streams.stdout.destroy();
    this.streams.stderr.destroy();
    if (this.state === 'starting') this.fail(new Error(`process ${this.id} exited before it started`));
  }

  private maybeDone(): void {
    if (this.state !== 'started' || !this.exit || this.ended < 2) return;
    this.finish();
    this.resolveExited(this.exit);
  }

  private finish(): void {
    this.state = 'done';
    this.cancelDrain?.();
    this.streams.stdin?.destroy();
    this.onDone();
  }
}

/**
 * Opens the runtime's ends of a process's FIFOs, which must happen before the shim opens the
 * others (see shim.mjs): stdout and stderr O_RDONLY, stdin O_RDWR — the Linux way to open a
 * FIFO's writer with no reader yet, which also keeps the process from reading EOF before the
 * runtime has written anything; it gets EOF when this end is closed (`end()` or `destroy()`).
 * All are O_NONBLOCK, read and written through libuv's pipe handles (epoll), never a thread that
 * blocks in read(2) or write(2). On failure whatever was opened is closed again.
 */
export async function openStreams(paths: { readonly stdin?: string; readonly stdout: string; readonly stderr: string }): Promise<ShimStreams> {
  const { O_RDONLY, O_RDWR, O_NONBLOCK } = constants;
  const opened = await Promise.allSettled([
    paths.stdin === undefined ? Promise.resolve(undefined) : openFd(paths.stdin, O_RDWR | O_NONBLOCK),
    openFd(paths.stdout, O_RDONLY | O_NONBLOCK),
    openFd(paths.stderr, O_RDONLY | O_NONBLOCK),
  ]);
  const failed = opened.find((r) => r.status === 'rejected');
  const fds = opened.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
  if (failed) {
    for (const fd of fds) if (fd !== undefined) close(fd, () => {});
    throw failed.reason;
  }
  const socket = (fd: number, read: boolean) => {
    const s = new Socket({ fd, readable: read, writable: !read });
    s.on('error', () => {}); // a process gone mid-stream; its exit is reported by the shim
    return s;
  };
  const [stdin, stdout, stderr] = fds;
  return { stdin: stdin === undefined ? undefined : socket(stdin, false), stdout: socket(stdout!, true), stderr: socket(stderr!, true) };
}

function openFd(path: string, flags: number): Promise<number> {
  return new Promise((resolve, reject) => open(path, flags, (err, fd) => (err ? reject(err) : resolve(fd))));
}
