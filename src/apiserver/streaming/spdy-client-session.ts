/**
 * exec/attach clients over SPDY/3.1 (kubectl ≤1.29, and newer kubectl's fallback when the
 * WebSocket upgrade is refused), as kubelet's remotecommand httpstream server serves them: the
 * client opens one stream per `streamtype` header — error, then stdin, stdout, stderr as asked,
 * and resize with a tty (v3 and v4) — and waits for the SYN_REPLY of each; the session starts
 * once all expected streams are there (30 s at most, kubelet's streamCreationTimeout).
 *
 * At the end stdout and stderr get their FIN, then the status goes on the error stream and it
 * gets its FIN: v4 writes the Status JSON (Success included; the client takes an empty stream
 * as success too), v1–v3 the message of a failure only. The client then resets its streams and
 * sends GOAWAY; the connection is closed when it did (or went away), not before, so nothing in
 * flight is cut off.
 */
import { PassThrough } from 'node:stream';
import { headerValue, type SpdySession, type SpdyStream } from './spdy/index.ts';
import { type ClientSession, endWritable, ResizeDecoder, type StreamOptions, type TerminalSize } from './client-session.ts';
import type { StreamStatus } from './streaming-deps.ts';

/** Remote command versions kubelet's SPDY server negotiates, most preferred first. */
export const SPDY_REMOTE_COMMAND_PROTOCOLS = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'] as const;

const STREAM_CREATION_TIMEOUT_MS = 30_000;
/** How long a finished session waits for the client's GOAWAY before closing anyway. */
const GOAWAY_WAIT_MS = 30_000;

export class StreamCreationTimeout extends Error {
  override name = 'StreamCreationTimeout';
}

export async function spdyClientSession(session: SpdySession, protocol: string, options: StreamOptions): Promise<ClientSession> {
  const version = protocol === 'v4.channel.k8s.io' ? 4 : protocol === 'v3.channel.k8s.io' ? 3 : protocol === 'v2.channel.k8s.io' ? 2 : 1;
  const expected = 1 + Number(options.stdin) + Number(options.stdout) + Number(options.stderr) + Number(options.tty && version >= 3);
  const streams = new Map<string, SpdyStream>();
  const gone = new Promise<void>((resolve) => session.once('close', () => resolve()));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { cleanup(); reject(new StreamCreationTimeout('timed out waiting for client to create streams')); }, STREAM_CREATION_TIMEOUT_MS);
    timer.unref();
    const onStream = (stream: SpdyStream) => {
      const type = headerValue(stream.headers, 'streamtype') ?? '';
      if (!['error', 'stdin', 'stdout', 'stderr', 'resize'].includes(type) || (type === 'resize' && version < 3)) {
        stream.reset();
        return;
      }
      stream.reply();
      streams.set(type, stream);
      if (streams.size === expected) { cleanup(); resolve(); }
    };
    const onClose = () => { cleanup(); reject(new Error('connection closed before the streams were created')); };
    const cleanup = () => { clearTimeout(timer); session.off('stream', onStream); session.off('close', onClose); };
    session.on('stream', onStream);
    session.once('close', onClose);
  });

  const error = streams.get('error');
  const stdinStream = streams.get('stdin');
  const stdout = streams.get('stdout');
  const stderr = streams.get('stderr');
  const resizeStream = streams.get('resize');
  // the client's stdin is read through a PassThrough, so the bridge never holds the SPDY stream itself
  const stdin = stdinStream ? stdinStream.pipe(new PassThrough()) : undefined;
  const resizeListeners: ((s: TerminalSize) => void)[] = [];
  const resizes = new ResizeDecoder();
  resizeStream?.on('data', (c: Buffer) => resizes.push(c.toString('utf8'), (s) => resizeListeners.forEach((l) => l(s))));
  error?.resume(); // the client sends nothing on it but its FIN
  const clientDone = new Promise<void>((resolve) => { session.once('goaway', () => resolve()); void gone.then(resolve); });

  return {
    stdin, stdout, stderr, gone,
    onResize: (l) => { resizeListeners.push(l); },
    async finish(status: StreamStatus) {
      await Promise.all([endWritable(stdout), endWritable(stderr)]);
      if (error) {
        if (version >= 4) error.write(JSON.stringify(status));
        else if (status.status !== 'Success') error.write(status.message ?? '');
        await endWritable(error);
      }
      const timer = setTimeout(() => session.destroy(), GOAWAY_WAIT_MS);
      timer.unref();
      await clientDone;
      clearTimeout(timer);
      session.end();
    },
  };
}
