/**
 * Server-side printing: building the `as=Table` answer for a list of 10,000 pods (what
 * `kubectl get pods -A` on a large cluster costs the API server before serialisation), and the
 * JSON serialisation of that Table. Pods are realistic: two containers, a mix of Running,
 * CrashLoopBackOff with restarts, Pending and Completed. In-process, no server.
 */
import type { KubeList, KubeObject } from '../src/api/object.ts';
import { printerFor, toTable } from '../src/registry/printers/index.ts';
import { percentile } from './support.ts';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

function pod(i: number): KubeObject {
  const created = iso(NOW - (i % 5000) * 60_000);
  const running = { running: { startedAt: created } };
  const kind = i % 10;
  const app = kind === 0
    ? { name: 'app', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: iso(NOW - 12_000) } } }
    : kind === 1 ? { name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }
      : kind === 2 ? { name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }
        : { name: 'app', ready: true, restartCount: 0, state: running };
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `web-${i.toString(36).padStart(5, '0')}-x2x9z`, namespace: `ns-${i % 20}`, uid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      resourceVersion: String(1000 + i), creationTimestamp: created, labels: { app: 'web', 'pod-template-hash': '7d4b9c' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9c', uid: 'rs', controller: true, blockOwnerDeletion: true }],
    },
    spec: { nodeName: `ip-10-0-${i % 250}-1.ec2.internal`, containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'proxy', image: 'envoy:1.31' }] },
    status: {
      phase: kind === 2 ? 'Succeeded' : kind === 1 ? 'Pending' : 'Running',
      podIP: `10.1.${i >> 8 & 255}.${i & 255}`, podIPs: [{ ip: `10.1.${i >> 8 & 255}.${i & 255}` }],
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: kind >= 3 ? 'True' : 'False' }],
      containerStatuses: [app, { name: 'proxy', ready: true, restartCount: 0, state: running }],
    },
  };
}

const list: KubeList = { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '99999' }, items: Array.from({ length: 10_000 }, (_, i) => pod(i)) };
const printer = printerFor('', 'pods');

const build: number[] = [];
const serialise: number[] = [];
let bytes = 0;
for (let run = 0; run < 25; run++) {
  const t0 = performance.now();
  const table = toTable(list, printer, { now: NOW });
  const t1 = performance.now();
  const json = JSON.stringify(table);
  const t2 = performance.now();
  if (run >= 5) { build.push(t1 - t0); serialise.push(t2 - t1); } // the first runs warm the JIT
  bytes = json.length;
}
build.sort((a, b) => a - b);
serialise.sort((a, b) => a - b);
const line = (label: string, ms: readonly number[]): string =>
  `${label.padEnd(40)}  p50 ${percentile(ms, 50).toFixed(1).padStart(6)} ms  p90 ${percentile(ms, 90).toFixed(1).padStart(6)} ms  max ${ms[ms.length - 1].toFixed(1).padStart(6)} ms`;
console.log(line('toTable, 10,000 pods', build));
console.log(line('JSON.stringify of that Table', serialise));
console.log(`Table JSON: ${(bytes / 1e6).toFixed(1)} MB`);
