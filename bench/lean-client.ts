/**
 * A lean HTTPS/1.1 load client for the API benchmarks: one kept-alive TLS connection per
 * worker, requests written as ready-made bytes and responses framed by Content-Length only, so
 * that on a 2-core machine the load generator takes as little CPU from the server as it can
 * (node's https client spends about as much CPU per request as the server does).
 */
import { connect, type TLSSocket } from 'node:tls';

export interface LeanConnection {
  request(method: string, path: string, body?: string): Promise<{ status: number; body: string }>;
  close(): void;
}

export function leanConnect(url: string, tls: { ca: string; cert: string; key: string }): Promise<LeanConnection> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: TLSSocket = connect({ host: u.hostname, port: Number(u.port), ca: tls.ca, cert: tls.cert, key: tls.key, servername: 'localhost' }, () => {
      socket.setNoDelay(true);
      resolve(conn);
    });
    socket.on('error', reject);
    let buf: Buffer = Buffer.alloc(0);
    let pending: ((r: { status: number; body: string }) => void) | undefined;
    socket.on('data', (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0 || !pending) return;
        const head = buf.subarray(0, end).toString('latin1');
        const m = /content-length: *(\d+)/i.exec(head);
        const len = m ? Number(m[1]) : 0;
        if (buf.length < end + 4 + len) return;
        const status = Number(head.slice(9, 12));
        const body = buf.subarray(end + 4, end + 4 + len).toString('utf8');
        buf = buf.subarray(end + 4 + len);
        const p = pending;
        pending = undefined;
        p({ status, body });
      }
    });
    const host = `${u.hostname}:${u.port}`;
    const conn: LeanConnection = {
      request(method, path, body) {
        return new Promise((res) => {
          pending = res;
          const b = body ?? '';
          socket.write(`${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`);
        });
      },
      close() { socket.destroy(); },
    };
  });
}
