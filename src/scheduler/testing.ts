/**
 * Builders for the scheduler's tests and benchmarks: nodes and pods in the shapes the API server
 * returns, and a scheduler running on a MemoryCluster with a fake clock.
 */
import { FakeClock } from '../util/clock.ts';
import type { Affinity, Node, Pod, PodSpec, Taint, Toleration, TopologySpreadConstraint } from './api-types.ts';
import { LABEL_HOSTNAME, LABEL_TOPOLOGY_ZONE } from './api-types.ts';
import { CycleState } from './framework/cycle-state.ts';
import type { FilterPlugin, Plugin, PreFilterPlugin, PreScorePlugin, Profile, ScorePlugin } from './framework/interface.ts';
import { Status } from './framework/status.ts';
import { MemoryCluster } from './memory-cluster.ts';
import { Scheduler } from './scheduler.ts';

export interface NodeSpec {
  readonly cpu?: string;
  readonly memory?: string;
  readonly pods?: string;
  readonly extra?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly zone?: string;
  readonly taints?: readonly Taint[];
  readonly unschedulable?: boolean;
}

/** A node like m5.large by default: 2 cpu, 8Gi, 29 pods; labelled with its hostname (and zone). */
export function makeNode(name: string, o: NodeSpec = {}): Node {
  const labels: Record<string, string> = { [LABEL_HOSTNAME]: name, ...o.labels };
  if (o.zone) labels[LABEL_TOPOLOGY_ZONE] = o.zone;
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels },
    spec: { taints: o.taints ? [...o.taints] : undefined, unschedulable: o.unschedulable },
    status: { allocatable: { cpu: o.cpu ?? '2', memory: o.memory ?? '8Gi', pods: o.pods ?? '29', ...o.extra } },
  };
}

export interface PodOptions {
  readonly namespace?: string;
  readonly cpu?: string;
  readonly memory?: string;
  readonly requests?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly priority?: number;
  readonly nodeName?: string;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly affinity?: Affinity;
  readonly tolerations?: readonly Toleration[];
  readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[];
  readonly hostPorts?: readonly number[];
  readonly spec?: Partial<PodSpec>;
  readonly uid?: string;
  readonly startTime?: string;
}

export function makePod(name: string, o: PodOptions = {}): Pod {
  const requests: Record<string, string> = { ...o.requests };
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: o.namespace ?? 'default', uid: o.uid ?? `uid-${o.namespace ?? 'default'}-${name}`, labels: o.labels ? { ...o.labels } : undefined },
    spec: {
      schedulerName: 'default-scheduler',
      containers: [{
        name: 'c', image: 'nginx',
        resources: Object.keys(requests).length ? { requests } : {},
        ports: o.hostPorts?.map((p) => ({ containerPort: p, hostPort: p })),
      }],
      nodeName: o.nodeName,
      priority: o.priority,
      nodeSelector: o.nodeSelector,
      affinity: o.affinity,
      tolerations: o.tolerations ? [...o.tolerations] : undefined,
      topologySpreadConstraints: o.topologySpreadConstraints ? [...o.topologySpreadConstraints] : undefined,
      ...o.spec,
    },
    status: o.startTime ? { phase: 'Running', startTime: o.startTime } : o.nodeName ? { phase: 'Running' } : { phase: 'Pending' },
  };
}

export interface TestScheduler {
  readonly clock: FakeClock;
  readonly cluster: MemoryCluster;
  readonly scheduler: Scheduler;
  /** Schedules every pod in activeQ, waits for the bindings, repeats until activeQ stays empty. */
  drain(): Promise<void>;
  nodeOf(name: string, namespace?: string): string | undefined;
  lastEvent(name: string, namespace?: string): string | undefined;
}

export function newTestScheduler(o: { readonly random?: () => number; readonly profile?: Profile } = {}): TestScheduler {
  const clock = new FakeClock();
  const cluster = new MemoryCluster(clock);
  const scheduler = new Scheduler({ clock, writer: cluster, listers: cluster, random: o.random ?? (() => 0.5), profile: o.profile });
  cluster.attach(scheduler);
  return {
    clock, cluster, scheduler,
    async drain() {
      for (let round = 0; round < 1000; round++) {
        let any = false;
        while (scheduler.scheduleOne()) any = true;
        await scheduler.bindingsSettled();
        await new Promise<void>((r) => setImmediate(r));
        if (!any && scheduler.queue.activeCount === 0) return;
      }
      throw new Error('the queue did not drain');
    },
    nodeOf: (name, ns = 'default') => cluster.pod(ns, name)?.spec.nodeName,
    lastEvent: (name, ns = 'default') => cluster.events.filter((e) => e.object === `${ns}/${name}`).at(-1)?.message,
  };
}

export function pluginOf<T extends Plugin>(scheduler: Scheduler, name: string): T {
  const p = scheduler.framework.plugins.find((x) => x.name === name);
  if (!p) throw new Error(`no plugin ${name}`);
  return p as T;
}

/**
 * Runs one plugin's PreFilter then Filter for `pod` against every node of the scheduler's cache:
 * node name → reasons ("" for success), or the PreFilter's status code and reasons if it did not succeed.
 */
export function filterResults(scheduler: Scheduler, name: string, pod: Pod): Record<string, string> {
  const plugin = pluginOf<Plugin & Partial<PreFilterPlugin> & FilterPlugin>(scheduler, name);
  const pi = scheduler.podInfoFor(pod);
  const state = new CycleState();
  const nodes = scheduler.cache.nodeInfos();
  const pre = plugin.preFilter?.(state, pi, nodes);
  if (pre instanceof Status && !pre.isSuccess()) return { [pre.code]: pre.reasons.join(', ') };
  return Object.fromEntries(nodes.map((n) => [n.name, plugin.filter(state, pi, n).reasons.join(', ')]));
}

/** Runs one plugin's PreScore, Score and NormalizeScore over every node: node name → score, or undefined when skipped. */
export function scoreResults(scheduler: Scheduler, name: string, pod: Pod): Record<string, number> | undefined {
  const plugin = pluginOf<Plugin & Partial<PreScorePlugin> & ScorePlugin>(scheduler, name);
  const pi = scheduler.podInfoFor(pod);
  const state = new CycleState();
  const nodes = scheduler.cache.nodeInfos();
  const pre = plugin.preScore?.(state, pi, nodes);
  if (pre?.isSkip()) return undefined;
  const scores = Float64Array.from(nodes.map((n) => plugin.score(state, pi, n)));
  plugin.normalizeScore?.(state, pi, scores, nodes);
  return Object.fromEntries(nodes.map((n, i) => [n.name, scores[i]]));
}
