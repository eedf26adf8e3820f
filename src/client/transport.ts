/**
 * How a {@link Client} reaches an API server: one request/response exchange, or a streamed
 * response (watch, logs). Two implementations: in-process (the same handler chain, no socket)
 * and HTTPS (another process or machine). The bytes are the same Kubernetes API either way.
 */
export interface TransportRequest {
  readonly method: string;
  /** Path without query, e.g. "/api/v1/namespaces/default/pods". */
  readonly path: string;
  readonly query?: URLSearchParams;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array | string;
}

export interface TransportResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface StreamHandlers {
  /** Called once with the status and headers before any chunk. */
  readonly onResponse?: (status: number, headers: Readonly<Record<string, string>>) => void;
  readonly onChunk: (chunk: Buffer) => void;
  readonly signal: AbortSignal;
}

export interface Transport {
  request(req: TransportRequest): Promise<TransportResponse>;
  /** Streams the response body; resolves when it ends (or the signal aborts). */
  stream(req: TransportRequest, handlers: StreamHandlers): Promise<{ status: number }>;
}
