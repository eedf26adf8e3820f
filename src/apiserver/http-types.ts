/**
 * The transport-neutral request and response the handler chain works on. The HTTPS server adapts
 * node's IncomingMessage/ServerResponse to these; the in-process client transport builds them
 * directly, so both go through the same authn → authz → admission → registry chain.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { UserInfo } from '../auth/user.ts';

export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-case header names, as node gives them. */
  readonly headers: IncomingHttpHeaders;
  /** Reads the whole body; rejects with a 413 Status past the limit. */
  readonly body: () => Promise<Buffer>;
  /** Set by authentication. */
  user?: UserInfo;
  /** Aborted when the client goes away or the server stops. */
  readonly signal: AbortSignal;
}

export interface ResponseSink {
  writeHead(status: number, headers: Record<string, string>): unknown;
  /** Returns false when the client is not keeping up (backpressure). */
  write(chunk: string | Uint8Array): boolean;
  end(chunk?: string | Uint8Array): unknown;
  /** Sends the status line and headers now (streams: watch clients wait for them). */
  flushHeaders?(): void;
}
