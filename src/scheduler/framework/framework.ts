/**
 * One profile's plugins wired to their extension points and run in order, after kube-scheduler's
 * framework/runtime/framework.go. The framework is also the plugins' Handle. Everything runs on
 * the scheduling loop's single thread, so plugins read the cache directly instead of a snapshot
 * copy: informer events cannot interleave with a synchronous cycle.
 */
import type { Clock } from '../../util/clock.ts';
import type { CycleState } from './cycle-state.ts';
import type { NodeToStatus } from './fit-error.ts';
import type {
  BindPlugin, ClusterEventWithHint, ClusterWriter, EnqueueExtensions, FilterPlugin, Handle, Listers, NodeSnapshot, Plugin,
  PluginFactory, PodNominator, PostBindPlugin, PostFilterPlugin, PostFilterResult, PreBindPlugin, PreEnqueuePlugin,
  PreFilterPlugin, PreScorePlugin, Profile, QueueSortPlugin, ReservePlugin, PermitPlugin, ScorePlugin,
} from './interface.ts';
import { MAX_NODE_SCORE, PreFilterResult } from './interface.ts';
import type { NodeInfo } from './node-info.ts';
import type { NamespaceLabels, PodInfo } from './pod-info.ts';
import { SUCCESS, Status, asStatus, unresolvable } from './status.ts';

export interface FrameworkOptions {
  readonly profile: Profile;
  readonly registry: Readonly<Record<string, PluginFactory>>;
  readonly clock: Clock;
  readonly random: () => number;
  readonly snapshot: NodeSnapshot;
  readonly listers: Listers;
  readonly writer: ClusterWriter;
  readonly nominator: PodNominator;
  readonly namespaceLabels: NamespaceLabels;
}

export interface PreFilterOutcome {
  readonly status: Status;
  /** Set when PreFilter plugins restricted the nodes worth filtering. */
  readonly nodeNames?: ReadonlySet<string>;
  /** The plugins that restricted them. */
  readonly restrictedBy?: readonly string[];
}

const has = <K extends string>(p: Plugin, method: K): boolean => typeof (p as unknown as Record<string, unknown>)[method] === 'function';

export class Framework implements Handle {
  readonly schedulerName: string;
  readonly percentageOfNodesToScore: number;
  readonly clock: Clock;
  readonly random: () => number;
  readonly snapshot: NodeSnapshot;
  readonly listers: Listers;
  readonly writer: ClusterWriter;
  readonly nominator: PodNominator;
  readonly namespaceLabels: NamespaceLabels;

  readonly plugins: readonly Plugin[];
  readonly queueSort: QueueSortPlugin;
  readonly preEnqueuePlugins: readonly PreEnqueuePlugin[];
  readonly preFilterPlugins: readonly PreFilterPlugin[];
  readonly filterPlugins: readonly FilterPlugin[];
  readonly postFilterPlugins: readonly PostFilterPlugin[];
  readonly preScorePlugins: readonly PreScorePlugin[];
  readonly scorePlugins: readonly { readonly plugin: ScorePlugin; readonly weight: number }[];
  readonly reservePlugins: readonly ReservePlugin[];
  readonly permitPlugins: readonly PermitPlugin[];
  readonly preBindPlugins: readonly PreBindPlugin[];
  readonly bindPlugins: readonly BindPlugin[];
  readonly postBindPlugins: readonly PostBindPlugin[];
  /** The events each plugin registered (EnqueueExtensions). */
  readonly registeredEvents: ReadonlyMap<string, readonly ClusterEventWithHint[]>;

  private scoreBuffers: Float64Array[] = [];
  private totals = new Float64Array(0);

  constructor(o: FrameworkOptions) {
    this.schedulerName = o.profile.schedulerName;
    this.percentageOfNodesToScore = o.profile.percentageOfNodesToScore ?? 0;
    this.clock = o.clock; this.random = o.random; this.snapshot = o.snapshot; this.listers = o.listers;
    this.writer = o.writer; this.nominator = o.nominator; this.namespaceLabels = o.namespaceLabels;
    const plugins: Plugin[] = [];
    const weights = new Map<string, number>();
    for (const entry of o.profile.plugins) {
      const factory = o.registry[entry.name];
      if (!factory) throw new Error(`plugin "${entry.name}" does not exist`);
      plugins.push(factory(this));
      weights.set(entry.name, entry.weight ?? 1);
    }
    this.plugins = plugins;
    const sorts = plugins.filter((p) => has(p, 'less')) as QueueSortPlugin[];
    if (sorts.length !== 1) throw new Error(`a profile needs exactly one queue sort plugin, got ${sorts.length}`);
    this.queueSort = sorts[0];
    this.preEnqueuePlugins = plugins.filter((p) => has(p, 'preEnqueue')) as PreEnqueuePlugin[];
    this.preFilterPlugins = plugins.filter((p) => has(p, 'preFilter')) as PreFilterPlugin[];
    this.filterPlugins = plugins.filter((p) => has(p, 'filter')) as FilterPlugin[];
    this.postFilterPlugins = plugins.filter((p) => has(p, 'postFilter')) as PostFilterPlugin[];
    this.preScorePlugins = plugins.filter((p) => has(p, 'preScore')) as PreScorePlugin[];
    this.scorePlugins = (plugins.filter((p) => has(p, 'score')) as ScorePlugin[]).map((plugin) => ({ plugin, weight: weights.get(plugin.name) ?? 1 }));
    this.reservePlugins = plugins.filter((p) => has(p, 'reserve')) as ReservePlugin[];
    this.permitPlugins = plugins.filter((p) => has(p, 'permit')) as PermitPlugin[];
    this.preBindPlugins = plugins.filter((p) => has(p, 'preBind')) as PreBindPlugin[];
    this.bindPlugins = plugins.filter((p) => has(p, 'bind')) as BindPlugin[];
    this.postBindPlugins = plugins.filter((p) => has(p, 'postBind')) as PostBindPlugin[];
    const events = new Map<string, readonly ClusterEventWithHint[]>();
    for (const p of plugins) if (has(p, 'eventsToRegister')) events.set(p.name, (p as EnqueueExtensions).eventsToRegister());
    this.registeredEvents = events;
  }

  runPreEnqueuePlugins(pod: PodInfo): Status {
    for (const p of this.preEnqueuePlugins) {
      const s = p.preEnqueue(pod);
      if (!s.isSuccess()) return s.withPlugin(p.name);
    }
    return SUCCESS;
  }

  /**
   * RunPreFilterPlugins: a rejection stops the cycle (its plugin is reported), Skip turns the
   * plugin's Filter off, and node-name results intersect.
   */
  runPreFilterPlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterOutcome {
    let nodeNames: Set<string> | undefined;
    const restricting: string[] = [];
    for (const p of this.preFilterPlugins) {
      let r: Status | PreFilterResult;
      try { r = p.preFilter(state, pod, nodes); } catch (e) { r = asStatus(e); }
      if (r instanceof PreFilterResult) {
        restricting.push(p.name);
        const names = r.nodeNames;
        nodeNames = nodeNames ? new Set([...nodeNames].filter((n) => names.has(n))) : new Set(names);
        if (nodeNames.size === 0) {
          const msg = restricting.length === 1 ? `node(s) didn't satisfy plugin ${p.name}` : `node(s) didn't satisfy plugin(s) [${restricting.sort().join(' ')}] simultaneously`;
          return { status: unresolvable(msg).withPlugin(p.name) };
        }
        continue;
      }
      if (r.isSkip()) { state.skipFilterPlugins.add(p.name); continue; }
      if (r.isSuccess()) continue;
      if (r.isRejected()) return { status: r.withPlugin(p.name) };
      return { status: new Status('Error', [`running PreFilter plugin "${p.name}": ${r.message()}`], p.name, r.error) };
    }
    state.filterPlugins = state.skipFilterPlugins.size === 0 ? this.filterPlugins : this.filterPlugins.filter((f) => !state.skipFilterPlugins.has(f.name));
    return { status: SUCCESS, nodeNames, restrictedBy: restricting };
  }

  /** RunFilterPlugins: the first non-success stops the node's evaluation. */
  runFilterPlugins(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status {
    const plugins = state.filterPlugins ?? this.filterPlugins;
    for (let i = 0; i < plugins.length; i++) {
      const p = plugins[i];
      let s: Status;
      try { s = p.filter(state, pod, nodeInfo); } catch (e) { s = asStatus(e); }
      if (s.code !== 'Success') {
        if (s.code === 'Error') return new Status('Error', [`running "${p.name}" filter plugin: ${s.message()}`], p.name, s.error);
        return s.withPlugin(p.name);
      }
    }
    return SUCCESS;
  }

  /**
   * RunFilterPluginsWithNominatedPods: pods nominated to the node with a priority at least the
   * pod's are counted as if running there, so that preemptors keep the room they made; the node
   * must pass both with and without them (nominated pods may never land).
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status {
    const nominated = this.nominator.nominatedPodsForNode(nodeInfo.name);
    if (nominated.length > 0) {
      let stateOut: CycleState | undefined;
      let nodeOut: NodeInfo | undefined;
      for (const np of nominated) {
        if (np.priority < pod.priority || np.uid === pod.uid) continue;
        if (!stateOut || !nodeOut) { stateOut = state.clone(); nodeOut = nodeInfo.clone(); }
        nodeOut.addPod(np);
        const s = this.runPreFilterExtensionAddPod(stateOut, pod, np, nodeOut);
        if (!s.isSuccess()) return s;
      }
      if (stateOut && nodeOut) {
        const s = this.runFilterPlugins(stateOut, pod, nodeOut);
        if (!s.isSuccess()) return s;
      }
    }
    return this.runFilterPlugins(state, pod, nodeInfo);
  }

  runPreFilterExtensionAddPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, nodeInfo: NodeInfo): Status {
    for (const p of this.preFilterPlugins) {
      if (!p.preFilterExtensions || state.skipFilterPlugins.has(p.name)) continue;
      const s = p.preFilterExtensions.addPod(state, podToSchedule, podToAdd, nodeInfo);
      if (!s.isSuccess()) return new Status('Error', [`running AddPod on PreFilter plugin "${p.name}": ${s.message()}`], p.name);
    }
    return SUCCESS;
  }

  runPreFilterExtensionRemovePod(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, nodeInfo: NodeInfo): Status {
    for (const p of this.preFilterPlugins) {
      if (!p.preFilterExtensions || state.skipFilterPlugins.has(p.name)) continue;
      const s = p.preFilterExtensions.removePod(state, podToSchedule, podToRemove, nodeInfo);
      if (!s.isSuccess()) return new Status('Error', [`running RemovePod on PreFilter plugin "${p.name}": ${s.message()}`], p.name);
    }
    return SUCCESS;
  }

  /** RunPostFilterPlugins: the first success or UnschedulableAndUnresolvable wins; reasons of the rest accumulate. */
  runPostFilterPlugins(state: CycleState, pod: PodInfo, statuses: NodeToStatus): PostFilterResult {
    let nominated: string | null | undefined;
    const reasons: string[] = [];
    let rejector = '';
    for (const p of this.postFilterPlugins) {
      let r: PostFilterResult;
      try { r = p.postFilter(state, pod, statuses); } catch (e) { r = { status: asStatus(e) }; }
      if (r.status.isSuccess()) return r;
      if (r.status.code === 'UnschedulableAndUnresolvable') return { ...r, status: r.status.withPlugin(p.name) };
      if (!r.status.isRejected()) return { status: new Status('Error', r.status.reasons, p.name, r.status.error) };
      if (r.nominatedNodeName !== undefined) nominated = r.nominatedNodeName;
      reasons.push(...r.status.reasons);
      if (!rejector) rejector = p.name;
    }
    return { status: new Status('Unschedulable', reasons, rejector), nominatedNodeName: nominated };
  }

  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status {
    for (const p of this.preScorePlugins) {
      let s: Status;
      try { s = p.preScore(state, pod, nodes); } catch (e) { s = asStatus(e); }
      if (s.isSkip()) { state.skipScorePlugins.add(p.name); continue; }
      if (!s.isSuccess()) return new Status('Error', [`running PreScore plugin "${p.name}": ${s.message()}`], p.name, s.error);
    }
    return SUCCESS;
  }

  /**
   * RunScorePlugins: every active plugin scores every node, normalizes, and the weighted sum is
   * written to the returned buffer (reused by the next cycle: read it before scheduling again).
   * Throws on a plugin error or an out-of-range normalized score.
   */
  runScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Float64Array {
    const n = nodes.length;
    if (this.totals.length < n) this.totals = new Float64Array(Math.max(n, this.totals.length * 2));
    const totals = this.totals;
    totals.fill(0, 0, n);
    let b = 0;
    for (const { plugin, weight } of this.scorePlugins) {
      if (state.skipScorePlugins.has(plugin.name)) continue;
      if (!this.scoreBuffers[b] || this.scoreBuffers[b].length < n) this.scoreBuffers[b] = new Float64Array(Math.max(n, 64));
      const scores = this.scoreBuffers[b++].subarray(0, n);
      try {
        for (let i = 0; i < n; i++) scores[i] = plugin.score(state, pod, nodes[i]);
        plugin.normalizeScore?.(state, pod, scores, nodes);
      } catch (e) {
        throw new Error(`running Score plugin "${plugin.name}": ${(e as Error).message}`);
      }
      for (let i = 0; i < n; i++) {
        const s = scores[i];
        if (!(s >= 0 && s <= MAX_NODE_SCORE)) {
          throw new Error(`plugin "${plugin.name}" returns an invalid score ${s}, it should in the range of [0, ${MAX_NODE_SCORE}] after normalizing`);
        }
        totals[i] += s * weight;
      }
    }
    return totals.subarray(0, n);
  }

  get hasScorePlugins(): boolean { return this.scorePlugins.length > 0; }

  runReservePluginsReserve(state: CycleState, pod: PodInfo, nodeName: string): Status {
    for (const p of this.reservePlugins) {
      let s: Status;
      try { s = p.reserve(state, pod, nodeName); } catch (e) { s = asStatus(e); }
      if (!s.isSuccess()) {
        if (s.isRejected()) return s.withPlugin(p.name);
        return new Status('Error', [`running Reserve plugin "${p.name}": ${s.message()}`], p.name, s.error);
      }
    }
    return SUCCESS;
  }

  /** Unreserve runs in reverse order and cannot fail (RunReservePluginsUnreserve). */
  runReservePluginsUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (let i = this.reservePlugins.length - 1; i >= 0; i--) {
      try { this.reservePlugins[i].unreserve(state, pod, nodeName); } catch (e) { console.error(`unreserve ${this.reservePlugins[i].name}: ${(e as Error).message}`); }
    }
  }

  runPermitPlugins(state: CycleState, pod: PodInfo, nodeName: string): Status {
    for (const p of this.permitPlugins) {
      let s: Status;
      try { s = p.permit(state, pod, nodeName); } catch (e) { s = asStatus(e); }
      if (s.isSuccess()) continue;
      if (s.isRejected()) return s.withPlugin(p.name);
      const why = s.code === 'Wait' ? 'Wait is not supported' : s.message();
      return new Status('Error', [`running Permit plugin "${p.name}": ${why}`], p.name, s.error);
    }
    return SUCCESS;
  }

  async runPreBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status> {
    for (const p of this.preBindPlugins) {
      let s: Status;
      try { s = await p.preBind(state, pod, nodeName); } catch (e) { s = asStatus(e); }
      if (s.isSkip() || s.isSuccess()) continue;
      if (s.isRejected()) return s.withPlugin(p.name);
      return new Status('Error', [`running PreBind plugin "${p.name}": ${s.message()}`], p.name, s.error);
    }
    return SUCCESS;
  }

  async runBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status> {
    for (const p of this.bindPlugins) {
      let s: Status;
      try { s = await p.bind(state, pod, nodeName); } catch (e) { s = asStatus(e); }
      if (s.isSkip()) continue;
      if (s.isSuccess()) return s;
      if (s.isRejected()) return s.withPlugin(p.name);
      return new Status('Error', [`running Bind plugin "${p.name}": ${s.message()}`], p.name, s.error);
    }
    return new Status('Error', ['no bind plugin bound the pod']);
  }

  runPostBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (const p of this.postBindPlugins) {
      try { p.postBind(state, pod, nodeName); } catch (e) { console.error(`postBind ${p.name}: ${(e as Error).message}`); }
    }
  }
}
