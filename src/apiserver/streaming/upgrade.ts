/**
 * Upgrade requests (WebSocket, SPDY/3.1) enter here: node gives them to the server's `upgrade`
 * listener with the bare socket instead of a response. So that they pass through the same
 * authentication → authorization → routing chain as every other request, {@link handleUpgrade}
 * authenticates as the HTTPS server does, builds the ordinary ApiRequest, remembers the socket
 * for it (see {@link upgradeOf}) and calls the API handler with a response sink writing onto the
 * socket. A streaming subresource handler then takes the socket over; any other outcome (401,
 * 403, 404, a Status error before the upgrade) is answered as plain HTTP on the socket, which is
 * also what makes kubectl fall back from WebSocket to SPDY on a non-101 answer.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { isStatusError } from '../../api/status.ts';
import { type Authenticator, tlsPeerOf } from '../../auth/authenticator.ts';
import type { ApiRequest, ResponseSink } from '../http-types.ts';
import { writeError } from '../respond.ts';
import { SocketResponse } from './socket-response.ts';

export interface UpgradeDeps {
  /** The API handler chain (ApiHandler). */
  readonly handler: { handle(req: ApiRequest, res: ResponseSink): Promise<void> };
  readonly authenticator: Authenticator;
}

export interface UpgradeContext {
  readonly req: IncomingMessage;
  readonly socket: Duplex;
  readonly head: Buffer;
  readonly response: SocketResponse;
}

const contexts = new WeakMap<ApiRequest, UpgradeContext>();

/** The raw connection behind an upgrade request, or undefined for an ordinary request. */
export function upgradeOf(req: ApiRequest): UpgradeContext | undefined {
  return contexts.get(req);
}

/** The server's `upgrade` listener: `server.on('upgrade', (req, socket, head) => void handleUpgrade(req, socket, head, deps))`. */
export async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, deps: UpgradeDeps): Promise<void> {
  socket.on('error', () => {}); // a client that vanishes mid-stream is not a server error
  const controller = new AbortController();
  socket.on('close', () => controller.abort());
  const url = new URL(req.url ?? '/', 'https://localhost');
  const response = new SocketResponse(socket);
  const apiReq: ApiRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body: async () => Buffer.alloc(0), // upgrade requests carry no body (kubectl's POSTs included)
    signal: controller.signal,
  };
  contexts.set(apiReq, { req, socket, head, response });
  try {
    apiReq.user = await deps.authenticator.authenticate({ headers: req.headers, tls: tlsPeerOf(socket as TLSSocket) });
  } catch (err) {
    if (!isStatusError(err)) console.error('ekslite apiserver: authentication failed:', err);
    writeError(response, err);
    return;
  }
  await deps.handler.handle(apiReq, response);
  // a request the chain answered without taking the socket over is done once answered
}
