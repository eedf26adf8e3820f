/**
 * A {@link ResponseSink} writing HTTP/1.1 straight onto a raw socket. node hands requests that
 * carry `Connection: Upgrade` to the server's `upgrade` listener with the bare socket, so
 * whatever the handler chain answers before (or instead of) an upgrade — authentication
 * failures, 403, 404, 400 — is written here. The connection is closed after the response, as
 * client-go does not reuse a connection it asked to upgrade.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ResponseSink } from '../http-types.ts';

export class SocketResponse implements ResponseSink {
  private headSent = false;
  private chunked = false;
  /** Set once the socket was taken over for an upgraded protocol: the sink then writes nothing. */
  detached = false;

  constructor(private readonly socket: Duplex) {}

  get headersSent(): boolean { return this.headSent; }

  writeHead(status: number, headers: Record<string, string>): void {
    if (this.headSent || this.detached) return;
    this.headSent = true;
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    this.chunked = lower['content-length'] === undefined;
    const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}`];
    for (const [k, v] of Object.entries(lower)) if (k !== 'connection' && k !== 'transfer-encoding') lines.push(`${k}: ${v}`);
    if (this.chunked) lines.push('transfer-encoding: chunked');
    lines.push('connection: close', '', '');
    this.socket.write(lines.join('\r\n'));
  }

  write(chunk: string | Uint8Array): boolean {
    if (this.detached) return true;
    if (!this.headSent) this.writeHead(200, {});
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (bytes.length === 0) return true;
    if (!this.chunked) return this.socket.write(bytes);
    return this.socket.write(Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]));
  }

  end(chunk?: string | Uint8Array): void {
    if (this.detached) return;
    if (chunk !== undefined) this.write(chunk);
    if (!this.headSent) this.writeHead(200, { 'content-length': '0' });
    this.socket.end(this.chunked ? '0\r\n\r\n' : undefined);
  }

  flushHeaders(): void {}
}
