/**
 * The runtime's view of one process started by the shim (shim.ts): its pid, its streams as they
 * arrive on the runtime's socket, and its exit, which counts only once stdout and stderr have
 * ended as well — the exit notice comes over the IPC channel and can overtake the last output.
 */
import type { Socket } from 'node:net';
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

/**
 * How long output may keep coming after the exit notice before the streams are cut: the group is
 * killed when its main process exits, so only a process that left the group (setsid) can hold
 * them open — as containerd's shim would wait for ever, a node's kubelet would see no exit.
 */
const DRAIN_MS = 2000;
const MAX_HEADER = 64;

/** A request to the shim, from the spawn message until the process has exited (or failed to start). */
export class ShimEntry {
  pid?: number;
  readonly started: Promise<ShimProcess>;
  private resolveStarted!: (p: ShimProcess) => void;
  private rejectStarted!: (e: Error) => void;
  private readonly streams: Partial<Record<StreamName, Socket>> = {};
  private ended = 0;
  private exit?: ShimExit;
  private resolveExited!: (e: ShimExit) => void;
  private readonly exited = new Promise<ShimExit>((r) => { this.resolveExited = r; });
  private state: 'starting' | 'started' | 'done' = 'starting';
  private cancelDrain?: () => void;

  constructor(
    readonly id: string,
    private readonly want: readonly StreamName[],
    private readonly clock: Clock,
    private readonly onDone: () => void,
  ) {
    this.started = new Promise((resolve, reject) => { this.resolveStarted = resolve; this.rejectStarted = reject; });
  }

  /** false when the stream is not expected (unknown name, a duplicate, or the request is over). */
  addStream(name: StreamName, socket: Socket): boolean {
    if (this.state === 'done' || !this.want.includes(name) || this.streams[name]) return false;
    this.streams[name] = socket;
    if (name !== 'stdin') finished(socket, { writable: false }, () => { this.ended++; this.maybeDone(); });
    this.maybeStarted();
    return true;
  }

  setPid(pid: number): void {
    if (this.state !== 'starting') return;
    this.pid = pid;
    this.maybeStarted();
  }

  /** The process did not start: its streams are closed and the spawn rejects. */
  fail(error: Error): void {
    if (this.state !== 'starting') return;
    for (const s of Object.values(this.streams)) s.destroy();
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
    for (const name of ['stdout', 'stderr'] as const) this.streams[name]?.destroy();
    if (this.state === 'starting') this.fail(new Error(`the streams of process ${this.pid} never arrived`));
  }

  private maybeStarted(): void {
    if (this.state !== 'starting' || this.pid === undefined || this.want.some((n) => !this.streams[n])) return;
    this.state = 'started';
    const { stdin, stdout, stderr } = this.streams;
    this.resolveStarted({ pid: this.pid, stdin, stdout: stdout!, stderr: stderr!, exited: this.exited });
    this.maybeDone();
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
 * Reads the shim's header line ("<id> <stream>") off a new connection and puts back whatever
 * followed it; undefined when the connection ends first or sends no header.
 */
export function readHeader(socket: Socket): Promise<string | undefined> {
  return new Promise((resolve) => {
    let buffered = Buffer.alloc(0);
    const done = (header: string | undefined, rest?: Buffer) => {
      socket.off('readable', onReadable);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      if (rest && rest.length > 0) socket.unshift(rest);
      resolve(header);
    };
    const onReadable = () => {
      for (let chunk = socket.read() as Buffer | null; chunk !== null; chunk = socket.read() as Buffer | null) {
        buffered = Buffer.concat([buffered, chunk]);
        const nl = buffered.indexOf(10);
        if (nl >= 0) return done(buffered.subarray(0, nl).toString('latin1'), buffered.subarray(nl + 1));
        if (buffered.length > MAX_HEADER) return done(undefined);
      }
    };
    const onEnd = () => done(undefined);
    socket.on('readable', onReadable);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
  });
}
