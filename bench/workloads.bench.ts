/**
 * Workload figures (issue #4), on an in-process cluster (startCluster: API server, controllers,
 * scheduler, kubelets), driven through the in-process client:
 * - pod startup: 100 pods with the process runtime, create → Running seen by a watch, p50/p99
 *   (Kubernetes' SLO: 5 s p99; target here 1 s);
 * - scale: 1,000 simulated nodes and 30,000 pods (a Deployment): time until all are Running,
 *   and the RSS of the whole cluster process.
 * Scheduling throughput on 5,000 nodes is in scheduler.bench.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster } from '../src/cluster/cluster.ts';
import type { KubeObject } from '../src/api/object.ts';
import { percentile, pool, printTable } from './support.ts';

const PODS = { group: '', version: 'v1', resource: 'pods' };
const rssMb = () => process.memoryUsage().rss / 1024 / 1024;

async function podStartup(rows: (string | number)[][]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ekslite-bench-startup-'));
  const cluster = await startCluster({ dataDir: dir, port: 0, storage: 'memory:', nodes: { count: 2, instanceType: 'm5.xlarge', runtime: 'process' } });
  const client = cluster.client();
  const pods = client.resource(PODS).namespace('default');
  const created = new Map<string, number>();
  const running: number[] = [];
  const ac = new AbortController();
  const done = new Promise<void>((resolve) => {
    void pods.watch({ signal: ac.signal, resourceVersion: '0', onEvent: (ev) => {
      const name = ev.object.metadata?.name ?? '';
      const at = created.get(name);
      if (at !== undefined && (ev.object.status as { phase?: string } | undefined)?.phase === 'Running') {
        running.push(performance.now() - at);
        created.delete(name);
        if (running.length === 100) resolve();
      }
    } });
  });
  for (let i = 0; i < 100; i++) {
    const name = `start-${i}`;
    created.set(name, performance.now());
    await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }], terminationGracePeriodSeconds: 0 } } as KubeObject);
  }
  await done;
  ac.abort();
  running.sort((a, b) => a - b);
  rows.push(['pod startup, 100 pods, process runtime: p50 / p99 (ms)', `${percentile(running, 50).toFixed(0)} / ${percentile(running, 99).toFixed(0)}`, 'p99 < 1000']);
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** EKSLITE_BENCH_NODES / EKSLITE_BENCH_PODS shrink the scale run (defaults: the 1,000 / 30,000). */
const NODES = Number(process.env.EKSLITE_BENCH_NODES ?? 1000);
const PODS_N = Number(process.env.EKSLITE_BENCH_PODS ?? 30000);

async function scale(rows: (string | number)[][]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ekslite-bench-scale-'));
  const t0 = performance.now();
  const cluster = await startCluster({ dataDir: dir, port: 0, storage: 'memory:', nodes: { count: NODES, instanceType: 'm5.xlarge', runtime: 'simulated' } });
  rows.push([`${NODES} simulated nodes: start until all registered (s)`, ((performance.now() - t0) / 1000).toFixed(1), '']);
  const client = cluster.client();
  const pods = client.resource(PODS).namespace('default');
  const t1 = performance.now();
  let running = 0;
  const ac = new AbortController();
  const seen = new Set<string>();
  const settled = new Promise<void>((resolve) => {
    void pods.watch({ signal: ac.signal, resourceVersion: '0', onEvent: (ev) => {
      const name = ev.object.metadata?.name ?? '';
      if ((ev.object.status as { phase?: string } | undefined)?.phase === 'Running' && !seen.has(name)) {
        seen.add(name);
        if (++running === PODS_N) resolve();
      }
    } });
  });
  // The pods are created directly (32 clients), scheduled by the scheduler, run by the simulated kubelets.
  await pool(PODS_N, 32, async (i) => {
    await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `scale-${i}`, labels: { app: 'scale' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } } as KubeObject);
  });
  rows.push([`${PODS_N} pod creates through the in-process client (s)`, ((performance.now() - t1) / 1000).toFixed(1), '']);
  await settled;
  ac.abort();
  rows.push([`${PODS_N} pods on ${NODES} simulated nodes: first create → all Running (s)`, ((performance.now() - t1) / 1000).toFixed(1), '']);
  rows.push([`RSS of the cluster process at ${PODS_N} pods (MB)`, rssMb().toFixed(0), '']);
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}

const rows: (string | number)[][] = [['measure', 'value', 'target']];
await podStartup(rows);
if (!process.argv.includes('--quick')) await scale(rows);
printTable(rows);
process.exit(0);
