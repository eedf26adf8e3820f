/**
 * gRPC probes, as kubelet's pkg/probe/grpc: one unary call of the standard health protocol,
 * `grpc.health.v1.Health/Check` over cleartext HTTP/2 (node:http2), with the HealthCheckRequest
 * `{service}` encoded by hand (protobuf field 1, a string) and the HealthCheckResponse status read
 * back (field 1, an enum). Only SERVING is success. Failure texts are kubelet's.
 */
import { connect, constants } from 'node:http2';
import { failure, PROBE_USER_AGENT, type ProbeResult, success } from './probe-result.ts';

const STATUS_NAMES = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];
const GRPC_CODES = ['OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists', 'PermissionDenied',
  'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange', 'Unimplemented', 'Internal', 'Unavailable', 'DataLoss', 'Unauthenticated'];

/** A length-prefixed gRPC message carrying HealthCheckRequest{service}. */
export function encodeHealthCheckRequest(service: string): Buffer {
  const s = Buffer.from(service, 'utf8');
  const body = s.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a]), varint(s.length), s]);
  const head = Buffer.alloc(5);
  head.writeUInt8(0, 0);
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) { out.push((n & 0x7f) | 0x80); n >>>= 7; }
  out.push(n);
  return Buffer.from(out);
}

/** The status of a length-prefixed HealthCheckResponse (0 when the field is absent, proto3's default). */
export function decodeHealthCheckResponse(frame: Buffer): number {
  if (frame.length < 5) return 0;
  const msg = frame.subarray(5, 5 + frame.readUInt32BE(1));
  let i = 0;
  while (i < msg.length) {
    const key = msg[i++];
    let value = 0; let shift = 0;
    if ((key & 7) !== 0) break;
    for (;;) { const b = msg[i++]; value |= (b & 0x7f) << shift; shift += 7; if (!(b & 0x80)) break; }
    if (key >> 3 === 1) return value;
  }
  return 0;
}

export function grpcProbe(host: string, port: number, service: string, timeoutMs: number): Promise<ProbeResult> {
  const target = `${host}:${port}`;
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: ProbeResult) => { if (done) return; done = true; clearTimeout(timer); session.close(); session.destroy(); resolve(r); };
    const session = connect(`http://${target}`);
    const timer = setTimeout(() => finish(failure(`timeout: health rpc did not complete within ${Math.round(timeoutMs / 1000)}s`)), timeoutMs);
    session.on('error', (e: NodeJS.ErrnoException) => finish(failure(
      e.code === 'ECONNREFUSED' ? `timeout: failed to connect service "${target}" within ${Math.round(timeoutMs / 1000)}s: context deadline exceeded` : e.message)));
    const stream = session.request({
      [constants.HTTP2_HEADER_METHOD]: 'POST', [constants.HTTP2_HEADER_PATH]: '/grpc.health.v1.Health/Check',
      [constants.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc', te: 'trailers', 'user-agent': PROBE_USER_AGENT,
    });
    const chunks: Buffer[] = [];
    let headerStatus: string | undefined;
    let headerMessage: string | undefined;
    stream.on('response', (h) => { headerStatus = h['grpc-status'] as string | undefined; headerMessage = h['grpc-message'] as string | undefined; });
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('trailers', (t) => { headerStatus = (t['grpc-status'] as string | undefined) ?? headerStatus; headerMessage = (t['grpc-message'] as string | undefined) ?? headerMessage; });
    stream.on('error', (e) => finish(failure(e.message)));
    stream.on('end', () => {
      const code = Number(headerStatus ?? 0);
      if (code === 12) return finish(failure(`error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${decodeURIComponent(headerMessage ?? '')}`));
      if (code !== 0) return finish(failure(`error: health rpc probe failed: rpc error: code = ${GRPC_CODES[code] ?? code} desc = ${decodeURIComponent(headerMessage ?? '')}`));
      const status = decodeHealthCheckResponse(Buffer.concat(chunks));
      if (status === 1) return finish(success());
      finish(failure(`service unhealthy (responded with "${STATUS_NAMES[status] ?? status}")`));
    });
    stream.end(encodeHealthCheckRequest(service));
  });
}
