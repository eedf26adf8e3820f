/**
 * The `simulated` runtime (scale mode): pods bound to its nodes go through stages (stages.ts)
 * with no process at all. Built to be cheap at 30,000 pods on 1,000 nodes:
 *
 * - one SimulatedRuntime serves every node; it keeps one timer (for the earliest delayed stage,
 *   in a binary heap), never one per pod; undelayed stages run in one batch per tick;
 * - status writes go through one StatusManager per API client with bounded concurrency, so a
 *   thousand pods changing together become a steady stream of patches, the latest status of a
 *   pod winning; deletes are bounded the same way;
 * - a pod's state is a few fields; a stage is applied to a pod at most once.
 *
 * Pod addresses come from the node's VPC CNI IPAM (addresses only: nothing listens on them);
 * hostNetwork pods get the node's. Metrics report each container's requests as its usage.
 */
import type { Client } from '../../../client/client.ts';
import { Informer } from '../../../controller/informer.ts';
import type { Clock } from '../../../util/clock.ts';
import { rfc3339 } from '../../../util/clock.ts';
import { parseQuantity } from '../../../api/quantity.ts';
import { IpamExhaustedError } from '../../../network/ipam.ts';
import type { NodeContext, PodDriver, PodHandler, PodMetrics } from '../../pod-handler.ts';
import { type Pod, type PodStatus, PODS } from '../../pod-types.ts';
import { StatusManager } from '../../status-manager.ts';
import { matches, renderTemplate } from './stage-template.ts';
import { DEFAULT_POD_STAGES, type Stage } from './stages.ts';

export interface SimulatedRuntimeOptions {
  readonly clock: Clock;
  /** @default DEFAULT_POD_STAGES */
  readonly stages?: readonly Stage[];
  /** Status writes (and deletes) in flight at once, per API client. @default 64 */
  readonly concurrency?: number;
}

interface Due { at: number; seq: number; node: SimulatedNode; uid: string; stage: Stage }
interface PodSource { readonly informer: Informer; readonly nodes: Map<string, PodHandler>; readonly abort: AbortController }

/** The first stage whose selector matches the pod and that was not applied to it yet. */
export function selectStage(stages: readonly Stage[], pod: Pod, applied: ReadonlySet<string> = new Set()): Stage | undefined {
  return stages.find((s) => !applied.has(s.name) && matches(s.selector, pod));
}

/** The status a stage gives the pod (its template rendered and merged over the pod's status). */
export function stageStatus(stage: Stage, pod: Pod, ctx: { now: number; podIP?: string; nodeIP: string }): PodStatus | undefined {
  if (!stage.next.status) return undefined;
  const rendered = renderTemplate(stage.next.status, pod, { now: rfc3339(ctx.now), podIP: ctx.podIP, nodeIP: ctx.nodeIP }) as PodStatus;
  const status: PodStatus = { ...(pod.status ?? {}), ...rendered };
  // conditions set by others (DisruptionTarget, readiness gates) stay
  const own = new Set((rendered.conditions ?? []).map((c) => c.type));
  const kept = (pod.status?.conditions ?? []).filter((c) => !own.has(c.type));
  if (rendered.conditions) status.conditions = [...rendered.conditions.map((c) => (c.type === 'PodScheduled' ? (pod.status?.conditions?.find((x) => x.type === 'PodScheduled') ?? c) : c)), ...kept.filter((c) => c.type !== 'PodScheduled')];
  return status;
}

export class SimulatedRuntime implements PodDriver {
  readonly kind = 'pod-driver';
  readonly name = 'ekslite-simulated';
  readonly version = '0.1.0';
  readonly stages: readonly Stage[];
  private readonly heap: Due[] = [];
  private seq = 0;
  private cancelTimer?: () => void;
  private timerAt = Infinity;
  private readonly immediate: Due[] = [];
  private immediateScheduled = false;
  private readonly writers = new Map<Client, StatusManager>();
  private readonly sources = new Map<Client, PodSource>();
  private readonly deletes = new Map<Client, Limiter>();

  constructor(readonly options: SimulatedRuntimeOptions) {
    this.stages = options.stages ?? DEFAULT_POD_STAGES;
  }

  attach(node: NodeContext): PodHandler {
    return new SimulatedNode(this, node);
  }

  /**
   * One pod watch per API client for every node of this runtime (`spec.nodeName!=`), dispatched
   * by node name: with a watch per node the API server would filter each pod event once per node.
   */
  async watchPods(client: Client, nodeName: string, handler: PodHandler, clock: Clock): Promise<() => void> {
    let src = this.sources.get(client);
    if (!src) {
      const informer = new Informer({ client, resource: PODS, fieldSelector: 'spec.nodeName!=', clock });
      const nodes = new Map<string, PodHandler>();
      const to = (o: unknown) => nodes.get((o as Pod).spec.nodeName ?? '');
      informer.addEventHandler({
        onAdd: (o) => to(o)?.onPod(o as Pod),
        onUpdate: (_old, o) => to(o)?.onPod(o as Pod),
        onDelete: (o) => to(o)?.onPodDeleted(o as Pod),
      });
      const abort = new AbortController();
      void informer.run(abort.signal);
      src = { informer, nodes, abort };
      this.sources.set(client, src);
    }
    const { informer, nodes } = src;
    nodes.set(nodeName, handler);
    await informer.waitForSync();
    for (const o of informer.list()) if ((o as Pod).spec.nodeName === nodeName) handler.onPod(o as Pod);
    return () => {
      if (nodes.get(nodeName) === handler) nodes.delete(nodeName);
      if (nodes.size === 0) { src!.abort.abort(); this.sources.delete(client); }
    };
  }

  writer(client: Client): StatusManager {
    let w = this.writers.get(client);
    if (!w) { w = new StatusManager({ client, concurrency: this.options.concurrency ?? 64 }); this.writers.set(client, w); }
    return w;
  }

  deleter(client: Client): Limiter {
    let l = this.deletes.get(client);
    if (!l) { l = new Limiter(this.options.concurrency ?? 64); this.deletes.set(client, l); }
    return l;
  }

  schedule(node: SimulatedNode, uid: string, stage: Stage): void {
    const now = this.options.clock.now();
    const d = stage.delay;
    const jitter = d?.jitterDurationMs ? hash(uid) % d.jitterDurationMs : 0;
    const due: Due = { at: now + (d?.durationMs ?? 0) + jitter, seq: this.seq++, node, uid, stage };
    if (due.at <= now) {
      this.immediate.push(due);
      if (!this.immediateScheduled) { this.immediateScheduled = true; queueMicrotask(() => this.runImmediate()); }
      return;
    }
    heapPush(this.heap, due);
    this.arm();
  }

  private runImmediate(): void {
    this.immediateScheduled = false;
    for (const d of this.immediate.splice(0)) d.node.apply(d.uid, d.stage);
  }

  private arm(): void {
    const next = this.heap[0];
    if (!next || next.at >= this.timerAt) return;
    this.cancelTimer?.();
    this.timerAt = next.at;
    this.cancelTimer = this.options.clock.setTimer(() => this.fire(), Math.max(0, next.at - this.options.clock.now()));
  }

  private fire(): void {
    this.timerAt = Infinity;
    this.cancelTimer = undefined;
    const now = this.options.clock.now();
    while (this.heap.length > 0 && this.heap[0].at <= now) {
      const d = heapPop(this.heap)!;
      d.node.apply(d.uid, d.stage);
    }
    this.arm();
  }

  close(): void {
    for (const src of this.sources.values()) src.abort.abort();
    this.sources.clear();
    this.cancelTimer?.();
    this.heap.length = 0;
    for (const w of this.writers.values()) w.close();
  }
}

interface PodState { pod: Pod; applied: Set<string>; pending?: string }

class SimulatedNode implements PodHandler {
  private readonly pods = new Map<string, PodState>();
  /** Pods waiting for an address: tried again whenever one is released. */
  private readonly blocked = new Set<string>();
  private stopped = false;

  constructor(private readonly runtime: SimulatedRuntime, private readonly node: NodeContext) {}

  onPod(pod: Pod): void {
    if (this.stopped) return;
    const uid = pod.metadata.uid!;
    let st = this.pods.get(uid);
    if (!st) { st = { pod, applied: new Set() }; this.pods.set(uid, st); } else st.pod = pod;
    const stage = selectStage(this.runtime.stages, pod, st.applied);
    if (!stage || st.pending === stage.name) return;
    st.pending = stage.name;
    this.runtime.schedule(this, uid, stage);
  }

  onPodDeleted(pod: Pod): void {
    const uid = pod.metadata.uid!;
    this.pods.delete(uid);
    this.blocked.delete(uid);
    this.release(uid);
    this.runtime.writer(this.node.client).forget(uid);
  }

  private release(uid: string): void {
    this.node.ipam.release(uid);
    for (const b of [...this.blocked]) {
      this.blocked.delete(b);
      const st = this.pods.get(b);
      if (st) this.onPod(st.pod);
    }
  }

  apply(uid: string, stage: Stage): void {
    const st = this.pods.get(uid);
    if (!st || this.stopped) return;
    st.pending = undefined;
    if (st.applied.has(stage.name) || !matches(stage.selector, st.pod)) { this.onPod(st.pod); return; }
    st.applied.add(stage.name);
    const pod = st.pod;
    if (stage.next.event) this.node.recorder.event(pod, stage.next.event.type, stage.next.event.reason, stage.next.event.message);
    if (stage.next.status) {
      let podIP: string | undefined;
      try {
        podIP = pod.spec.hostNetwork ? this.node.hostIP : this.node.ipam.allocate(uid);
      } catch (e) {
        if (!(e instanceof IpamExhaustedError)) throw e;
        this.node.recorder.event(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: plugin type="aws-cni" name="aws-cni" failed (add): ${e.message}`);
        st.applied.delete(stage.name);
        this.blocked.add(uid);
        return;
      }
      const status = stageStatus(stage, pod, { now: this.node.clock.now(), podIP: pod.status?.podIP ?? podIP, nodeIP: this.node.hostIP })!;
      st.pod = { ...pod, status };
      // a finished pod's sandbox is gone, and with it its address (status.podIP stays, as on a real node)
      if (status.phase === 'Succeeded' || status.phase === 'Failed') this.release(uid);
      this.runtime.writer(this.node.client).setPodStatus(pod, status);
      this.onPod(st.pod);
    }
    if (stage.next.delete) {
      const { client } = this.node;
      const ns = pod.metadata.namespace ?? 'default';
      void this.runtime.deleter(client).run(() => client.resource(PODS).namespace(ns).delete(pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid } })
        .catch((e: { code?: number; message?: string }) => { if (e.code !== 404 && e.code !== 409) console.error(`simulated kubelet: delete ${ns}/${pod.metadata.name}: ${e.message}`); }));
    }
  }

  async podMetrics(): Promise<PodMetrics[]> {
    const now = this.node.clock.now();
    const out: PodMetrics[] = [];
    for (const { pod } of this.pods.values()) {
      if (pod.status?.phase !== 'Running') continue;
      out.push({
        namespace: pod.metadata.namespace!, name: pod.metadata.name!, timestamp: now, windowSeconds: 15,
        containers: pod.spec.containers.map((c) => ({
          name: c.name,
          cpuNanoCores: c.resources?.requests?.cpu ? Number(parseQuantity(c.resources.requests.cpu).milliValue()) * 1_000_000 : 0,
          memoryWorkingSetBytes: c.resources?.requests?.memory ? Number(parseQuantity(c.resources.requests.memory).value()) : 0,
        })),
      });
    }
    return out;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pods.clear();
  }
}

/** Runs at most n tasks at once. */
class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly n: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.n) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try { return await task(); } finally { this.active--; this.waiting.shift()?.(); }
  }
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
  return h >>> 0;
}

const before = (a: Due, b: Due) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

function heapPush(h: Due[], d: Due): void {
  h.push(d);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(h[i], h[p])) break;
    [h[i], h[p]] = [h[p], h[i]];
    i = p;
  }
}

function heapPop(h: Due[]): Due | undefined {
  const top = h[0];
  const last = h.pop();
  if (h.length > 0 && last) {
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1; const r = l + 1; let m = i;
      if (l < h.length && before(h[l], h[m])) m = l;
      if (r < h.length && before(h[r], h[m])) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
  return top;
}
