import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createH2Server, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { decodeHealthCheckResponse, encodeHealthCheckRequest, grpcProbe } from './grpc-probe.ts';
import { httpProbe } from './http-probe.ts';
import { resolvePort } from './prober.ts';
import { tcpProbe } from './tcp-probe.ts';

const HOST = '127.0.0.1';
let http: Server;
let h2: Http2Server;
let httpPort: number;
let h2Port: number;
let seenAgent = '';

before(async () => {
  http = createServer((req, res) => {
    seenAgent = String(req.headers['user-agent']);
    if (req.url === '/ok') res.writeHead(200).end('fine');
    else if (req.url === '/redirect') res.writeHead(302, { location: '/ok' }).end();
    else if (req.url === '/away') res.writeHead(302, { location: 'http://127.0.0.2:1/' }).end();
    else res.writeHead(500).end('broken');
  });
  await new Promise<void>((r) => http.listen(0, HOST, r));
  httpPort = (http.address() as AddressInfo).port;
  h2 = createH2Server();
  h2.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      if (headers[':path'] !== '/grpc.health.v1.Health/Check') {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12', 'grpc-message': 'unknown service' }, { endStream: true });
        return;
      }
      const req = Buffer.concat(chunks);
      const service = req.length > 7 ? req.subarray(7).toString() : '';
      const status = service === 'sick' ? 2 : 1;
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(Buffer.from([0, 0, 0, 0, 2, 0x08, status]));
    });
  });
  await new Promise<void>((r) => h2.listen(0, HOST, r));
  h2Port = (h2.address() as AddressInfo).port;
});
after(() => { http.close(); h2.close(); });

test('HTTP probes: 2xx/3xx succeed, redirects are followed, other statuses fail with kubelet\'s text', async () => {
  const url = (p: string) => new URL(`http://${HOST}:${httpPort}${p}`);
  assert.equal((await httpProbe({ url: url('/ok'), timeoutMs: 1000 })).result, 'success');
  assert.equal(seenAgent, 'kube-probe/1.32');
  assert.equal((await httpProbe({ url: url('/redirect'), timeoutMs: 1000 })).result, 'success');
  assert.equal((await httpProbe({ url: url('/away'), timeoutMs: 1000 })).result, 'success');
  assert.deepEqual(await httpProbe({ url: url('/bad'), timeoutMs: 1000 }), { result: 'failure', output: 'HTTP probe failed with statuscode: 500' });
  const refused = await httpProbe({ url: new URL('http://127.0.0.1:1/healthz'), timeoutMs: 1000 });
  assert.deepEqual(refused, { result: 'failure', output: 'Get "http://127.0.0.1:1/healthz": dial tcp 127.0.0.1:1: connect: connection refused' });
});

test('TCP probes succeed on an open port and fail with the dial error otherwise', async () => {
  assert.equal((await tcpProbe(HOST, httpPort, 1000)).result, 'success');
  assert.deepEqual(await tcpProbe(HOST, 1, 1000), { result: 'failure', output: 'dial tcp 127.0.0.1:1: connect: connection refused' });
});

test('gRPC probes speak grpc.health.v1 over HTTP/2', async () => {
  assert.deepEqual(encodeHealthCheckRequest('ab'), Buffer.from([0, 0, 0, 0, 4, 0x0a, 2, 0x61, 0x62]));
  assert.equal(decodeHealthCheckResponse(Buffer.from([0, 0, 0, 0, 2, 0x08, 1])), 1);
  assert.equal((await grpcProbe(HOST, h2Port, '', 2000)).result, 'success');
  assert.deepEqual(await grpcProbe(HOST, h2Port, 'sick', 2000), { result: 'failure', output: 'service unhealthy (responded with "NOT_SERVING")' });
  assert.equal((await grpcProbe(HOST, 1, '', 2000)).result, 'failure');
});

test('named ports resolve through the container\'s ports', () => {
  const c = { name: 'c', ports: [{ name: 'http', containerPort: 8080 }] };
  assert.equal(resolvePort('http', c), 8080);
  assert.equal(resolvePort(81, c), 81);
  assert.equal(resolvePort('9090', c), 9090);
  assert.equal(resolvePort('nope', c), undefined);
});
