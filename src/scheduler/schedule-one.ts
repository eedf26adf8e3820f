/**
 * One scheduling attempt for one pod, after kube-scheduler's schedule_one.go. The scheduling
 * cycle is synchronous — PreFilter, Filter over a rotating sample of nodes (numFeasibleNodesToFind),
 * PreScore, Score, select the best host (random among ties), assume the pod onto it in the cache,
 * Reserve, Permit — so cluster events cannot interleave with it. The binding cycle (PreBind, Bind)
 * runs in the background; a failure forgets the assumed pod and requeues it.
 */
import type { Clock } from '../util/clock.ts';
import type { SchedulerCache } from './cache/scheduler-cache.ts';
import { CycleState } from './framework/cycle-state.ts';
import { EVENT_ASSIGNED_POD_DELETE } from './framework/events.ts';
import { type Diagnosis, FitError, addPluginStatus, newDiagnosis } from './framework/fit-error.ts';
import type { Framework } from './framework/framework.ts';
import type { ClusterWriter, Listers, QueuedPodInfo } from './framework/interface.ts';
import type { NodeInfo } from './framework/node-info.ts';
import type { PodInfo } from './framework/pod-info.ts';
import { Status, unresolvable } from './framework/status.ts';
import type { SchedulingQueue } from './queue/scheduling-queue.ts';
import type { Pod, PodCondition } from './api-types.ts';
import { rfc3339 } from '../util/clock.ts';

/** minFeasibleNodesToFind and minFeasibleNodesPercentageToFind. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
/** validation.NoteLengthLimit: events longer than this are truncated. */
const NOTE_LENGTH_LIMIT = 1024;
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/** What a scheduling attempt needs from the scheduler. */
export interface SchedulerContext {
  readonly framework: Framework;
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  readonly writer: ClusterWriter;
  readonly listers: Listers;
  readonly clock: Clock;
  readonly random: () => number;
  nextStartNodeIndex: number;
  podInfoFor(pod: Pod): PodInfo;
  /** Registers a binding cycle so that stopping can wait for it. */
  trackBinding(p: Promise<void>): void;
}

/**
 * numFeasibleNodesToFind: every node below 100; otherwise `percentage`% of them (adaptive when 0:
 * 50% minus 1% per 125 nodes, at least 5%), never fewer than 100.
 */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let p = percentage;
  if (p <= 0) p = Math.max(50 - Math.trunc(numAllNodes / 125), MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
  if (p >= 100) return numAllNodes;
  const n = Math.trunc((numAllNodes * p) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

type ScheduleResult =
  | { readonly kind: 'scheduled'; readonly host: string; readonly evaluated: number; readonly feasible: number }
  | { readonly kind: 'fitError'; readonly error: FitError }
  | { readonly kind: 'error'; readonly status: Status };

/**
 * Reused by every cycle of every scheduler in the process: it is filled and consumed within one
 * synchronous scheduling cycle (filter → score → select), so no two cycles can see it at once.
 */
const feasibleBuffer: NodeInfo[] = [];

/** Filters nodes until enough fit, starting where the previous pod stopped (findNodesThatPassFilters). */
function findNodesThatPassFilters(ctx: SchedulerContext, state: CycleState, pod: PodInfo, d: Diagnosis, nodes: readonly NodeInfo[]): NodeInfo[] | Status {
  const fw = ctx.framework;
  const numAll = nodes.length;
  const toFind = fw.hasScorePlugins ? numFeasibleNodesToFind(fw.percentageOfNodesToScore, numAll) : Math.min(1, numAll);
  const feasible = feasibleBuffer;
  feasible.length = 0;
  const start = numAll === 0 ? 0 : ctx.nextStartNodeIndex % numAll;
  for (let i = 0; i < numAll && feasible.length < toFind; i++) {
    const ni = nodes[(start + i) % numAll];
    const s = fw.runFilterPluginsWithNominatedPods(state, pod, ni);
    if (s.code === 'Success') { feasible.push(ni); continue; }
    if (s.code === 'Error') return s;
    d.nodeToStatus.set(ni.name, s);
    addPluginStatus(d, s);
  }
  return feasible;
}

function findNodesThatFitPod(ctx: SchedulerContext, state: CycleState, pod: PodInfo): { feasible: NodeInfo[]; diagnosis: Diagnosis } | Status {
  const d = newDiagnosis();
  const allNodes = ctx.cache.nodeInfos();
  const pre = ctx.framework.runPreFilterPlugins(state, pod, allNodes);
  if (!pre.status.isSuccess()) {
    if (!pre.status.isRejected()) return pre.status;
    // every node gets the PreFilter status, and its message replaces the per-node counts
    d.nodeToStatus.absentNodesStatus = pre.status;
    d.preFilterMsg = pre.status.message();
    addPluginStatus(d, pre.status);
    return { feasible: [], diagnosis: d };
  }
  // a nominated node (set by an earlier preemption) is likely the only fit: try it first
  const nominated = pod.pod.status?.nominatedNodeName;
  if (nominated) {
    const ni = ctx.cache.get(nominated);
    if (ni) {
      const r = findNodesThatPassFilters(ctx, state, pod, d, [ni]);
      if (r instanceof Status) return r;
      if (r.length > 0) return { feasible: [...r], diagnosis: d };
    }
  }
  let nodes = allNodes;
  if (pre.nodeNames) {
    nodes = [...pre.nodeNames].map((n) => ctx.cache.get(n)).filter((n): n is NodeInfo => n !== undefined);
    d.nodeToStatus.absentNodesStatus = unresolvable(`node(s) didn't satisfy plugin(s) [${[...(pre.restrictedBy ?? [])].sort().join(' ')}]`);
  }
  const r = findNodesThatPassFilters(ctx, state, pod, d, nodes);
  if (r instanceof Status) return r;
  if (allNodes.length > 0) ctx.nextStartNodeIndex = (ctx.nextStartNodeIndex + r.length + d.nodeToStatus.size) % allNodes.length;
  return { feasible: r, diagnosis: d };
}

/** selectHost: the highest total, ties broken uniformly at random (reservoir sampling). */
export function selectHost(nodes: readonly NodeInfo[], totals: Float64Array, random: () => number): string {
  let best = 0;
  let count = 1;
  for (let i = 1; i < nodes.length; i++) {
    if (totals[i] > totals[best]) { best = i; count = 1; } else if (totals[i] === totals[best]) {
      count++;
      if (Math.floor(random() * count) === 0) best = i;
    }
  }
  return nodes[best].name;
}

/** SchedulePod: the node the pod should go to, or why none fits. */
export function schedulePod(ctx: SchedulerContext, state: CycleState, pod: PodInfo): ScheduleResult {
  const numNodes = ctx.cache.nodeInfos().length;
  if (numNodes === 0) return { kind: 'error', status: new Status('UnschedulableAndUnresolvable', [ERR_NO_NODES_AVAILABLE]) };
  const found = findNodesThatFitPod(ctx, state, pod);
  if (found instanceof Status) return { kind: 'error', status: found };
  const { feasible, diagnosis } = found;
  if (feasible.length === 0) return { kind: 'fitError', error: new FitError(pod, numNodes, diagnosis) };
  const evaluated = feasible.length + diagnosis.nodeToStatus.size;
  if (feasible.length === 1) return { kind: 'scheduled', host: feasible[0].name, evaluated, feasible: 1 };
  const pre = ctx.framework.runPreScorePlugins(state, pod, feasible);
  if (!pre.isSuccess()) return { kind: 'error', status: pre };
  let totals: Float64Array;
  try { totals = ctx.framework.runScorePlugins(state, pod, feasible); } catch (e) { return { kind: 'error', status: new Status('Error', [(e as Error).message]) }; }
  return { kind: 'scheduled', host: selectHost(feasible, totals, ctx.random), evaluated, feasible: feasible.length };
}

/** ScheduleOne for a popped pod. Returns once the scheduling cycle is over; binding continues. */
export function scheduleOne(ctx: SchedulerContext, q: QueuedPodInfo): void {
  const pod = q.podInfo;
  // skipPodSchedule
  if (pod.terminating) {
    ctx.writer.event(pod.pod, 'Warning', 'FailedScheduling', `skip schedule deleting pod: ${pod.namespace}/${pod.name}`);
    ctx.queue.done(pod.uid);
    return;
  }
  if (ctx.cache.isAssumedPod(pod.uid)) { ctx.queue.done(pod.uid); return; }

  const state = new CycleState();
  const result = schedulePod(ctx, state, pod);
  if (result.kind === 'error') {
    handleSchedulingFailure(ctx, q, result.status, { nominatedNodeName: null });
    return;
  }
  if (result.kind === 'fitError') {
    const fitError = result.error;
    let nominatedNodeName: string | null | undefined = null;
    if (ctx.framework.postFilterPlugins.length > 0) {
      const pf = ctx.framework.runPostFilterPlugins(state, pod, fitError.diagnosis.nodeToStatus);
      fitError.diagnosis.postFilterMsg = pf.status.message();
      if (pf.status.code === 'Error') console.error(`scheduler: PostFilter for ${pod.key}: ${pf.status.message()}`);
      nominatedNodeName = pf.nominatedNodeName;
    }
    handleSchedulingFailure(ctx, q, new Status('Unschedulable', [fitError.message]), { fitError, nominatedNodeName });
    return;
  }

  const host = result.host;
  try {
    ctx.cache.assumePod(pod, host);
  } catch (e) {
    handleSchedulingFailure(ctx, q, new Status('Error', [(e as Error).message]), { nominatedNodeName: null });
    return;
  }
  ctx.queue.nominator.delete(pod.uid);
  const fw = ctx.framework;
  for (const step of ['reserve', 'permit'] as const) {
    const s = step === 'reserve' ? fw.runReservePluginsReserve(state, pod, host) : fw.runPermitPlugins(state, pod, host);
    if (s.isSuccess()) continue;
    fw.runReservePluginsUnreserve(state, pod, host);
    ctx.cache.forgetPod(pod);
    handleSchedulingFailure(ctx, q, s, { fitError: s.isRejected() ? singleNodeFitError(pod, host, s) : undefined, nominatedNodeName: null });
    return;
  }
  ctx.queue.done(pod.uid);
  ctx.trackBinding(bindingCycle(ctx, state, q, host));
}

function singleNodeFitError(pod: PodInfo, host: string, s: Status): FitError {
  const d = newDiagnosis();
  d.nodeToStatus.set(host, s);
  addPluginStatus(d, s);
  return new FitError(pod, 1, d);
}

async function bindingCycle(ctx: SchedulerContext, state: CycleState, q: QueuedPodInfo, host: string): Promise<void> {
  const pod = q.podInfo;
  const fw = ctx.framework;
  let s = await fw.runPreBindPlugins(state, pod, host);
  if (s.isSuccess()) s = await fw.runBindPlugins(state, pod, host);
  ctx.cache.finishBinding(pod);
  if (s.isSuccess()) {
    ctx.writer.event(pod.pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.namespace}/${pod.name} to ${host}`);
    fw.runPostBindPlugins(state, pod, host);
    return;
  }
  // handleBindingCycleError: give the room back, and tell the pods waiting for it
  fw.runReservePluginsUnreserve(state, pod, host);
  ctx.cache.forgetPod(pod);
  ctx.queue.moveAllToActiveOrBackoffQueue(EVENT_ASSIGNED_POD_DELETE, pod.pod, undefined, (other) => other.podInfo.uid !== pod.uid);
  handleSchedulingFailure(ctx, q, s, { nominatedNodeName: null });
}

/**
 * handleSchedulingFailure: requeue the pod (unless it is gone or bound meanwhile), record its
 * nomination, emit FailedScheduling and set PodScheduled=False with the same message.
 */
export function handleSchedulingFailure(
  ctx: SchedulerContext, q: QueuedPodInfo, status: Status,
  o: { readonly fitError?: FitError; readonly nominatedNodeName?: string | null },
): void {
  const pod = q.podInfo;
  const reason = status.isRejected() ? 'Unschedulable' : 'SchedulerError';
  const message = status.message();
  if (status.code === 'Error') console.error(`scheduler: error scheduling ${pod.key}, retrying: ${message}`);
  q.unschedulablePlugins = o.fitError ? new Set(o.fitError.diagnosis.unschedulablePlugins) : new Set();
  const cached = ctx.listers.pod(pod.namespace, pod.name);
  if (!cached || cached.metadata.uid !== pod.pod.metadata.uid || cached.spec.nodeName) {
    ctx.queue.done(pod.uid);
  } else {
    q.podInfo = ctx.podInfoFor(cached);
    ctx.queue.addUnschedulableIfNotPresent(q);
  }
  if (o.nominatedNodeName !== undefined) ctx.queue.nominator.add(q.podInfo, o.nominatedNodeName ?? '');
  if (!cached) return;

  ctx.writer.event(cached, 'Warning', 'FailedScheduling', truncate(message));
  const condition = updatedCondition(cached, { type: 'PodScheduled', status: 'False', reason, message }, ctx.clock);
  const current = cached.status?.nominatedNodeName ?? '';
  const nominated = o.nominatedNodeName === undefined || (o.nominatedNodeName ?? '') === current ? undefined : o.nominatedNodeName ?? '';
  if (!condition && nominated === undefined) return;
  ctx.writer.patchPodStatus(cached, { condition, nominatedNodeName: nominated }).catch((e: Error) => {
    if ((e as { code?: number }).code !== 404) console.error(`scheduler: updating status of ${pod.key}: ${e.message}`);
  });
}

/** podutil.UpdatePodCondition: the condition to write, or undefined when nothing changed. */
function updatedCondition(pod: Pod, c: { type: string; status: string; reason: string; message: string }, clock: Clock): PodCondition | undefined {
  const old = pod.status?.conditions?.find((x) => x.type === c.type);
  if (old && old.status === c.status && old.reason === c.reason && old.message === c.message) return undefined;
  const transition = old && old.status === c.status ? old.lastTransitionTime ?? null : rfc3339(clock.now());
  return { ...c, lastProbeTime: null, lastTransitionTime: transition };
}

function truncate(message: string): string {
  return message.length <= NOTE_LENGTH_LIMIT ? message : `${message.slice(0, NOTE_LENGTH_LIMIT - 4)} ...`;
}
