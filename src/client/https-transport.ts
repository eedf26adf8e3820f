/**
 * The HTTPS transport: the same API over the network with a client certificate or a bearer
 * token, for components in another process or on another machine (`ekslite agent`).
 */
import { Agent, request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { StreamHandlers, Transport, TransportRequest, TransportResponse } from './transport.ts';

export interface HttpsTransportOptions {
  /** e.g. "https://127.0.0.1:6443" */
  readonly server: string;
  readonly caPem: string;
  readonly clientCertPem?: string;
  readonly clientKeyPem?: string;
  readonly bearerToken?: string;
  /** @default 32 */
  readonly maxSockets?: number;
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export class HttpsTransport implements Transport {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(private readonly options: HttpsTransportOptions) {
    this.url = new URL(options.server);
    this.agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 32, ca: options.caPem, cert: options.clientCertPem, key: options.clientKeyPem });
  }

  private send(req: TransportRequest, signal?: AbortSignal): Promise<IncomingMessage> {
    const qs = req.query && [...req.query].length ? `?${req.query.toString()}` : '';
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    if (this.options.bearerToken) headers.authorization = `Bearer ${this.options.bearerToken}`;
    return new Promise((resolve, reject) => {
      const r = request({ host: this.url.hostname, port: this.url.port, method: req.method, path: req.path + qs, headers, agent: this.agent, signal }, resolve);
      r.on('error', reject);
      r.end(req.body === undefined ? undefined : Buffer.from(req.body));
    });
  }

  async request(req: TransportRequest): Promise<TransportResponse> {
    const res = await this.send(req);
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    return { status: res.statusCode ?? 0, headers: flatHeaders(res), body: Buffer.concat(chunks) };
  }

  async stream(req: TransportRequest, handlers: StreamHandlers): Promise<{ status: number }> {
    let res: IncomingMessage;
    try {
      res = await this.send(req, handlers.signal);
    } catch (e) {
      if (handlers.signal.aborted) return { status: 0 };
      throw e;
    }
    handlers.onResponse?.(res.statusCode ?? 0, flatHeaders(res));
    try {
      for await (const c of res) handlers.onChunk(c as Buffer);
    } catch (e) {
      if (!handlers.signal.aborted) throw e;
    }
    return { status: res.statusCode ?? 0 };
  }

  close(): void { this.agent.destroy(); }
}
