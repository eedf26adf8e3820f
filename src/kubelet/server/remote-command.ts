/**
 * exec and attach over an accepted WebSocket (v5.channel.k8s.io or v4.channel.k8s.io), as the
 * kubelet's remotecommand server (ServeExec / ServeAttach) and kube's WebSocket translator do:
 * an empty message on the lowest writable channel tells the client the session is up; stdin
 * (channel 0) and resizes (channel 4) flow to the runtime; output goes out on 1 and 2; at the end
 * one Status goes out on channel 3 — Success, Failure/NonZeroExitCode with the exit code as
 * cause, or InternalError — and the server closes the WebSocket (a close frame, then waiting for
 * the client's, so no output still in flight is cut off). A v5 `[255, 0]` closes stdin.
 */
import { PassThrough, type Writable } from 'node:stream';
import type { WebSocket } from 'ws';
import { ChannelWriter, channelMessage, CLOSE, ERROR, messageBytes, RESIZE, STDERR, STDIN, STDOUT, V5_PROTOCOL } from './ws-channels.ts';
import type { StreamingRuntime } from './streaming-backend.ts';

export interface RemoteCommandRequest {
  readonly kind: 'exec' | 'attach';
  /** exec only. */
  readonly command: readonly string[];
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly tty: boolean;
  readonly containerId: string;
}

/** metav1.Status as kubelet's remotecommand writes it on the error channel (no kind/apiVersion). */
export interface StreamStatus {
  readonly metadata: Record<string, never>;
  readonly status: 'Success' | 'Failure';
  readonly message?: string;
  readonly reason?: string;
  readonly details?: { readonly causes: readonly { readonly reason?: string; readonly message: string }[] };
  readonly code?: number;
}

export const SUCCESS: StreamStatus = { metadata: {}, status: 'Success' };

/** As kubelet's exec.go: reason NonZeroExitCode, the code as an ExitCode cause (kubectl exits with it). */
export function nonZeroExit(code: number, command: readonly string[]): StreamStatus {
  // containerd's CRI words the error "error executing command [argv], exit code N" (Go's %v of a []string)
  return {
    metadata: {}, status: 'Failure', reason: 'NonZeroExitCode',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** apierrors.NewInternalError as JSON. */
export function internalStatus(message: string): StreamStatus {
  return { metadata: {}, status: 'Failure', message: `Internal error occurred: ${message}`, reason: 'InternalError', details: { causes: [{ message }] }, code: 500 };
}

/**
 * The command's stdin. Runtimes pipe it into the process's stdin; a command that exits before
 * reading all of it (`kubectl exec -i pod -- true`) makes that pipe fail with EPIPE, which on a
 * destination without an error listener would be thrown and take the whole node down. Every
 * destination it is piped to gets a listener, so that failure stays an ended input.
 */
class CommandStdin extends PassThrough {
  override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    (destination as unknown as Writable).on('error', () => this.unpipe(destination as unknown as Writable));
    return super.pipe(destination, options);
  }
}

/** Terminal sizes from the resize channel, as an async iterable for the runtime. */
class ResizeQueue implements AsyncIterable<{ width: number; height: number }> {
  private readonly items: { width: number; height: number }[] = [];
  private waiter?: () => void;
  private done = false;
  push(size: { width: number; height: number }): void { this.items.push(size); this.waiter?.(); }
  close(): void { this.done = true; this.waiter?.(); }
  async *[Symbol.asyncIterator](): AsyncIterator<{ width: number; height: number }> {
    for (;;) {
      const next = this.items.shift();
      if (next) { yield next; continue; }
      if (this.done) return;
      await new Promise<void>((r) => { this.waiter = r; });
      this.waiter = undefined;
    }
  }
}

function parseResize(text: string): { width: number; height: number }[] {
  // one TerminalSize JSON object per message, {"Width":100,"Height":30}; several may be concatenated
  const out: { width: number; height: number }[] = [];
  for (const m of text.matchAll(/\{[^{}]*\}/g)) {
    try {
      const v = JSON.parse(m[0]) as { Width?: unknown; Height?: unknown };
      if (typeof v.Width === 'number' && typeof v.Height === 'number') out.push({ width: v.Width, height: v.Height });
    } catch { /* a malformed size is ignored, as a decode error ends kube's resize loop */ }
  }
  return out;
}

export async function serveRemoteCommand(ws: WebSocket, request: RemoteCommandRequest, runtime: StreamingRuntime): Promise<void> {
  const v5 = ws.protocol === V5_PROTOCOL;
  const stdin = request.stdin ? new CommandStdin() : undefined;
  const stdout = request.stdout ? new ChannelWriter(ws, STDOUT) : undefined;
  const stderr = request.stderr ? new ChannelWriter(ws, STDERR) : undefined;
  const resize = request.tty ? new ResizeQueue() : undefined;
  const abort = new AbortController();
  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    const msg = messageBytes(data);
    if (msg.length === 0) return;
    const body = msg.subarray(1);
    if (msg[0] === STDIN) stdin?.write(body);
    else if (msg[0] === RESIZE) for (const s of parseResize(body.toString('utf8'))) resize?.push(s);
    else if (msg[0] === CLOSE && v5 && body[0] === STDIN) stdin?.end();
  });
  ws.on('close', () => { abort.abort(); stdin?.end(); resize?.close(); });

  ws.send(channelMessage(request.stdout ? STDOUT : request.stderr ? STDERR : ERROR));
  let status: StreamStatus;
  try {
    const options = { tty: request.tty, stdin, stdout, stderr, resize, signal: abort.signal };
    if (request.kind === 'exec') {
      const code = await runtime.exec(request.containerId, { ...options, command: request.command });
      status = code === 0 ? SUCCESS : nonZeroExit(code, request.command);
    } else {
      await runtime.attach(request.containerId, options);
      status = SUCCESS;
    }
  } catch (e) {
    status = internalStatus(`error ${request.kind === 'exec' ? 'executing command in' : 'attaching to'} container: ${(e as Error).message}`);
  }
  resize?.close();
  await Promise.all([stdout, stderr].map((w) => (w ? new Promise<void>((r) => w.end(r)) : undefined)));
  if (ws.readyState === ws.OPEN) {
    ws.send(channelMessage(ERROR, JSON.stringify(status)));
    ws.close(1000);
  }
}
