/**
 * The HTTPS listener: TLS with the cluster CA's serving certificate, client certificates requested
 * (not required, so other credentials can authenticate), authentication, then the {@link ApiHandler}.
 * HTTP/1.1 only: Go clients speak HTTP/2 only when ALPN offers it, and exec/port-forward upgrades
 * need HTTP/1.1.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { isStatusError } from '../api/status.ts';
import { type Authenticator, tlsPeerOf } from '../auth/authenticator.ts';
import type { UserInfo } from '../auth/user.ts';
import { MAX_BODY_BYTES, tooLarge } from './body.ts';
import type { ApiHandler } from './handler.ts';
import type { ApiRequest } from './http-types.ts';
import { writeError } from './respond.ts';
import { handleUpgrade } from './streaming/index.ts';

export interface ApiServerOptions {
  readonly handler: ApiHandler;
  readonly authenticator: Authenticator;
  readonly tls: { readonly certPem: string; readonly keyPem: string; readonly caPem: string };
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** 0 picks a free port. @default 6443 */
  readonly port?: number;
}

export interface RunningApiServer {
  readonly server: Server;
  readonly port: number;
  readonly host: string;
  readonly url: string;
  close(): Promise<void>;
}

/** Reads a request body, failing fast with 413 past the limit. */
function bodyReader(req: IncomingMessage): () => Promise<Buffer> {
  let cached: Promise<Buffer> | undefined;
  return () => {
    cached ??= new Promise<Buffer>((resolve, reject) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > MAX_BODY_BYTES) { req.resume(); reject(tooLarge()); return; }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY_BYTES) { req.removeAllListeners('data'); req.resume(); reject(tooLarge()); return; }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
    return cached;
  };
}

export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<import('node:stream').Duplex>();
  const server = createServer({
    cert: options.tls.certPem,
    key: options.tls.keyPem,
    ca: options.tls.caPem,
    requestCert: true,
    rejectUnauthorized: false,
    ALPNProtocols: ['http/1.1'],
  }, (req: IncomingMessage, res: ServerResponse) => { void serve(req, res); });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 70_000;
  server.requestTimeout = 0; // watches and log streams are long-running
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('clientError', (_err, socket) => { if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'); });
  // exec, attach and port-forward: WebSocket and SPDY upgrades go through the same chain.
  server.on('upgrade', (req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => {
    void handleUpgrade(req, socket, head, { handler: options.handler, authenticator: options.authenticator });
  });

  // The client certificate is fixed for a TLS connection: authenticate it once per socket
  // (getPeerCertificate is costly), as kube-apiserver's x509 authenticator caches by certificate.
  const certificateUsers = new WeakMap<object, Promise<UserInfo | undefined>>();

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The signal is made on first use: only watches and streams read it, and an AbortSignal per
    // request is a measurable share of a short request. It aborts when the client left before the
    // answer was complete.
    let controller: AbortController | undefined;
    let left = false;
    res.on('close', () => { if (!res.writableFinished) { left = true; controller?.abort(); } });
    const url = new URL(req.url ?? '/', 'https://localhost');
    const apiReq: ApiRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: bodyReader(req),
      get signal() {
        if (!controller) {
          controller = new AbortController();
          if (left) controller.abort();
        }
        return controller.signal;
      },
    };
    try {
      if (req.headers.authorization) {
        apiReq.user = await options.authenticator.authenticate({ headers: req.headers, tls: tlsPeerOf(req.socket as TLSSocket) });
      } else {
        let cached = certificateUsers.get(req.socket);
        if (!cached) {
          cached = options.authenticator.authenticate({ headers: {}, tls: tlsPeerOf(req.socket as TLSSocket) });
          certificateUsers.set(req.socket, cached);
        }
        apiReq.user = await cached;
      }
    } catch (err) {
      if (!isStatusError(err)) console.error('ekslite apiserver: authentication failed:', err);
      writeError(res, err);
      return;
    }
    await options.handler.handle(apiReq, res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 6443, host, () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server, port, host, url: `https://${host}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}
