/** Writing objects and Status errors in the negotiated encoding. */
import { stringify as toYaml } from 'yaml';
import { internalError, isStatusError, serviceUnavailable, type Status } from '../api/status.ts';
import { StorageError } from '../storage/backend.ts';
import type { ResponseSink } from './http-types.ts';
import { JSON_TYPE, type Negotiated } from './negotiation.ts';

/** Encodes a body for the negotiated media type (protobuf is added by the codec when present). */
export type ProtobufEncoder = (obj: Record<string, unknown>) => Uint8Array;

export function writeObject(res: ResponseSink, status: number, obj: unknown, negotiated?: Negotiated, protobuf?: ProtobufEncoder, extraHeaders?: Record<string, string>): void {
  if (negotiated?.encoding === 'yaml') {
    res.writeHead(status, { ...extraHeaders, 'content-type': negotiated.contentType });
    res.end(toYaml(obj, { lineWidth: 0 }));
    return;
  }
  if (negotiated?.encoding === 'protobuf' && protobuf) {
    const bytes = protobuf(obj as Record<string, unknown>); // may throw: nothing is written yet
    res.writeHead(status, { ...extraHeaders, 'content-type': negotiated.contentType, 'content-length': String(bytes.length) });
    res.end(bytes);
    return;
  }
  const body = JSON.stringify(obj);
  res.writeHead(status, { ...extraHeaders, 'content-type': negotiated?.contentType ?? JSON_TYPE, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** Writes a pre-serialized JSON body. */
export function writeJsonBytes(res: ResponseSink, status: number, body: string, contentType = JSON_TYPE, extraHeaders?: Record<string, string>): void {
  res.writeHead(status, { ...extraHeaders, 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** Any thrown value becomes a Status response; unknown errors are 500 InternalError, never a crash. */
export function toStatus(err: unknown): Status {
  if (isStatusError(err)) return err.status;
  // Storage that is closing or unreachable (shutdown, etcd down) is a 503 the client retries.
  if (err instanceof StorageError) return serviceUnavailable(`storage is unavailable: ${err.message}`).status;
  return internalError(err).status;
}

export function writeError(res: ResponseSink, err: unknown): void {
  const status = toStatus(err);
  const headers: Record<string, string> = { 'content-type': JSON_TYPE };
  if (status.details?.retryAfterSeconds) headers['retry-after'] = String(status.details.retryAfterSeconds);
  const body = JSON.stringify(status);
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(status.code, headers);
  res.end(body);
}
