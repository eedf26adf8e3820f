/**
 * HTTP(S) GET probes, as kubelet's pkg/probe/http: 200 ≤ status < 400 is success; redirects are
 * followed (at most 10) while they stay on the same host, a redirect elsewhere counts as success;
 * HTTPS does not verify certificates; the body is read up to 10 KiB. Failure texts are kubelet's
 * (`HTTP probe failed with statuscode: 500`, `Get "http://…": dial tcp …: connect: connection refused`).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { failure, PROBE_USER_AGENT, type ProbeResult, success } from './probe-result.ts';

const MAX_BODY = 10 * 1024;
const MAX_REDIRECTS = 10;

export interface HttpProbeRequest {
  readonly url: URL;
  readonly headers?: readonly { name: string; value: string }[];
  readonly timeoutMs: number;
}

export async function httpProbe(req: HttpProbeRequest): Promise<ProbeResult> {
  let url = req.url;
  for (let i = 0; i <= MAX_REDIRECTS; i++) {
    const res = await get(url, req);
    if ('error' in res) return failure(res.error);
    if (res.status >= 300 && res.status < 400 && res.location) {
      const next = new URL(res.location, url);
      if (next.hostname !== url.hostname) return success(`Probe terminated redirects, Response body: ${res.body}`);
      url = next;
      continue;
    }
    if (res.status >= 200 && res.status < 400) return success(res.body);
    return failure(`HTTP probe failed with statuscode: ${res.status}`);
  }
  return failure(`Get "${url.href}": stopped after ${MAX_REDIRECTS} redirects`);
}

function get(url: URL, req: HttpProbeRequest): Promise<{ status: number; body: string; location?: string } | { error: string }> {
  const headers: Record<string, string> = { 'user-agent': PROBE_USER_AGENT, accept: '*/*' };
  for (const h of req.headers ?? []) headers[h.name.toLowerCase()] = h.value;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const target = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  return new Promise((resolve) => {
    const r = send(url, { method: 'GET', headers, rejectUnauthorized: false, timeout: req.timeoutMs }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { if (body.length < MAX_BODY) body += c.toString('utf8'); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.slice(0, MAX_BODY), location: res.headers.location }));
      res.on('error', (e) => resolve({ error: `Get "${url.href}": ${e.message}` }));
    });
    r.on('timeout', () => { r.destroy(); resolve({ error: `Get "${url.href}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` }); });
    r.on('error', (e: NodeJS.ErrnoException) => resolve({ error: `Get "${url.href}": ${dialError(e, target)}` }));
    r.end();
  });
}

/** Go's net error text for a failed dial. */
export function dialError(e: NodeJS.ErrnoException, target: string): string {
  switch (e.code) {
    case 'ECONNREFUSED': return `dial tcp ${target}: connect: connection refused`;
    case 'ECONNRESET': return 'read: connection reset by peer';
    case 'EHOSTUNREACH': return `dial tcp ${target}: connect: no route to host`;
    case 'ETIMEDOUT': return `dial tcp ${target}: i/o timeout`;
    default: return e.message;
  }
}
