/**
 * The client's end of an exec or attach, whatever protocol it arrived over (WebSocket
 * channel.k8s.io v1–v5, SPDY remotecommand v1–v4): its stdin, where its stdout and stderr go,
 * its terminal resizes, and how to report the outcome. The bridge to the kubelet drives this.
 */
import type { Readable, Writable } from 'node:stream';
import type { StreamStatus } from './streaming-deps.ts';

export interface TerminalSize { readonly width: number; readonly height: number }

export interface StreamOptions {
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly tty: boolean;
}

export interface ClientSession {
  /** What the client sends on stdin; ends when the client closes it. */
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
  onResize(listener: (size: TerminalSize) => void): void;
  /** Flushes stdout/stderr, reports the status as the protocol version wants it, and closes. */
  finish(status: StreamStatus): Promise<void>;
  /** Resolves when the client's connection is gone. */
  readonly gone: Promise<void>;
}

/**
 * Splits the resize stream (a sequence of JSON TerminalSize objects, `{"Width":80,"Height":24}`,
 * as Go's json.Encoder writes them) into sizes, across chunk boundaries.
 */
export class ResizeDecoder {
  private pending = '';

  push(chunk: string, emit: (size: TerminalSize) => void): void {
    this.pending += chunk;
    for (;;) {
      const start = this.pending.indexOf('{');
      const end = this.pending.indexOf('}', start);
      if (start < 0 || end < 0) break;
      const text = this.pending.slice(start, end + 1);
      this.pending = this.pending.slice(end + 1);
      try {
        const v = JSON.parse(text) as { Width?: unknown; Height?: unknown };
        if (typeof v.Width === 'number' && typeof v.Height === 'number') emit({ width: v.Width, height: v.Height });
      } catch { /* not a size: skipped */ }
    }
    if (this.pending.length > 4096) this.pending = '';
  }
}

/** Resolves once a writable has flushed everything written to it and finished. */
export function endWritable(w: Writable | undefined): Promise<void> {
  if (!w || w.writableFinished || w.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    w.once('close', () => resolve());
    w.end(() => resolve());
  });
}
