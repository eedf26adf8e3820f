/**
 * The authentication extension point, as k8s.io/apiserver `authenticator.Request`: each
 * authenticator looks at one kind of credential (client certificate, bearer token, ...).
 */
import type { X509Certificate } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { UserInfo } from './user.ts';

/** What the TLS layer knows about the client of one connection. */
export interface TlsPeer {
  /**
   * The client's leaf certificate, if it sent one: node's `getPeerCertificate()` object or a
   * parsed `X509Certificate`. Absent when the client presented none.
   */
  readonly certificate?: PeerCertificate | X509Certificate;
  /**
   * `TLSSocket.authorized`: node verified the chain against the server's `ca` (the server runs
   * with `requestCert: true, rejectUnauthorized: false`, so unverified clients still connect and
   * may authenticate another way, as kube-apiserver allows).
   */
  readonly authorized: boolean;
  /** Why verification failed (`TLSSocket.authorizationError`), for logs only. */
  readonly authorizationError?: string;
}

/** The parts of a request that carry credentials. */
export interface AuthRequest {
  readonly headers: Readonly<IncomingHttpHeaders>;
  /** Absent for requests that did not arrive over TLS (the in-process transport, plain HTTP). */
  readonly tls?: TlsPeer;
}

/**
 * Contract: resolve `undefined` when the request carries no credential of this authenticator's
 * kind (the next one is tried); throw `unauthorized()` (a 401 StatusError) when it carries one
 * that is invalid; otherwise resolve the user.
 */
export interface Authenticator {
  authenticate(request: AuthRequest): Promise<UserInfo | undefined>;
}

/**
 * The {@link TlsPeer} of a server-side TLS socket. Node returns an empty object from
 * `getPeerCertificate()` when the client sent no certificate; that becomes "no certificate".
 */
export function tlsPeerOf(socket: TLSSocket): TlsPeer {
  const cert = socket.getPeerCertificate() as PeerCertificate | null;
  const certificate = cert && cert.raw ? cert : undefined;
  const err = socket.authorizationError as Error | string | null | undefined;
  const authorizationError = err ? (typeof err === 'string' ? err : err.message) : undefined;
  return { certificate, authorized: socket.authorized, authorizationError };
}
