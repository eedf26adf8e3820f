/**
 * The in-process transport (ARCHITECTURE.md decision 1): requests go straight into the API
 * server's handler chain — authorization, admission, validation, the registry — with a fixed
 * identity instead of a TLS client certificate, and no socket.
 */
import type { ApiHandler } from '../apiserver/handler.ts';
import type { ApiRequest, ResponseSink } from '../apiserver/http-types.ts';
import type { UserInfo } from '../auth/user.ts';
import type { StreamHandlers, Transport, TransportRequest, TransportResponse } from './transport.ts';

class Sink implements ResponseSink {
  status = 0;
  headers: Record<string, string> = {};
  constructor(private readonly onHead: (s: number, h: Record<string, string>) => void, private readonly onData: (c: Buffer) => void, private readonly onEnd: () => void) {}
  writeHead(status: number, headers: Record<string, string>) { this.status = status; this.headers = headers; this.onHead(status, headers); }
  write(chunk: string | Uint8Array) { this.onData(Buffer.from(chunk)); return true; }
  end(chunk?: string | Uint8Array) { if (chunk !== undefined) this.onData(Buffer.from(chunk)); this.onEnd(); }
}

function apiRequest(req: TransportRequest, user: UserInfo, signal: AbortSignal): ApiRequest {
  const body = req.body === undefined ? Buffer.alloc(0) : Buffer.from(req.body);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
  return { method: req.method, path: req.path, query: req.query ?? new URLSearchParams(), headers, body: async () => body, user, signal };
}

export class InProcessTransport implements Transport {
  constructor(private readonly handler: ApiHandler, private readonly user: UserInfo) {}

  async request(req: TransportRequest): Promise<TransportResponse> {
    const chunks: Buffer[] = [];
    let done!: () => void;
    const ended = new Promise<void>((r) => { done = r; });
    const sink = new Sink(() => {}, (c) => chunks.push(c), () => done());
    await this.handler.handle(apiRequest(req, this.user, new AbortController().signal), sink);
    await ended;
    return { status: sink.status, headers: sink.headers, body: Buffer.concat(chunks) };
  }

  async stream(req: TransportRequest, handlers: StreamHandlers): Promise<{ status: number }> {
    let done!: () => void;
    const ended = new Promise<void>((r) => { done = r; });
    handlers.signal.addEventListener('abort', () => done(), { once: true });
    const sink = new Sink((s, h) => handlers.onResponse?.(s, h), (c) => { if (!handlers.signal.aborted) handlers.onChunk(c); }, () => done());
    await this.handler.handle(apiRequest(req, this.user, handlers.signal), sink);
    await ended;
    return { status: sink.status };
  }
}
