/**
 * The streaming subresources end to end with the real kubectl: an in-process control plane, a
 * kubelet on the process runtime with its streaming server on its InternalIP:10250, and the
 * HTTPS API server wired as server.ts and resource-handler.ts are to be wired (an `upgrade`
 * listener calling handleUpgrade; pods log/exec/attach/portforward routed to
 * handleStreamingRequest). kubectl 1.32 (WebSocket exec, SPDY tunnelled in WebSocket for
 * port-forward) runs through the machine's dispatcher; kubectl 1.29 (SPDY only) directly.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { startTestCluster, type TestCluster } from '../../../test/support/in-process-cluster.ts';
import { KUBECTL, kubectlAvailable } from '../../../test/support/kubectl.ts';
import { kubectl135 } from '../../../test/support/tools.ts';
import { runTool, type RunResult } from '../../../test/support/run-tool.ts';
import { createCertificateAuthority, issueCertificate } from '../../auth/certificate-issuer.ts';
import { UnionAuthenticator } from '../../auth/union-authenticator.ts';
import { X509Authenticator } from '../../auth/x509-authenticator.ts';
import { writeKubeconfigContext } from '../../cluster/kubeconfig.ts';
import { newKubelet, type Kubelet } from '../../kubelet/kubelet.ts';
import { type Pod, PODS } from '../../kubelet/pod-types.ts';
import { PodWorkers } from '../../kubelet/pod-workers.ts';
import { ProcessRuntime } from '../../kubelet/runtime/process/process-runtime.ts';
import { startKubeletServer, type RunningKubeletServer } from '../../kubelet/server/kubelet-server.ts';
import { podWorkersBackend } from '../../kubelet/server/streaming-backend.ts';
import { httpGet, waitFor } from '../../kubelet/testing.ts';
import { processNodeBlocks } from '../../network/ipam.ts';
import type { Started } from '../../util/runnable.ts';
import type { ApiHandler } from '../handler.ts';
import type { ApiRequest, ResponseSink } from '../http-types.ts';
import { parseRequestInfo } from '../request-info.ts';
import { resolveTarget } from '../resource-handler.ts';
import { writeError } from '../respond.ts';
import { startApiServer, type RunningApiServer } from '../server.ts';
import { handleStreamingRequest, isStreamingRequest } from './streaming-request.ts';
import { handleUpgrade } from './upgrade.ts';

const KUBECTL_129 = '/usr/lib/google-cloud-sdk/bin/kubectl.1.29';
const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';
const BLOCK = processNodeBlocks.allocate();

let cluster: TestCluster;
let kubelet: Kubelet;
let started: Started;
let kubeletServer: RunningKubeletServer | undefined;
let api: RunningApiServer;
let dir: string;
let env: { kubeconfig: string; home: string };
let adminTls: { cert: string; key: string; ca: string };
/** When set, WebSocket upgrades are refused with 400, as a server without WebSocket support would (kubectl falls back to SPDY). */
let refuseWebSockets = false;
const stop = new AbortController();

before(async () => {
  cluster = await startTestCluster();
  dir = await mkdtemp(join(tmpdir(), 'streaming-e2e-'));
  const runtime = new ProcessRuntime();
  kubelet = newKubelet({ client: cluster.client(), instanceType: 't3.medium', zone: 'us-east-1a', region: 'us-east-1', runtime, rootDir: join(dir, 'node'), block: BLOCK });
  started = await kubelet.start(stop.signal);
  assert.ok(kubelet.pods instanceof PodWorkers);
  const now = Date.now();
  const servingCa = await createCertificateAuthority({ commonName: 'kubelet-ca', days: 1, now });
  const tls = await issueCertificate(servingCa, { commonName: `system:node:${kubelet.nodeName}`, organizations: ['system:nodes'], days: 1, extendedKeyUsages: ['serverAuth'], ipAddresses: [kubelet.nodeIP], now });
  // Until the kubelet starts its own server (the wiring its owner adds), the test starts one on
  // the node's InternalIP:10250; once it does, that port is taken and the kubelet's serves.
  kubeletServer = await startKubeletServer({ backend: podWorkersBackend({ workers: kubelet.pods, runtime, rootDir: join(dir, 'node') }), tls, host: kubelet.nodeIP })
    .catch((e: NodeJS.ErrnoException) => { if (e.code === 'EADDRINUSE') return undefined; throw e; });

  // The API handler with the routing resource-handler.ts is to get, and server.ts with its upgrade listener.
  const streaming = { registry: cluster.registry };
  const handler = {
    async handle(req: ApiRequest, res: ResponseSink): Promise<void> {
      const info = parseRequestInfo(req.method, req.path, req.query);
      if (info.isResourceRequest && info.subresource) {
        try {
          const target = resolveTarget(cluster.registry, info);
          if (isStreamingRequest(target)) { await handleStreamingRequest(req, res, target, streaming); return; }
        } catch (e) {
          try { writeError(res, e); } catch { /* headers already sent */ }
          return;
        }
      }
      return cluster.handler.handle(req, res);
    },
  };
  const authenticator = new UnionAuthenticator([new X509Authenticator()]);
  const pki = cluster.pki;
  api = await startApiServer({ handler: handler as unknown as ApiHandler, authenticator, tls: { certPem: pki.server.certPem, keyPem: pki.server.keyPem, caPem: pki.ca.certPem }, port: 0 });
  // the upgrade listener server.ts is to get; replacing any it has keeps refuseWebSockets in control
  api.server.removeAllListeners('upgrade');
  api.server.on('upgrade', (req, socket, head) => {
    if (refuseWebSockets && String(req.headers.upgrade).toLowerCase() === 'websocket') {
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    void handleUpgrade(req, socket, head, { handler, authenticator });
  });

  env = { kubeconfig: join(dir, 'kubeconfig'), home: join(dir, 'home') };
  await mkdir(env.home, { recursive: true });
  await writeKubeconfigContext(env.kubeconfig, { contextName: 'streaming', clusterName: 'streaming', server: api.url, caPem: pki.ca.certPem, user: { clientCertPem: pki.admin.certPem, clientKeyPem: pki.admin.keyPem } });
  adminTls = { cert: pki.admin.certPem, key: pki.admin.keyPem, ca: pki.ca.certPem };
});

after(async () => {
  await api?.close();
  await kubeletServer?.close();
  stop.abort();
  await started?.stop();
  await cluster?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function run(args: string[], options: { input?: string; binary?: string } = {}): Promise<RunResult> {
  return runTool(options.binary ?? KUBECTL, env, args, options.input);
}

async function ok(args: string[], options: { input?: string; binary?: string } = {}): Promise<string> {
  const r = await run(args, options);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

const pods = () => cluster.client().resource(PODS).namespace('default');

async function runningPod(name: string, spec: Record<string, unknown>): Promise<Pod> {
  await pods().create({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: kubelet.nodeName, ...spec } });
  return waitFor(async () => {
    const p = (await pods().get(name)) as Pod;
    return p.status?.containerStatuses?.every((c) => c.state.running) && p;
  }, { what: `pod ${name} running` });
}

/** A direct HTTPS GET to the API server as the admin (for what kubectl itself would never send). */
function apiGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${api.url}${path}`, { ...adminTls }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('kubectl streaming against ekslite', { skip }, () => {
  before(async () => {
    await runningPod('shell', { containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo one; echo two; echo three; exec sleep 3600'] }] });
    await runningPod('web', { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] });
  });

  test('kubectl logs, --tail, --timestamps', async () => {
    await waitFor(async () => (await ok(['logs', 'shell'])) === 'one\ntwo\nthree\n', { what: 'three lines' });
    assert.equal(await ok(['logs', 'shell', '--tail=1']), 'three\n');
    assert.match(await ok(['logs', 'shell', '--tail=2', '--timestamps']), /^\d{4}-\d\d-\d\dT[\d:.]+Z two\n\d{4}-\d\d-\d\dT[\d:.]+Z three\n$/);
    assert.equal(await ok(['logs', 'shell', '--since=1h']), 'one\ntwo\nthree\n');
  });

  test('kubectl logs -f follows until the container exits', async () => {
    await runningPod('follower', { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo first; while [ ! -e go ]; do sleep 0.05; done; echo second'] }] });
    await waitFor(async () => (await ok(['logs', 'follower'])) === 'first\n', { what: 'first line' });
    const following = run(['logs', '-f', 'follower']);
    await ok(['exec', 'follower', '--', 'touch', 'go']);
    const r = await following;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'first\nsecond\n');
  });

  test('log errors as kube words them', async () => {
    await pods().create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'multi' }, spec: { containers: [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'busybox' }] } });
    const multi = await apiGet('/api/v1/namespaces/default/pods/multi/log');
    assert.equal(multi.status, 400);
    assert.equal(JSON.parse(multi.body).message, 'a container name must be specified for pod multi, choose one of: [a b]');
    const unscheduled = await apiGet('/api/v1/namespaces/default/pods/multi/log?container=a');
    assert.deepEqual(unscheduled, { status: 200, body: '' }, 'a pod not on a node yet has no logs (LocationStreamer with no location)');
    const bad = await apiGet('/api/v1/namespaces/default/pods/shell/log?container=zzz');
    assert.equal(JSON.parse(bad.body).message, 'container zzz is not valid for pod shell');
    const negative = await apiGet('/api/v1/namespaces/default/pods/shell/log?tailLines=-1');
    assert.equal(negative.status, 422);
    assert.equal(JSON.parse(negative.body).message, 'PodLogOptions "shell" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0');
    // kubectl GETs the pod itself first and words this one: error from server (NotFound): pods "nope" not found in namespace "default"
    const r = await run(['logs', 'nope']);
    assert.match(r.stderr, /\(NotFound\): pods "nope" not found/);
  });

  test('a container waiting to start: the kubelet\'s BadRequest reaches kubectl', async () => {
    await pods().create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pulling' }, spec: { nodeName: kubelet.nodeName, containers: [{ name: 'app', image: 'example.com/team/app:v1' }] } });
    await waitFor(async () => ((await pods().get('pulling')) as Pod).status?.containerStatuses?.[0]?.state.waiting?.reason?.includes('ImagePull'), { what: 'image pull failure' });
    const r = await run(['logs', 'pulling']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Error from server \(BadRequest\): container "app" in pod "pulling" is waiting to start: (image can't be pulled|trying and failing to pull image)/);
    // exec into it: over WebSocket the translator reports the kubelet's refusal as an InternalError
    // Status; over SPDY (kubectl 1.29) kube proxies the kubelet's answer to the upgrade itself
    const ws = await run(['exec', 'pulling', '--', 'true']);
    assert.equal(ws.stderr, 'error: Internal error occurred: unable to upgrade connection: container not found ("app")\n');
    if (existsSync(KUBECTL_129)) {
      const spdy = await run(['exec', 'pulling', '--', 'true'], { binary: KUBECTL_129 });
      assert.equal(spdy.stderr, 'error: unable to upgrade connection: container not found ("app")\n');
    }
  });

  test('kubectl exec: a command, stdin, and a non-zero exit code', async () => {
    assert.equal(await ok(['exec', 'shell', '--', 'sh', '-c', 'echo $HOSTNAME']), 'shell\n');
    assert.equal(await ok(['exec', '-i', 'shell', '--', 'sh', '-c', 'tr a-z A-Z'], { input: 'hello stdin\n' }), 'HELLO STDIN\n');
    // a command that exits without reading its stdin (the runtime's pipe then fails with EPIPE)
    assert.equal(await ok(['exec', '-i', 'shell', '--', 'true'], { input: 'x'.repeat(1 << 20) }), '');
    const failed = await run(['exec', 'shell', '--', 'sh', '-c', 'echo to-stderr >&2; exit 3']);
    assert.equal(failed.code, 3);
    assert.match(failed.stderr, /to-stderr\n/);
    assert.match(failed.stderr, /command terminated with exit code 3/);
    const missing = await run(['exec', 'shell', '-c', 'nope', '--', 'true']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /container nope is not valid for pod shell|container nope not found in pod shell/);
  });

  test('kubectl exec of a large output arrives whole', async () => {
    const out = await ok(['exec', 'shell', '--', 'sh', '-c', 'head -c 3000000 /dev/zero | tr "\\0" x']);
    assert.equal(out.length, 3_000_000);
  });

  test('kubectl port-forward (SPDY tunnelled in WebSocket), then HTTP through it', async () => {
    const pod = (await pods().get('web')) as Pod;
    await waitFor(async () => (await httpGet(`http://${pod.status!.podIP}/`)).status === 200, { what: 'nginx listening' });
    await portForwardCheck(KUBECTL);
  });

  test('kubectl attach -i sends stdin to the container and shows its output', async () => {
    await runningPod('attached', { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox', stdin: true, stdinOnce: true, command: ['sh', '-c', 'read line; echo "got $line"'] }] });
    const r = await run(['attach', '-i', 'attached'], { input: 'hi\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /got hi\n/);
  });

  test('kubectl cp into a container and back out (tar through exec)', async () => {
    const target = join(dir, 'cp-target');
    await mkdir(target, { recursive: true });
    const src = join(dir, 'payload.txt');
    await writeFile(src, 'copied through tar\n'.repeat(1000));
    await ok(['cp', src, `shell:${target}/payload.txt`]);
    assert.equal(await readFile(join(target, 'payload.txt'), 'utf8'), 'copied through tar\n'.repeat(1000));
    const back = join(dir, 'back.txt');
    await ok(['cp', `shell:${target}/payload.txt`, back]);
    assert.equal(await readFile(back, 'utf8'), 'copied through tar\n'.repeat(1000));
  });

  test('with WebSocket refused, kubectl 1.32 falls back to SPDY for exec and port-forward', async () => {
    refuseWebSockets = true;
    try {
      assert.equal(await ok(['exec', '-i', 'shell', '--', 'cat'], { input: 'over spdy\n' }), 'over spdy\n');
      const failed = await run(['exec', 'shell', '--', 'sh', '-c', 'exit 4']);
      assert.equal(failed.code, 4);
      assert.match(failed.stderr, /command terminated with exit code 4/);
      await portForwardCheck(KUBECTL);
    } finally {
      refuseWebSockets = false;
    }
  });

  test('kubectl 1.29 (SPDY only): exec, exit codes, logs and port-forward', { skip: existsSync(KUBECTL_129) ? false : 'no kubectl 1.29' }, async () => {
    assert.equal(await ok(['exec', '-i', 'shell', '--', 'sh', '-c', 'cat; echo $HOSTNAME'], { input: 'spdy in\n', binary: KUBECTL_129 }), 'spdy in\nshell\n');
    const failed = await run(['exec', 'shell', '--', 'sh', '-c', 'exit 5'], { binary: KUBECTL_129 });
    assert.equal(failed.code, 5);
    assert.equal(await ok(['logs', 'shell', '--tail=1'], { binary: KUBECTL_129 }), 'three\n');
    await portForwardCheck(KUBECTL_129);
  });

  test('kubectl 1.35: exec with stdin, exit codes, logs, port-forward', { skip: kubectl135() ? false : 'kubectl 1.35 unavailable' }, async () => {
    const binary = kubectl135()!;
    assert.equal(await ok(['exec', '-i', 'shell', '--', 'sh', '-c', 'cat; echo $HOSTNAME'], { input: 'v135\n', binary }), 'v135\nshell\n');
    const failed = await run(['exec', 'shell', '--', 'sh', '-c', 'exit 6'], { binary });
    assert.equal(failed.code, 6);
    assert.match(failed.stderr, /command terminated with exit code 6/);
    assert.equal(await ok(['logs', 'shell', '--tail=2'], { binary }), 'two\nthree\n');
    await portForwardCheck(binary);
  });
});

/** Runs `port-forward web <port>:80`, fetches / twice through it (two connections, two stream pairs), stops it. */
async function portForwardCheck(binary: string): Promise<void> {
  const port = await freePort();
  const child = spawn(binary, ['port-forward', 'pod/web', `${port}:80`], { env: { ...process.env, HOME: env.home, KUBECONFIG: env.kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    await waitFor(() => out.includes(`Forwarding from 127.0.0.1:${port} -> 80`) || (child.exitCode !== null && Promise.reject(new Error(out))), { what: 'port-forward ready' });
    // two requests on two connections: two error/data stream pairs in one session; then two at once
    for (let i = 0; i < 2; i++) {
      const r = await getOnNewConnection(port);
      assert.equal(r.status, 200, out);
      assert.match(r.body, /Welcome to nginx!/);
    }
    const both = await Promise.all([getOnNewConnection(port), getOnNewConnection(port)]);
    assert.deepEqual(both.map((r) => r.status), [200, 200]);
    assert.equal(child.exitCode, null, `port-forward exited: ${out}`);
    assert.doesNotMatch(out, /error|lost connection/i);
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}

/** GET / on a fresh connection (no keep-alive agent), so every call is its own forwarded connection. */
function getOnNewConnection(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('WebSocket remote command protocols (what other clients speak)', () => {
  /** Runs `echo` in the shell pod over a raw WebSocket with the given subprotocol; returns the messages. */
  function wsExec(protocol: string, command: string[]): Promise<{ protocol: string; messages: (Buffer | string)[] }> {
    return new Promise((resolve, reject) => {
      const q = command.map((c) => `command=${encodeURIComponent(c)}`).join('&');
      const ws = new WebSocket(`${api.url.replace('https', 'wss')}/api/v1/namespaces/default/pods/shell/exec?${q}&stdout=true&stderr=true`, protocol ? [protocol] : [], adminTls);
      const messages: (Buffer | string)[] = [];
      ws.on('message', (d: Buffer, isBinary) => messages.push(isBinary ? d : d.toString()));
      ws.on('close', () => resolve({ protocol: ws.protocol, messages }));
      ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.on('error', reject);
    });
  }

  test('v4.channel.k8s.io: channel-prefixed binary output and a JSON Status', async () => {
    const r = await wsExec('v4.channel.k8s.io', ['sh', '-c', 'echo out; exit 2']);
    assert.equal(r.protocol, 'v4.channel.k8s.io');
    const bufs = r.messages as Buffer[];
    assert.deepEqual([...bufs[0]], [1], 'the empty stdout message comes first');
    assert.equal(Buffer.concat(bufs.filter((b) => b[0] === 1).map((b) => b.subarray(1))).toString(), 'out\n');
    const status = JSON.parse(bufs.find((b) => b[0] === 3)!.subarray(1).toString());
    assert.equal(status.reason, 'NonZeroExitCode');
    assert.deepEqual(status.details.causes, [{ reason: 'ExitCode', message: '2' }]);
  });

  test('base64.channel.k8s.io: text frames, and only a failure\'s message on the error channel', async () => {
    const r = await wsExec('base64.channel.k8s.io', ['sh', '-c', 'echo b64; exit 1']);
    assert.equal(r.protocol, 'base64.channel.k8s.io');
    const texts = r.messages as string[];
    assert.equal(texts[0], '1');
    const stdout = texts.filter((t) => t[0] === '1').map((t) => Buffer.from(t.slice(1), 'base64').toString()).join('');
    assert.equal(stdout, 'b64\n');
    assert.match(Buffer.from(texts.find((t) => t[0] === '3')!.slice(1), 'base64').toString(), /^command terminated with non-zero exit code: /);
  });

  test('a pod that does not exist is a plain 404 before any upgrade (kubectl then tries SPDY and reports it)', async () => {
    await assert.rejects(new Promise((resolve, reject) => {
      const ws = new WebSocket(`${api.url.replace('https', 'wss')}/api/v1/namespaces/default/pods/ghost/exec?command=true&stdout=true`, ['v5.channel.k8s.io'], adminTls);
      ws.on('open', resolve);
      ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.on('error', reject);
    }), /HTTP 404/);
    const r = await run(['exec', 'ghost', '--', 'true']);
    assert.match(r.stderr, /Error from server \(NotFound\): pods "ghost" not found/);
  });

  test('a streaming request that is not an upgrade is 400 Upgrade request required', async () => {
    const r = await apiGet('/api/v1/namespaces/default/pods/shell/exec?command=true&stdout=true');
    assert.equal(r.status, 400);
    assert.equal(JSON.parse(r.body).message, 'Upgrade request required');
  });
});
