/**
 * kubectl port-forward's SPDY session (plain SPDY/3.1, or tunnelled in WebSocket binary
 * messages), served as kubelet's portforward/httpstream.go serves it: every forwarded local
 * connection opens an `error` and a `data` stream carrying the same `port` and `requestid`
 * headers; each stream is answered with SYN_REPLY at once (the client's CreateStream blocks on
 * it), or reset when its port or streamtype header is missing or bad. A complete pair becomes
 * one kubelet port-forward WebSocket (one TCP connection into the pod): the client's DATA goes
 * to the pod, its FIN as a half-close; the pod's bytes come back as DATA, and when the pod's
 * side is done both streams get their FIN. A failure (the pod refuses the port) is written on
 * the error stream, in kubelet's words; kubectl prints it as `an error occurred forwarding …`.
 */
import type { WebSocket } from 'ws';
import { headerValue, type SpdySession, type SpdyStream } from './spdy/index.ts';
import { type KubeletClientOptions, type KubeletLocation, KubeletUpgradeError, kubeletUrl, kubeletWebSocket } from './kubelet-client.ts';

/** kubelet's streamCreationTimeout: both streams of a pair must arrive within it. */
const PAIR_TIMEOUT_MS = 30_000;

export interface PortForwardTarget {
  readonly kubelet: KubeletLocation;
  readonly namespace: string;
  readonly name: string;
  readonly tls: KubeletClientOptions;
}

interface Pair { data?: SpdyStream; error?: SpdyStream; timer?: ReturnType<typeof setTimeout> }

/** Serves the session until it closes. */
export function servePortForwardSession(session: SpdySession, target: PortForwardTarget): Promise<void> {
  const pairs = new Map<string, Pair>();
  const upstreams = new Set<WebSocket>();
  session.on('stream', (stream) => {
    const port = headerValue(stream.headers, 'port') ?? '';
    const type = headerValue(stream.headers, 'streamtype') ?? '';
    const portNumber = /^\d+$/.test(port) ? Number(port) : NaN;
    if (!(portNumber >= 1 && portNumber <= 65535) || (type !== 'error' && type !== 'data')) {
      stream.reset();
      return;
    }
    stream.reply();
    // clients without request ids (pre-1.6): error and data streams of one connection are 2 ids apart
    const id = headerValue(stream.headers, 'requestid') ?? String(type === 'error' ? stream.id : stream.id - 2);
    let pair = pairs.get(id);
    if (!pair) {
      const p: Pair = {};
      p.timer = setTimeout(() => {
        pairs.delete(id);
        p.error?.end(`timed out waiting for streams for request ${id}`);
        p.data?.end();
      }, PAIR_TIMEOUT_MS);
      p.timer.unref();
      pairs.set(id, p);
      pair = p;
    }
    if (pair[type]) { stream.reset(); return; }
    pair[type] = stream;
    if (type === 'error') stream.resume(); // the client only sends its FIN here
    if (pair.data && pair.error) {
      clearTimeout(pair.timer);
      pairs.delete(id);
      void forward(pair.data, pair.error, portNumber, target, upstreams);
    }
  });
  return new Promise((resolve) => session.once('close', () => {
    for (const p of pairs.values()) clearTimeout(p.timer);
    for (const ws of upstreams) ws.terminate();
    resolve();
  }));
}

async function forward(data: SpdyStream, error: SpdyStream, port: number, target: PortForwardTarget, upstreams: Set<WebSocket>): Promise<void> {
  const url = kubeletUrl(target.kubelet, `/portForward/${encodeURIComponent(target.namespace)}/${encodeURIComponent(target.name)}`, new URLSearchParams({ port: String(port) }), 'wss');
  let ws: WebSocket;
  try {
    ws = await kubeletWebSocket(url, 'v4.channel.k8s.io', target.tls);
  } catch (e) {
    const why = e instanceof KubeletUpgradeError ? e.body : `error dialing backend: ${(e as Error).message}`;
    error.end(`error upgrading connection: ${why}`);
    data.end();
    return;
  }
  upstreams.add(ws);
  // each channel's first two bytes from the kubelet are the port (uint16 LE), not payload
  const prefix = [2, 2];
  ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[]) => {
    const msg = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    const channel = msg[0];
    if (channel !== 0 && channel !== 1) return;
    let body = msg.subarray(1);
    const skip = Math.min(prefix[channel], body.length);
    prefix[channel] -= skip;
    body = body.subarray(skip);
    if (body.length === 0) return;
    const out = channel === 0 ? data : error;
    if (out.destroyed || out.writableEnded) return;
    if (!out.write(body)) { ws.pause(); out.once('drain', () => ws.resume()); }
  });
  ws.resume();
  const send = (msg: Buffer, cb?: () => void) => {
    if (ws.readyState === ws.OPEN) ws.send(msg, { binary: true }, () => cb?.());
    else cb?.();
  };
  data.on('data', (chunk: Buffer) => {
    data.pause();
    send(Buffer.concat([Buffer.from([0]), chunk]), () => data.resume());
  });
  data.on('end', () => send(Buffer.from([255, 0])));
  // a reset from the client (it gave up on this connection) ends the pod connection too
  data.on('close', () => { if (!data.readableEnded) ws.close(1000); });
  await new Promise<void>((resolve) => ws.once('close', () => resolve()));
  upstreams.delete(ws);
  if (!data.destroyed) data.end();
  if (!error.destroyed) error.end();
}
