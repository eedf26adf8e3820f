import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { startTestCluster, type TestCluster } from '../../../test/support/in-process-cluster.ts';
import type { Client } from '../../client/client.ts';
import { processNodeBlocks } from '../../network/ipam.ts';
import type { Started } from '../../util/runnable.ts';
import { newKubelet, type Kubelet } from '../kubelet.ts';
import { type Pod, PODS } from '../pod-types.ts';
import { PodWorkers } from '../pod-workers.ts';
import { ProcessRuntime } from '../runtime/process/process-runtime.ts';
import { httpGet, waitFor } from '../testing.ts';
import { startKubeletServer, type RunningKubeletServer } from './kubelet-server.ts';
import { podWorkersBackend } from './streaming-backend.ts';

// A loopback node block claimed host-wide, as clusters claim theirs: no other test or cluster on
// this machine uses its addresses or kubelet port at the same time.
const BLOCK = processNodeBlocks.allocate();
let cluster: TestCluster;
let client: Client;
let kubelet: Kubelet;
let started: Started;
let server: RunningKubeletServer;
let root: string;
let base: string;
const stop = new AbortController();

before(async () => {
  cluster = await startTestCluster();
  client = cluster.client();
  root = await mkdtemp(join(tmpdir(), 'kubelet-server-'));
  const runtime = new ProcessRuntime();
  kubelet = newKubelet({ client, instanceType: 't3.medium', zone: 'us-east-1a', region: 'us-east-1', runtime, rootDir: root, block: BLOCK });
  started = await kubelet.start(stop.signal);
  assert.ok(kubelet.pods instanceof PodWorkers);
  // no tls given: the server makes itself a self-signed certificate, as kubelet does
  server = await startKubeletServer({ backend: podWorkersBackend({ workers: kubelet.pods, runtime, rootDir: root }), host: kubelet.nodeIP, nodeName: kubelet.nodeName, port: 0 });
  base = `${server.host}:${server.port}`;
});

after(async () => {
  await server?.close();
  stop.abort();
  await started?.stop();
  await cluster?.close();
  await rm(root, { recursive: true, force: true });
});

const pods = () => client.resource(PODS).namespace('default');

async function runningPod(name: string, containers: unknown[]): Promise<Pod> {
  await pods().create({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: kubelet.nodeName, containers } });
  return waitFor(async () => {
    const p = (await pods().get(name)) as Pod;
    return p.status?.containerStatuses?.every((c) => c.state.running) && p;
  }, { what: `pod ${name} running` });
}

function get(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`https://${base}${path}`, { rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface WsResult { readonly byChannel: Map<number, Buffer>; readonly order: number[]; readonly protocol: string }

/** Opens a channel WebSocket, sends `send` messages once open, collects messages per channel until the server closes. */
function channelSession(path: string, protocol: string, send: (ws: WebSocket) => void = () => {}): Promise<WsResult> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`wss://${base}${path}`, [protocol], { rejectUnauthorized: false });
    const byChannel = new Map<number, Buffer>();
    const order: number[] = [];
    ws.on('message', (data: Buffer) => {
      order.push(data[0]);
      byChannel.set(data[0], Buffer.concat([byChannel.get(data[0]) ?? Buffer.alloc(0), data.subarray(1)]));
    });
    ws.on('open', () => send(ws));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => reject(Object.assign(new Error(body.trim()), { status: res.statusCode })));
    });
    ws.on('error', reject);
    ws.on('close', () => resolve({ byChannel, order, protocol: ws.protocol }));
  });
}

const text = (r: WsResult, ch: number) => r.byChannel.get(ch)?.toString('utf8') ?? '';

test('container logs: whole, tail, timestamps, limitBytes, and kubelet errors', async () => {
  await runningPod('logger', [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo one; echo two; echo three; exec sleep 3600'] }]);
  const whole = await waitFor(async () => { const r = await get('/containerLogs/default/logger/main'); return r.body === 'one\ntwo\nthree\n' && r; }, { what: 'three log lines' });
  assert.equal(whole.status, 200);
  assert.equal((await get('/containerLogs/default/logger/main?tailLines=2')).body, 'two\nthree\n');
  assert.equal((await get('/containerLogs/default/logger/main?tailLines=0')).body, '');
  assert.equal((await get('/containerLogs/default/logger/main?limitBytes=6')).body, 'one\ntw');
  const stamped = (await get('/containerLogs/default/logger/main?timestamps=true&tailLines=1')).body;
  assert.match(stamped, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z three\n$/);
  assert.equal((await get('/containerLogs/default/logger/main?sinceTime=2999-01-01T00:00:00Z')).body, '');

  assert.deepEqual(await get('/containerLogs/default/nope/main'), { status: 404, body: 'pod "nope" does not exist\n' });
  assert.deepEqual(await get('/containerLogs/default/logger/other'), { status: 404, body: 'container "other" not found in pod "logger"\n' });
  assert.deepEqual(await get('/containerLogs/default/logger/main?previous=true'), { status: 400, body: 'previous terminated container "main" in pod "logger" not found\n' });
  assert.equal((await get('/containerLogs/default/logger/main?tailLines=-1')).status, 422);
  assert.deepEqual(await get('/exec/default/logger/main?command=ls&output=1'), { status: 400, body: 'Upgrade request required\n' });
});

test('exec over v5.channel.k8s.io: stdout, stderr, and a non-zero exit as NonZeroExitCode', async () => {
  await runningPod('execer', [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'exec sleep 3600'] }]);
  const cmd = ['sh', '-c', 'echo out; echo err >&2; exit 3'].map((c) => `command=${encodeURIComponent(c)}`).join('&');
  const r = await channelSession(`/exec/default/execer/main?${cmd}&output=1&error=1`, 'v5.channel.k8s.io');
  assert.equal(r.protocol, 'v5.channel.k8s.io');
  assert.equal(r.order[0], 1, 'an empty stdout message announces the session');
  assert.equal(text(r, 1), 'out\n');
  assert.equal(text(r, 2), 'err\n');
  assert.deepEqual(JSON.parse(text(r, 3)), {
    metadata: {}, status: 'Failure', reason: 'NonZeroExitCode',
    message: 'command terminated with non-zero exit code: error executing command [sh -c echo out; echo err >&2; exit 3], exit code 3',
    details: { causes: [{ reason: 'ExitCode', message: '3' }] },
  });
  assert.equal(r.order.at(-1), 3, 'the status is the last message');
});

test('exec with stdin: the v5 close signal ends the command input', async () => {
  const r = await channelSession('/exec/default/execer/main?command=cat&input=1&output=1', 'v5.channel.k8s.io', (ws) => {
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('hello\nworld\n')]));
    ws.send(Buffer.from([255, 0]));
  });
  assert.equal(text(r, 1), 'hello\nworld\n');
  assert.deepEqual(JSON.parse(text(r, 3)), { metadata: {}, status: 'Success' });
});

test('exec refusals: unknown pod, unknown container, no streams', async () => {
  await assert.rejects(channelSession('/exec/default/ghost/main?command=ls&output=1', 'v5.channel.k8s.io'), { status: 404, message: 'pod does not exist' });
  await assert.rejects(channelSession('/exec/default/execer/other?command=ls&output=1', 'v5.channel.k8s.io'), { status: 404, message: 'container not found ("other")' });
  await assert.rejects(channelSession('/exec/default/execer/main?command=ls', 'v5.channel.k8s.io'), { status: 400, message: 'you must specify at least 1 of stdin, stdout, stderr' });
});

test('logs follow until the container exits, seeing lines written meanwhile', async () => {
  // the container waits for a file that an exec creates, then prints and exits
  await runningPod('follower', [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo first; while [ ! -e go ]; do sleep 0.05; done; echo second; exit 0'] }]);
  await waitFor(async () => (await get('/containerLogs/default/follower/main')).body === 'first\n', { what: 'first line' });
  const followed = get('/containerLogs/default/follower/main?follow=true');
  const r = await channelSession('/exec/default/follower/main?command=touch&command=go&output=1', 'v5.channel.k8s.io');
  assert.deepEqual(JSON.parse(text(r, 3)), { metadata: {}, status: 'Success' });
  assert.deepEqual(await followed, { status: 200, body: 'first\nsecond\n' });
});

test('port-forward: port-prefixed channels, bytes to the pod and back, half-close as the v5 close signal', async () => {
  const pod = await runningPod('web', [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }]);
  await waitFor(async () => (await httpGet(`http://${pod.status!.podIP}/`)).status === 200, { what: 'nginx listening' });
  const r = await channelSession('/portForward/default/web?port=80', 'v4.channel.k8s.io', (ws) => {
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]));
    ws.send(Buffer.from([255, 0]));
  });
  assert.deepEqual([...r.byChannel.get(1)!], [80, 0], 'the error channel carries only the port prefix');
  const data = r.byChannel.get(0)!;
  assert.deepEqual([...data.subarray(0, 2)], [80, 0]);
  assert.match(data.subarray(2).toString(), /^HTTP\/1\.1 200 OK\r\n[\s\S]*Welcome to nginx!/);
});

test('port-forward to a closed port reports kubelet\'s error on the error channel', async () => {
  const pod = (await pods().get('web')) as Pod;
  const r = await channelSession('/portForward/default/web?port=81', 'v4.channel.k8s.io');
  assert.match(text(r, 1).slice(2), new RegExp(`^error forwarding port 81 to pod web, uid ${pod.metadata.uid}: connect ECONNREFUSED`));
});

test('attach streams the container output from now on, and stdin into it', async () => {
  await pods().create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'attached' }, spec: { nodeName: kubelet.nodeName, containers: [{ name: 'main', image: 'busybox', stdin: true, stdinOnce: true, command: ['sh', '-c', 'read line; echo "got $line"'] }] } });
  await waitFor(async () => ((await pods().get('attached')) as Pod).status?.containerStatuses?.[0]?.state.running, { what: 'attached running' });
  const r = await channelSession('/attach/default/attached/main?input=1&output=1&error=1', 'v5.channel.k8s.io', (ws) => {
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('hi\n')]));
  });
  assert.equal(text(r, 1), 'got hi\n');
  assert.deepEqual(JSON.parse(text(r, 3)), { metadata: {}, status: 'Success' });
});

test('the default serving certificate is self-signed for the node name and address', async () => {
  const cert = await new Promise<import('node:tls').PeerCertificate>((resolve, reject) => {
    const req = request(`https://${base}/healthz`, { rejectUnauthorized: false }, (res) => { resolve((res.socket as import('node:tls').TLSSocket).getPeerCertificate()); res.resume(); });
    req.on('error', reject);
    req.end();
  });
  assert.match(String(cert.subject.CN), new RegExp(`^${kubelet.nodeName.replace(/\./g, '\\.')}@\\d+$`));
  assert.equal(cert.issuer.CN, cert.subject.CN);
  assert.equal(cert.subjectaltname, `DNS:${kubelet.nodeName}, IP Address:${kubelet.nodeIP}`);
});

test('the server closes cleanly with a session open', async () => {
  const ws = new WebSocket(`wss://${base}/exec/default/execer/main?command=cat&input=1&output=1`, ['v5.channel.k8s.io'], { rejectUnauthorized: false });
  await once(ws, 'open');
  ws.close();
  await once(ws, 'close');
});
