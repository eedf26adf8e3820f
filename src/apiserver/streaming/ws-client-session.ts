/**
 * exec/attach clients over WebSocket, as kube serves them (the v5 StreamTranslator in
 * kube-apiserver, and for older subprotocols the kubelet's wsstream server it proxies to):
 *
 * | subprotocol | framing | error channel (3) | stdin close |
 * |---|---|---|---|
 * | v5.channel.k8s.io | binary, first byte = channel | Status JSON, Success included | `[255, 0]` |
 * | v4.channel.k8s.io, v4.base64.channel.k8s.io | binary / base64 | Status JSON | — |
 * | channel.k8s.io, base64.channel.k8s.io, none | binary / base64 | the message of a failure only | — |
 *
 * base64 framing sends text messages: the channel as an ASCII digit, then the base64 payload.
 * An empty message on the lowest writable channel tells the client the session is up. At the
 * end the status goes out and the server sends a close frame, then waits for the client's close
 * (as kube's `finish`): closing at once could reset the connection under output the client has
 * not read yet.
 */
import { PassThrough, Writable } from 'node:stream';
import type { WebSocket } from 'ws';
import { type ClientSession, endWritable, ResizeDecoder, type StreamOptions, type TerminalSize } from './client-session.ts';
import type { StreamStatus } from './streaming-deps.ts';

export const WS_REMOTE_COMMAND_PROTOCOLS = [
  'v5.channel.k8s.io', 'v4.channel.k8s.io', 'v4.base64.channel.k8s.io', 'channel.k8s.io', 'base64.channel.k8s.io',
] as const;

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
const CLOSE = 255;

export function wsClientSession(ws: WebSocket, options: StreamOptions): ClientSession {
  const protocol = ws.protocol || 'channel.k8s.io';
  const base64 = protocol.includes('base64');
  const version = protocol.startsWith('v5.') ? 5 : protocol.startsWith('v4.') ? 4 : 1;
  const send = (channel: number, data: Buffer, cb?: () => void) => {
    if (ws.readyState !== ws.OPEN) { cb?.(); return; }
    if (base64) ws.send(`${String.fromCharCode(48 + channel)}${data.toString('base64')}`, { binary: false }, () => cb?.());
    else ws.send(Buffer.concat([Buffer.from([channel]), data]), { binary: true }, () => cb?.());
  };
  const writer = (channel: number) => new Writable({
    write(chunk: Buffer, _enc, callback) { send(channel, chunk, () => callback()); },
  });
  const stdin = options.stdin ? new PassThrough() : undefined;
  const stdout = options.stdout ? writer(STDOUT) : undefined;
  const stderr = options.stderr ? writer(STDERR) : undefined;
  const resizeListeners: ((s: TerminalSize) => void)[] = [];
  const resizes = new ResizeDecoder();
  const gone = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  void gone.then(() => stdin?.end());

  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    let msg = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (msg.length === 0) return;
    let channel = msg[0];
    if (base64 && !isBinary) {
      channel -= 48;
      msg = Buffer.concat([Buffer.from([channel]), Buffer.from(msg.subarray(1).toString('latin1'), 'base64')]);
    }
    const body = msg.subarray(1);
    if (channel === STDIN) stdin?.write(body);
    else if (channel === RESIZE) resizes.push(body.toString('utf8'), (s) => resizeListeners.forEach((l) => l(s)));
    else if (channel === CLOSE && version === 5 && !base64 && body[0] === STDIN) stdin?.end();
  });

  // as kube: an empty message on the lowest writable channel announces the session
  send(options.stdout ? STDOUT : options.stderr ? STDERR : ERROR, Buffer.alloc(0));

  return {
    stdin, stdout, stderr, gone,
    onResize: (l) => { resizeListeners.push(l); },
    async finish(status: StreamStatus) {
      stdin?.end();
      await Promise.all([endWritable(stdout), endWritable(stderr)]);
      if (version >= 4) send(ERROR, Buffer.from(JSON.stringify(status)));
      else if (status.status !== 'Success') send(ERROR, Buffer.from(status.message ?? ''));
      if (ws.readyState === ws.OPEN) ws.close(1000);
      await gone;
    },
  };
}
