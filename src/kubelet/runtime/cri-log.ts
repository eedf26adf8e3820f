/**
 * The CRI container log format (kubelet's pkg/kubelet/kuberuntime/logs, containerd's cio):
 * one record per line, `<RFC3339Nano timestamp> <stdout|stderr> <F|P> <content>`; a line longer
 * than 16 KiB is split into P(artial) records ended by an F(ull) one. Shared by the runtimes that
 * write logs and whatever reads them (kubectl logs, termination-message fallback).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock } from '../../util/clock.ts';

export type LogStream = 'stdout' | 'stderr';

/** containerd's maximum record length before splitting (16 KiB). */
export const MAX_LOG_LINE = 16 * 1024;

/** Go's time.RFC3339Nano in UTC: fractional seconds with trailing zeros trimmed. */
export function rfc3339Nano(ms: number, extraNanos = 0): string {
  const iso = new Date(ms).toISOString();
  const frac = `${iso.slice(20, 23)}${String(extraNanos).padStart(6, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac ? `.${frac}` : ''}Z`;
}

export class CriLogWriter {
  private readonly out: WriteStream;
  private readonly pending: Record<LogStream, string> = { stdout: '', stderr: '' };

  private constructor(path: string, private readonly clock: Clock) {
    this.out = createWriteStream(path, { flags: 'a' });
    this.out.on('error', () => {}); // a vanished log dir (pod removed) must not crash the node
  }

  static async open(path: string, clock: Clock): Promise<CriLogWriter> {
    await mkdir(dirname(path), { recursive: true });
    return new CriLogWriter(path, clock);
  }

  write(stream: LogStream, chunk: Buffer | string): void {
    let text = this.pending[stream] + chunk.toString();
    let nl: number;
    while ((nl = text.indexOf('\n')) >= 0) {
      this.record(stream, 'F', text.slice(0, nl));
      text = text.slice(nl + 1);
    }
    while (text.length > MAX_LOG_LINE) {
      this.record(stream, 'P', text.slice(0, MAX_LOG_LINE));
      text = text.slice(MAX_LOG_LINE);
    }
    this.pending[stream] = text;
  }

  /** Writes unterminated output as full records (the process has exited) and closes the file. */
  async close(): Promise<void> {
    for (const s of ['stdout', 'stderr'] as const) {
      if (this.pending[s]) { this.record(s, 'F', this.pending[s]); this.pending[s] = ''; }
    }
    await new Promise<void>((r) => this.out.end(r));
  }

  private record(stream: LogStream, tag: 'F' | 'P', content: string): void {
    this.out.write(`${rfc3339Nano(this.clock.now())} ${stream} ${tag} ${content}\n`);
  }
}

export interface LogRecord { readonly time: string; readonly stream: LogStream; readonly partial: boolean; readonly content: string }

export function parseCriLine(line: string): LogRecord | undefined {
  const m = /^(\S+) (stdout|stderr) ([FP]) ?(.*)$/.exec(line);
  return m ? { time: m[1], stream: m[2] as LogStream, partial: m[3] === 'P', content: m[4] } : undefined;
}

/** The log's content lines (partials joined), as `kubectl logs` shows them. */
export async function readCriLog(path: string): Promise<string[]> {
  let text: string;
  try { text = await readFile(path, 'utf8'); } catch { return []; }
  const lines: string[] = [];
  let carry = '';
  for (const raw of text.split('\n')) {
    const r = parseCriLine(raw);
    if (!r) continue;
    carry += r.content;
    if (!r.partial) { lines.push(carry); carry = ''; }
  }
  return lines;
}
