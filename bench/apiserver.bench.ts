/**
 * The API server, end to end over HTTPS against `ekslite up` (the built CLI in a child process):
 * - start: from spawning `ekslite up` until a `kubectl get --raw /readyz` is answered (and until
 *   the server itself answers /readyz);
 * - idle RSS of the `ekslite up` process;
 * - 16 concurrent clients: pod creates/s (after 3,000 warm-up creates) and gets/s;
 * - watch delivery latency (create → event) with 100 watchers, p50/p99;
 * - a list of 10,000 pods.
 * Targets (issue #2): start < 1 s, RSS < 120 MB, ≥ 3,000 creates/s, ≥ 10,000 gets/s, watch p99 < 50 ms,
 * list of 10,000 pods < 300 ms.
 */
import { spawn, spawnSync } from 'node:child_process';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientFor, percentile, podManifest, pool, printTable } from './support.ts';
import { leanConnect, type LeanConnection } from './lean-client.ts';

const CLI = join(import.meta.dirname, '..', 'dist', 'ekslite.js');

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function startCluster(dir: string): Promise<{ url: string; pid: number; t0: number; stop: () => void; upMs: number }> {
  const t0 = performance.now();
  // The API server alone (--no-controllers): with controllers and no nodes, every created pod
  // would also cost the scheduler's FailedScheduling event and status write.
  const child = spawn(process.execPath, [CLI, 'up', '--no-controllers', '--name', 'bench', '--port', '0', '--data-dir', join(dir, 'data'), '--kubeconfig', join(dir, 'kubeconfig')], {
    env: { ...process.env, HOME: join(dir, 'home') }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); const m = /is up at (\S+)/.exec(out); if (m) resolve(m[1]); });
    child.on('exit', (code) => reject(new Error(`ekslite exited ${code}: ${out}`)));
  });
  return { url, pid: child.pid!, t0, upMs: performance.now() - t0, stop: () => child.kill('SIGTERM') };
}

async function main(): Promise<void> {
  const rows: (string | number)[][] = [['measure', 'value', 'target']];

  // 1. Start until the first kubectl request is answered (fresh data dir: includes PKI creation).
  const dir = mkdtempSync(join(tmpdir(), 'ekslite-bench-'));
  const cluster = await startCluster(dir);
  const kubectl = spawnSync('kubectl', ['get', '--raw', '/readyz'], { env: { ...process.env, HOME: join(dir, 'home'), KUBECONFIG: join(dir, 'kubeconfig') }, encoding: 'utf8' });
  const firstKubectl = performance.now() - cluster.t0;
  rows.push(['start: spawn → "is up" printed (ms)', cluster.upMs.toFixed(0), '']);
  rows.push(['start: spawn → first kubectl answered (ms, incl. kubectl\'s own start)', firstKubectl.toFixed(0), '< 1000']);
  if (kubectl.status !== 0) console.error('kubectl failed:', kubectl.stderr);

  // 2. Restart on existing data (PKI reused): the everyday start.
  cluster.stop();
  await new Promise((r) => setTimeout(r, 300));
  const warm = await startCluster(dir);
  const warmKubectl = spawnSync('kubectl', ['get', '--raw', '/readyz'], { env: { ...process.env, HOME: join(dir, 'home'), KUBECONFIG: join(dir, 'kubeconfig') }, encoding: 'utf8' });
  rows.push(['restart: spawn → first kubectl answered (ms)', (performance.now() - warm.t0).toFixed(0), '< 1000']);
  if (warmKubectl.status !== 0) console.error('kubectl failed:', warmKubectl.stderr);
  await new Promise((r) => setTimeout(r, 1000));
  rows.push(['idle RSS of ekslite up (MB)', rssMb(warm.pid).toFixed(1), '< 120']);

  const client = await clientFor(warm.url, join(dir, 'data'), 16);
  // The load: 16 kept-alive HTTPS connections of the lean client (it leaves the server as much
  // of the two cores as it can; node's https client costs about as much CPU per request).
  const pkiDir = join(dir, 'data', 'pki');
  const tls = { ca: readFileSync(join(pkiDir, 'ca.crt'), 'utf8'), cert: readFileSync(join(pkiDir, 'admin.crt'), 'utf8'), key: readFileSync(join(pkiDir, 'admin.key'), 'utf8') };
  const conns = await Promise.all(Array.from({ length: 16 }, () => leanConnect(warm.url, tls)));
  const drive = async (count: number, send: (c: LeanConnection, i: number) => Promise<void>) => {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(conns.map(async (c) => { for (;;) { const i = next++; if (i >= count) return; await send(c, i); } }));
    return performance.now() - t0;
  };
  // Warm-up first (the server has just started: its code is not optimized yet), in a namespace of
  // its own so that the figures below count only the measured pods. Steady state is measured.
  await client.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'warmup' } });
  await drive(3000, async (c, i) => {
    const r = await c.request('POST', '/api/v1/namespaces/warmup/pods', JSON.stringify(podManifest(`w-${i}`)));
    if (r.status !== 201) throw new Error(`create ${r.status}: ${r.body}`);
  });
  const N = 5000;
  const createMs = await drive(N, async (c, i) => {
    const r = await c.request('POST', '/api/v1/namespaces/default/pods', JSON.stringify(podManifest(`p-${i}`)));
    if (r.status !== 201) throw new Error(`create ${r.status}: ${r.body}`);
  });
  rows.push([`pod creates/s (16 clients, ${N} pods)`, (N / (createMs / 1000)).toFixed(0), '>= 3000']);
  const G = 20000;
  const getMs = await drive(G, async (c, i) => {
    const r = await c.request('GET', `/api/v1/namespaces/default/pods/p-${i % N}`);
    if (r.status !== 200) throw new Error(`get ${r.status}`);
  });
  for (const c of conns) c.close();
  rows.push([`pod gets/s (16 clients, ${G} gets)`, (G / (getMs / 1000)).toFixed(0), '>= 10000']);

  // 3. Watch latency: 100 watchers on configmaps; each create's delivery time to every watcher.
  const latencies: number[] = [];
  const sent = new Map<string, number>();
  const base = new URL(warm.url);
  const watchers = await Promise.all(Array.from({ length: 100 }, () => new Promise<() => void>((resolve) => {
    const req = request({ host: base.hostname, port: base.port, path: '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0', agent: false, ca: client.agent.options.ca, cert: client.agent.options.cert, key: client.agent.options.key }, (res) => {
      let buf = '';
      res.on('data', (c: Buffer) => {
        const now = performance.now();
        buf += c.toString();
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl); buf = buf.slice(nl + 1);
          const name = (JSON.parse(line) as { object: { metadata: { name: string } } }).object.metadata.name;
          const at = sent.get(name);
          if (at !== undefined) latencies.push(now - at);
        }
      });
      resolve(() => req.destroy());
    });
    req.end();
  })));
  const W = 200;
  for (let i = 0; i < W; i++) {
    sent.set(`w-${i}`, performance.now());
    await client.call('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `w-${i}` }, data: { i: String(i) } });
  }
  for (let i = 0; i < 200 && latencies.length < W * 100; i++) await new Promise((r) => setTimeout(r, 10));
  latencies.sort((a, b) => a - b);
  rows.push([`watch delivery p50 / p99 (ms, 100 watchers, ${latencies.length} events)`, `${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 99).toFixed(1)}`, 'p99 < 50']);
  for (const stop of watchers) stop();

  // 4. List 10,000 pods.
  await pool(10000 - N, 16, async (i) => {
    const r = await client.call('POST', '/api/v1/namespaces/default/pods', podManifest(`q-${i}`));
    if (r.status !== 201) throw new Error(`create ${r.status}: ${r.body}`);
  });
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = await client.call('GET', '/api/v1/namespaces/default/pods');
    times.push(performance.now() - t0);
    const count = (JSON.parse(r.body) as { items: unknown[] }).items.length;
    if (count !== 10000) throw new Error(`listed ${count} pods`);
  }
  times.sort((a, b) => a - b);
  rows.push(['list of 10,000 pods (ms, median of 5)', percentile(times, 50).toFixed(0), '< 300']);
  rows.push(['RSS after the load (MB)', rssMb(warm.pid).toFixed(1), '']);

  client.agent.destroy();
  warm.stop();
  printTable(rows);
  rmSync(dir, { recursive: true, force: true });
}

await main();
