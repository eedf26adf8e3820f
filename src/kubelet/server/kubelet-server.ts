/**
 * The kubelet's HTTPS server (kubelet's pkg/kubelet/server), the streaming part: one listener per
 * node on its InternalIP and kubelet port (10250, reported as daemonEndpoints.kubeletEndpoint).
 * In loopback mode every node has its own 127/8 address, so each kubelet listens on its own
 * socket exactly as on a real node, and the API server reaches it the way kube-apiserver does
 * (InternalIP + port from the Node object); `ekslite agent` nodes on other hosts work the same.
 *
 *   GET /containerLogs/{ns}/{pod}/{container}?follow&previous&tailLines&sinceSeconds&sinceTime&timestamps&limitBytes
 *   /exec/{ns}/{pod}[/{uid}]/{container}?command=…&input=1&output=1&error=1&tty=1   (WebSocket)
 *   /attach/{ns}/{pod}[/{uid}]/{container}?input=1&output=1&error=1&tty=1            (WebSocket)
 *   /portForward/{ns}/{pod}[/{uid}]?port=80                                           (WebSocket)
 *
 * Streaming protocols: exec and attach speak remote command v5.channel.k8s.io (or v4) over
 * WebSocket, as kubelets with ExtendWebSocketsToKubelet do; port-forward speaks the kubelet's
 * WebSocket port-forward protocol (portforward/websocket.go). SPDY is not served here: the API
 * server terminates the clients' SPDY (and SPDY-over-WebSocket) itself and talks WebSocket to
 * the kubelet, so the SPDY code stays in the API server's layer. The stream flags are also
 * accepted under their API names (stdin/stdout/stderr=true) besides kubelet's input/output/error=1.
 *
 * Authentication: with `clientCaPem`, clients must present a certificate it signed (kubelet's
 * --client-ca-file; the API server presents its kubelet-client certificate). Without it the
 * server is anonymous, as --anonymous-auth with AlwaysAllow, which is acceptable only because it
 * listens on a loopback address.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { type Clock, systemClock } from '../../util/clock.ts';
import { KUBELET_PORT } from '../node-status.ts';
import { KubeletHttpError, serveContainerLogs } from './container-logs.ts';
import { servePortForward } from './port-forward.ts';
import { serveRemoteCommand } from './remote-command.ts';
import { selfSignedServingCert } from './self-signed-cert.ts';
import type { StreamingBackend } from './streaming-backend.ts';
import { V4_PROTOCOL, V5_PROTOCOL } from './ws-channels.ts';

export interface KubeletServerOptions {
  readonly backend: StreamingBackend;
  /**
   * The serving certificate and key (PEM), kubelet's --tls-cert-file/--tls-private-key-file.
   * @default a self-signed certificate for `host` and `nodeName`, as kubelet makes one without them
   */
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
  /** The node's name, for the default certificate. @default host */
  readonly nodeName?: string;
  /** Require client certificates signed by this CA. @default anonymous (see the file comment) */
  readonly clientCaPem?: string;
  /** The node's InternalIP. @default "127.0.0.1" */
  readonly host?: string;
  /** 0 picks a free port (then report it in daemonEndpoints). @default 10250 */
  readonly port?: number;
  /** @default systemClock */
  readonly clock?: Clock;
}

export interface RunningKubeletServer {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

type Route =
  | { kind: 'containerLogs'; namespace: string; pod: string; container: string }
  | { kind: 'exec' | 'attach'; namespace: string; pod: string; uid?: string; container: string }
  | { kind: 'portForward'; namespace: string; pod: string; uid?: string };

export function parseRoute(path: string): Route | undefined {
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const [kind, namespace, pod, a, b] = parts;
  if (kind === 'containerLogs' && parts.length === 4) return { kind, namespace, pod, container: a };
  if ((kind === 'exec' || kind === 'attach') && (parts.length === 4 || parts.length === 5)) {
    return parts.length === 4 ? { kind, namespace, pod, container: a } : { kind, namespace, pod, uid: a, container: b };
  }
  if (kind === 'portForward' && (parts.length === 3 || parts.length === 4)) return { kind, namespace, pod, uid: a };
  return undefined;
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 422: 'Unprocessable Entity', 500: 'Internal Server Error' };

/** An error answer on a socket that was not upgraded (node hands upgrade requests over raw). */
function rejectUpgrade(socket: Duplex, code: number, text: string): void {
  const body = Buffer.from(`${text}\n`);
  socket.end(`HTTP/1.1 ${code} ${STATUS_TEXT[code] ?? 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.toString()}`);
}

function flag(q: URLSearchParams, kubeletName: string, apiName: string): boolean {
  return q.get(kubeletName) === '1' || ['1', 'true'].includes(q.get(apiName) ?? '');
}

/** The WebSocket subprotocol to use: the client's first that this server speaks, "" for none offered. */
function chooseProtocol(offered: readonly string[], supported: readonly string[]): string | undefined {
  if (offered.length === 0) return '';
  return offered.find((p) => supported.includes(p));
}

export async function startKubeletServer(options: KubeletServerOptions): Promise<RunningKubeletServer> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? systemClock;
  const { backend } = options;
  const sockets = new Set<Duplex>();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (offered) => chooseProtocol([...offered], [V5_PROTOCOL, V4_PROTOCOL]) || false });
  const tls = options.tls ?? await selfSignedServingCert({ hosts: [...new Set([options.nodeName ?? host, host])], now: clock.now() });
  const server = createServer({
    cert: tls.certPem, key: tls.keyPem, ALPNProtocols: ['http/1.1'],
    ...(options.clientCaPem ? { ca: options.clientCaPem, requestCert: true, rejectUnauthorized: true } : {}),
  }, (req, res) => { void onRequest(req, res); });
  server.requestTimeout = 0; // log follows are long-running
  server.on('connection', (s: Duplex) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => { void onUpgrade(req, socket, head); });

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const route = parseRoute(url.pathname);
    try {
      if (url.pathname === '/healthz') { res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }); res.end('ok'); return; }
      if (!route) throw new KubeletHttpError(404, '404 page not found');
      if (route.kind !== 'containerLogs') throw new KubeletHttpError(400, 'Upgrade request required');
      if (req.method !== 'GET') throw new KubeletHttpError(405, 'Method Not Allowed');
      await serveContainerLogs(req, res, route, { backend, clock });
    } catch (e) {
      const code = e instanceof KubeletHttpError ? e.code : 500;
      if (!(e instanceof KubeletHttpError)) console.error(`kubelet server: ${req.method} ${url.pathname}:`, e);
      if (res.headersSent) { res.destroy(); return; }
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
      res.end(`${(e as Error).message}\n`);
    }
  }

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => {});
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const route = parseRoute(url.pathname);
    try {
      if (!route || route.kind === 'containerLogs') throw new KubeletHttpError(404, '404 page not found');
      if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') throw new KubeletHttpError(400, 'unable to upgrade: only WebSocket streaming is served by this kubelet');
      const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
      const pod = backend.getPod(route.namespace, route.pod);
      if (!pod) throw new KubeletHttpError(404, 'pod does not exist');
      if (route.uid && pod.metadata.uid !== route.uid) throw new KubeletHttpError(404, 'pod not found');
      const q = url.searchParams;
      if (route.kind === 'portForward') {
        const ports = parsePorts(q.getAll('port'));
        const sandboxId = backend.sandboxId(pod);
        if (!sandboxId) throw new KubeletHttpError(404, `pod not found ("${route.pod}")`);
        if (chooseProtocol(offered, [V5_PROTOCOL, V4_PROTOCOL]) === undefined) throw new KubeletHttpError(400, `requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${V5_PROTOCOL} ${V4_PROTOCOL}]`);
        const ws = await accept(req, socket, head);
        await servePortForward(ws, { ports, sandboxId, podName: route.pod, podUid: pod.metadata.uid ?? '' }, backend.runtime);
        return;
      }
      const tty = flag(q, 'tty', 'tty');
      const stdin = flag(q, 'input', 'stdin');
      const stdout = flag(q, 'output', 'stdout');
      const stderr = flag(q, 'error', 'stderr') && !tty; // as kubelet: tty and stderr are not supported together
      if (!stdin && !stdout && !stderr) throw new KubeletHttpError(400, 'you must specify at least 1 of stdin, stdout, stderr');
      const command = q.getAll('command');
      if (route.kind === 'exec' && command.length === 0) throw new KubeletHttpError(400, 'you must specify a command');
      const containerId = backend.containerId(pod, route.container);
      const state = containerId ? await backend.runtime.containerStatus(containerId).then((s) => s.state, () => undefined) : undefined;
      if (!containerId || state !== 'running') throw new KubeletHttpError(404, `container not found ("${route.container}")`);
      if (chooseProtocol(offered, [V5_PROTOCOL, V4_PROTOCOL]) === undefined) throw new KubeletHttpError(400, `requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${V5_PROTOCOL} ${V4_PROTOCOL}]`);
      const ws = await accept(req, socket, head);
      await serveRemoteCommand(ws, { kind: route.kind, command, stdin, stdout, stderr, tty, containerId }, backend.runtime);
    } catch (e) {
      if (!(e instanceof KubeletHttpError)) console.error(`kubelet server: upgrade ${url.pathname}:`, e);
      if (socket.writable && !socket.destroyed) rejectUpgrade(socket, e instanceof KubeletHttpError ? e.code : 500, (e as Error).message);
    }
  }

  function accept(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<WebSocket> {
    return new Promise((resolve) => wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => {}); // a malformed frame from the client closes it; it must not throw
      resolve(ws);
    }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? KUBELET_PORT, host, () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    host, port,
    close: () => new Promise<void>((resolve) => {
      for (const ws of wss.clients) ws.terminate();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}

/** kubelet's NewV4Options: `port` values, each possibly a comma-separated list, all in 1..65535. */
function parsePorts(values: readonly string[]): number[] {
  if (values.length === 0) throw new KubeletHttpError(400, 'query parameter "port" is required');
  const ports: number[] = [];
  for (const v of values) {
    if (v === '') throw new KubeletHttpError(400, 'query parameter "port" cannot be empty');
    for (const p of v.split(',')) {
      const n = /^\d+$/.test(p) ? Number(p) : NaN;
      if (!(n <= 65535)) throw new KubeletHttpError(400, `unable to parse "${v}" as a port`);
      if (n < 1) throw new KubeletHttpError(400, `port "${v}" must be > 0`);
      ports.push(n);
    }
  }
  return ports;
}
