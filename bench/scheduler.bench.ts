// Scheduler throughput for kube-scheduler's scheduler_perf shape "SchedulingBasic 5000Nodes_10000Pods":
// 5,000 nodes (here m5.large: 2 cpu, 8Gi, 29 pods) and 10,000 pods requesting 100m / 500Mi (the
// pod-default.yaml template). Reported against the kube-scheduler CI floor for that shape, 680 pods/s.
//
// 1. framework: the default profile on a MemoryCluster (bindings applied in memory, fed back as
//    informer events), through the same scheduling loop as in production.
// 2. api: newScheduler on the in-process API server (startTestCluster): informers, POST pods/binding.
//    Nodes and pods are created first; the clock starts when the scheduler starts.
import { systemClock } from '../src/util/clock.ts';
import { MemoryCluster } from '../src/scheduler/memory-cluster.ts';
import { Scheduler, newScheduler } from '../src/scheduler/scheduler.ts';
import { makeNode, makePod } from '../src/scheduler/testing.ts';
import { Informer } from '../src/controller/informer.ts';
import { startTestCluster } from '../test/support/in-process-cluster.ts';
import { pool, printTable } from './support.ts';

const NODES = Number(process.env.SCHED_NODES ?? 5000);
const PODS = Number(process.env.SCHED_PODS ?? 10000);
const CI_FLOOR = 680; // pods/s, kube-scheduler scheduler_perf threshold for SchedulingBasic 5000Nodes_10000Pods
const TARGET = 2000;

const pod = (i: number) => makePod(`pod-${i}`, { cpu: '100m', memory: '500Mi', uid: `pod-uid-${i}` });
const node = (i: number) => makeNode(`node-${i}`, { zone: `us-east-1${'abc'[i % 3]}` });

async function framework(): Promise<{ seconds: number; bound: number; heapMB: number }> {
  const clock = systemClock;
  const cluster = new MemoryCluster(clock);
  const sched = new Scheduler({ clock, writer: cluster, listers: cluster });
  cluster.attach(sched);
  for (let i = 0; i < NODES; i++) cluster.addNode(node(i));
  for (let i = 0; i < PODS; i++) cluster.addPod(pod(i));
  const ac = new AbortController();
  const t0 = performance.now();
  const loop = sched.run(ac.signal);
  while (sched.queue.activeCount > 0) await new Promise((r) => setImmediate(r));
  await sched.bindingsSettled();
  const seconds = (performance.now() - t0) / 1000;
  ac.abort();
  sched.queue.close();
  await loop;
  let bound = 0;
  for (const p of cluster.pods.values()) if (p.spec.nodeName) bound++;
  return { seconds, bound, heapMB: process.memoryUsage().heapUsed / 2 ** 20 };
}

async function api(): Promise<{ seconds: number; bound: number; createSeconds: number } | string> {
  const cluster = await startTestCluster();
  try {
    const client = cluster.client();
    const t0 = performance.now();
    await pool(NODES, 32, async (i) => { await client.resource({ group: '', version: 'v1', resource: 'nodes' }).create(node(i)); });
    const pods = client.resource({ group: '', version: 'v1', resource: 'pods' }).namespace('default');
    await pool(PODS, 32, async (i) => { const p = pod(i); await pods.create({ ...p, metadata: { name: p.metadata.name } }); });
    const createSeconds = (performance.now() - t0) / 1000;
    // count bindings as a separate client would see them
    let bound = 0;
    const watcher = new Informer({ client, resource: { group: '', version: 'v1', resource: 'pods' }, clock: systemClock });
    watcher.addEventHandler({ onUpdate: (a, b) => { if (!(a.spec as { nodeName?: string }).nodeName && (b.spec as { nodeName?: string }).nodeName) bound++; } });
    const ac = new AbortController();
    void watcher.run(ac.signal);
    await watcher.waitForSync();
    const t1 = performance.now();
    const running = await newScheduler({ client, clock: systemClock }).start(ac.signal);
    const deadline = Date.now() + 600_000;
    while (bound < PODS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const seconds = (performance.now() - t1) / 1000;
    await running.stop();
    ac.abort();
    return { seconds, bound, createSeconds };
  } catch (e) {
    return `skipped: ${(e as Error).message}`;
  } finally {
    await cluster.close();
  }
}

console.log(`scheduler: ${NODES} nodes (2 cpu, 8Gi, 29 pods; 3 zones), ${PODS} pods (100m, 500Mi), default profile`);
const f = await framework();
const rows: (string | number)[][] = [['path', 'pods bound', 'seconds', 'pods/s', 'vs CI floor 680/s', 'vs target 2000/s']];
const fRate = f.bound / f.seconds;
rows.push(['framework (in-memory binder)', f.bound, f.seconds.toFixed(2), Math.round(fRate), `${(fRate / CI_FLOOR).toFixed(2)}x`, `${(fRate / TARGET).toFixed(2)}x`]);
const a = process.env.SCHED_SKIP_API ? 'skipped: SCHED_SKIP_API' : await api();
if (typeof a === 'string') rows.push(['api (in-process API server)', a, '', '', '', '']);
else {
  const aRate = a.bound / a.seconds;
  rows.push(['api (in-process API server)', a.bound, a.seconds.toFixed(2), Math.round(aRate), `${(aRate / CI_FLOOR).toFixed(2)}x`, `${(aRate / TARGET).toFixed(2)}x`]);
  console.log(`(api setup: ${NODES} nodes and ${PODS} pods created in ${a.createSeconds.toFixed(1)} s, not counted)`);
}
printTable(rows);
console.log(`heap after the framework run: ${f.heapMB.toFixed(0)} MB`);
