/**
 * `kubectl apply` of a 50-object manifest set end to end against `ekslite up` (issue #3 target:
 * the whole command under 1 s): client-side apply (create), client-side re-apply (3-way patch of
 * each object), and server-side apply; each run is a fresh kubectl process, median of 5, with the
 * same kubectl against nothing else as the reference for kubectl's own start-up cost.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, printTable } from './support.ts';

const CLI = join(import.meta.dirname, '..', 'dist', 'ekslite.js');

function manifestSet(n: number, replicas: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    docs.push(i % 2 === 0
      ? `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\n  labels: {app: web-${i}}\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels: {app: web-${i}}\n  template:\n    metadata:\n      labels: {app: web-${i}}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports: [{containerPort: 80}]\n        env: [{name: A, value: "1"}, {name: B, value: "2"}]\n        resources: {requests: {cpu: 10m, memory: 16Mi}}\n`
      : `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg-${i}\ndata:\n  replicas: "${replicas}"\n  payload: "${'x'.repeat(200)}"\n`);
  }
  return docs.join('---\n');
}

function timeKubectl(env: NodeJS.ProcessEnv, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync('kubectl', args, { env, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return ms;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ekslite-bench-apply-'));
  const child = spawn(process.execPath, [CLI, 'up', '--no-controllers', '--name', 'bench', '--port', '0', '--data-dir', join(dir, 'data'), '--kubeconfig', join(dir, 'kubeconfig')], {
    env: { ...process.env, HOME: join(dir, 'home') }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); if (out.includes('is up at')) resolve(); });
    child.on('exit', (code) => reject(new Error(`ekslite exited ${code}`)));
  });
  const env = { ...process.env, HOME: join(dir, 'home'), KUBECONFIG: join(dir, 'kubeconfig') };
  const rows: (string | number)[][] = [['measure (50 objects: 25 Deployments, 25 ConfigMaps)', 'median ms', 'target']];
  const version = timeKubectl(env, ['version']);
  rows.push(['kubectl version (kubectl start-up + 2 requests, reference)', version.toFixed(0), '']);
  const csa: number[] = []; const reapply: number[] = []; const ssa: number[] = [];
  const ssaCreate: number[] = []; const ssaUpdate: number[] = [];
  for (let run = 0; run < 5; run++) {
    const ns = `bench-${run}`;
    spawnSync('kubectl', ['create', 'namespace', ns], { env });
    const a = join(dir, `a-${run}.yaml`); const b = join(dir, `b-${run}.yaml`); const c = join(dir, `c-${run}.yaml`);
    writeFileSync(a, manifestSet(50, 2)); writeFileSync(b, manifestSet(50, 3)); writeFileSync(c, manifestSet(50, 4));
    csa.push(timeKubectl(env, ['apply', '-n', ns, '-f', a]));
    reapply.push(timeKubectl(env, ['apply', '-n', ns, '-f', b]));
    ssa.push(timeKubectl(env, ['apply', '--server-side', '--force-conflicts', '-n', ns, '-f', c]));
    // Server-side apply from the start (no client-side history to migrate).
    const sns = `bench-ssa-${run}`;
    spawnSync('kubectl', ['create', 'namespace', sns], { env });
    ssaCreate.push(timeKubectl(env, ['apply', '--server-side', '-n', sns, '-f', a]));
    ssaUpdate.push(timeKubectl(env, ['apply', '--server-side', '-n', sns, '-f', b]));
  }
  for (const x of [csa, reapply, ssa, ssaCreate, ssaUpdate]) x.sort((p, q) => p - q);
  rows.push(['kubectl apply -f (client-side, creates)', percentile(csa, 50).toFixed(0), '< 1000']);
  rows.push(['kubectl apply -f (client-side, 3-way patch of each)', percentile(reapply, 50).toFixed(0), '< 1000']);
  rows.push(['kubectl apply --server-side -f (client-side history: migration + apply)', percentile(ssa, 50).toFixed(0), '']);
  rows.push(['kubectl apply --server-side -f (creates)', percentile(ssaCreate, 50).toFixed(0), '< 1000']);
  rows.push(['kubectl apply --server-side -f (every object changed)', percentile(ssaUpdate, 50).toFixed(0), '< 1000']);
  child.kill('SIGTERM');
  printTable(rows);
  rmSync(dir, { recursive: true, force: true });
}

await main();
