/** Helpers shared by the benchmarks: an HTTPS client with the admin certificate, percentiles, tables. */
import { Agent, request } from 'node:https';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ClusterClient {
  readonly agent: Agent;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
}

export async function clientFor(url: string, dataDir: string, maxSockets = 16): Promise<ClusterClient> {
  const pki = join(dataDir, 'pki');
  const [ca, cert, key] = await Promise.all(['ca.crt', 'admin.crt', 'admin.key'].map((f) => readFile(join(pki, f), 'utf8')));
  const agent = new Agent({ keepAlive: true, maxSockets, ca, cert, key });
  const base = new URL(url);
  return {
    agent,
    call(method, path, body, headers = {}) {
      return new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = request({ host: base.hostname, port: base.port, path, method, agent, headers: { 'content-type': 'application/json', accept: 'application/json', ...headers } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(payload);
      });
    },
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Times fn over `iterations` calls after `warmup` calls: µs per call, p50 / p99 / mean. */
export function measure(name: string, iterations: number, warmup: number, fn: () => unknown): { name: string; p50: number; p99: number; mean: number } {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) {
    const s = performance.now();
    fn();
    samples.push((performance.now() - s) * 1000);
  }
  const mean = ((performance.now() - t0) * 1000) / iterations;
  samples.sort((a, b) => a - b);
  return { name, p50: percentile(samples, 50), p99: percentile(samples, 99), mean };
}

export function printTable(rows: readonly (readonly (string | number)[])[]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(widths[i])).join('  '));
}

/** Runs `count` tasks with `concurrency` workers; returns elapsed ms. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      await task(i);
    }
  }));
  return performance.now() - t0;
}

export function podManifest(name: string) {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, labels: { app: 'bench', tier: 'web' } },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
  };
}
