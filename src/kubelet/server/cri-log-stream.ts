/**
 * Streams a container's CRI log file as `kubectl logs` shows it, after kuberuntime's
 * logs.ReadLogs: every record's content (a newline after F records, none after P(artial) ones),
 * optionally prefixed by its RFC3339Nano timestamp, filtered by `since`, starting `tailLines`
 * records before the end, cut after `limitBytes` bytes. With `follow`, it waits at the end of the
 * file for more records until the container instance exits (then drains what is left) or the
 * reader goes away. As kubelet's tail, `tailLines` counts records: a line longer than 16 KiB
 * written as several P records counts as several.
 */
import { watch, type FSWatcher } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { parseCriLine } from '../runtime/cri-log.ts';

export interface ReadLogOptions {
  readonly follow: boolean;
  /** Start this many records before the end (kubectl --tail). */
  readonly tailLines?: number;
  /** Only records at or after this time, in ms since the epoch (--since, --since-time). */
  readonly sinceMs?: number;
  readonly timestamps: boolean;
  /** Stop after this many bytes of output. */
  readonly limitBytes?: number;
}

export interface LogFollowControl {
  /** Aborted when the reader is gone. */
  readonly signal: AbortSignal;
  /** Resolves when the container instance whose log this is has exited (its writer closed the file). */
  readonly exited: Promise<void>;
}

/** Receives output; resolves when the consumer can take more (backpressure). */
export type LogSink = (chunk: Buffer) => Promise<void>;

const READ_CHUNK = 64 * 1024;

export async function streamCriLog(path: string, options: ReadLogOptions, sink: LogSink, control: LogFollowControl): Promise<void> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch {
    return; // no log yet: nothing to show
  }
  let watcher: FSWatcher | undefined;
  try {
    let offset = options.tailLines !== undefined ? await tailOffset(file, options.tailLines) : 0;
    let carry = Buffer.alloc(0);
    let budget = options.limitBytes ?? Infinity;
    let exited = false;
    let changed = true;
    let wake: (() => void) | undefined;
    const poke = () => { changed = true; wake?.(); };
    if (options.follow) {
      watcher = watch(path, poke);
      watcher.on('error', poke);
      void control.exited.then(() => { exited = true; poke(); });
      control.signal.addEventListener('abort', poke, { once: true });
    }
    const buf = Buffer.alloc(READ_CHUNK);
    for (;;) {
      if (control.signal.aborted || budget <= 0) return;
      changed = false;
      const { bytesRead } = await file.read(buf, 0, buf.length, offset);
      if (bytesRead > 0) {
        offset += bytesRead;
        const data = carry.length > 0 ? Buffer.concat([carry, buf.subarray(0, bytesRead)]) : Buffer.from(buf.subarray(0, bytesRead));
        const lastNl = data.lastIndexOf(0x0a);
        carry = lastNl < 0 ? data : data.subarray(lastNl + 1);
        if (lastNl >= 0) budget = await emit(data.subarray(0, lastNl), options, sink, budget);
        continue;
      }
      // At the end of the file. A trailing record without its newline is still being written.
      if (!options.follow) return;
      if (exited && !changed) return;
      if (!changed) await new Promise<void>((r) => { wake = r; if (changed || control.signal.aborted) r(); });
      wake = undefined;
    }
  } finally {
    watcher?.close();
    await file.close();
  }
}

/** Writes the records of `lines` (complete lines, without the last newline); returns the budget left. */
async function emit(lines: Buffer, options: ReadLogOptions, sink: LogSink, budget: number): Promise<number> {
  const out: string[] = [];
  for (const line of lines.toString('utf8').split('\n')) {
    const record = parseCriLine(line);
    if (!record) continue; // as kubelet: an unparsable line is skipped
    if (options.sinceMs !== undefined && Date.parse(record.time) < options.sinceMs) continue;
    out.push(`${options.timestamps ? `${record.time} ` : ''}${record.content}${record.partial ? '' : '\n'}`);
  }
  if (out.length === 0) return budget;
  let chunk = Buffer.from(out.join(''), 'utf8');
  if (chunk.length > budget) chunk = chunk.subarray(0, budget);
  await sink(chunk);
  return budget - chunk.length;
}

/** The offset of the start of the last `n` lines of the file (kubelet's tail.FindTailLineStartIndex). */
async function tailOffset(file: FileHandle, n: number): Promise<number> {
  const { size } = await file.stat();
  if (n <= 0) return size;
  let pos = size;
  let seen = 0;
  const buf = Buffer.alloc(READ_CHUNK);
  while (pos > 0) {
    const len = Math.min(READ_CHUNK, pos);
    pos -= len;
    await file.read(buf, 0, len, pos);
    for (let i = len - 1; i >= 0; i--) {
      // the file's own final newline ends the last line; it does not start one
      if (buf[i] !== 0x0a || pos + i === size - 1) continue;
      if (++seen === n) return pos + i + 1;
    }
  }
  return 0;
}
