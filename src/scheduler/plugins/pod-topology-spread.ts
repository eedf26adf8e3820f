/**
 * PodTopologySpread (plugins/podtopologyspread): keeps matching pods spread over topology
 * domains. Filter enforces DoNotSchedule constraints: placing the pod must keep
 * `matching pods in the node's domain + self - global minimum <= maxSkew`, where the minimum
 * counts as 0 while fewer than minDomains domains exist; a node missing a topology label is
 * rejected as unresolvable. Score (pod-topology-spread-scoring.ts) prefers domains with fewer
 * matching pods under the ScheduleAnyway constraints, or the system defaults.
 */
import { ActionType, clusterEvent } from '../framework/events.ts';
import type { CycleState, StateData } from '../framework/cycle-state.ts';
import type {
  ClusterEventWithHint, EnqueueExtensions, FilterPlugin, Handle, PreFilterExtensions, PreFilterPlugin, PreScorePlugin, ScorePlugin,
} from '../framework/interface.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import { RequiredNodeAffinity } from '../framework/node-selector.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { SKIP, SUCCESS, type Status, unresolvable, unschedulable } from '../framework/status.ts';
import { normalizeSpreadScores, scoreSpread, spreadPreScore } from './pod-topology-spread-scoring.ts';
import {
  type SpreadConstraint, buildDefaultConstraints, countPodsMatchSelector, filterConstraints, matchNodeInclusionPolicies, nodeHasAllKeys,
} from './spread-constraints.ts';

export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;
const PRE_FILTER_KEY = `PreFilter${POD_TOPOLOGY_SPREAD}`;

const MISSING_LABEL = unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH).withPlugin(POD_TOPOLOGY_SPREAD);
const SKEWED = unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH).withPlugin(POD_TOPOLOGY_SPREAD);

/** preFilterState: matching pods per domain of each constraint, and the minimum over domains. */
class SpreadFilterState implements StateData {
  constructor(
    readonly constraints: readonly SpreadConstraint[],
    readonly required: RequiredNodeAffinity,
    readonly matchNum: Map<string, number>[],
    readonly minMatch: number[],
  ) {}

  recomputeMin(i: number): void {
    let min = Infinity;
    for (const v of this.matchNum[i].values()) if (v < min) min = v;
    this.minMatch[i] = min;
  }

  clone(): SpreadFilterState {
    return new SpreadFilterState(this.constraints, this.required, this.matchNum.map((m) => new Map(m)), [...this.minMatch]);
  }
}

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = POD_TOPOLOGY_SPREAD;
  readonly preFilterExtensions: PreFilterExtensions;

  constructor(private readonly handle: Handle) {
    this.preFilterExtensions = {
      addPod: (state, pod, added, node) => this.updateWithPod(state, pod, added, node, 1),
      removePod: (state, pod, removed, node) => this.updateWithPod(state, pod, removed, node, -1),
    };
  }

  /** The constraints for `action`: the pod's own, or the system defaults when it has none. */
  constraints(pod: PodInfo, action: string): SpreadConstraint[] {
    const own = pod.pod.spec.topologySpreadConstraints ?? [];
    return own.length > 0 ? filterConstraints(own, pod.labels, action) : buildDefaultConstraints(pod, action, this.handle.listers);
  }

  preFilter(state: CycleState, pod: PodInfo): Status {
    const constraints = this.constraints(pod, 'DoNotSchedule');
    if (constraints.length === 0) return SKIP;
    const required = new RequiredNodeAffinity(pod.pod);
    const matchNum = constraints.map(() => new Map<string, number>());
    for (const node of this.handle.snapshot.nodeInfos()) {
      if (!nodeHasAllKeys(node.labels, constraints)) continue;
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i];
        if (!matchNodeInclusionPolicies(c, pod, node, required)) continue;
        const v = node.labels[c.topologyKey];
        matchNum[i].set(v, (matchNum[i].get(v) ?? 0) + countPodsMatchSelector(node.pods, c.selector, pod.namespace));
      }
    }
    const s = new SpreadFilterState(constraints, required, matchNum, constraints.map(() => 0));
    for (let i = 0; i < constraints.length; i++) s.recomputeMin(i);
    state.write(PRE_FILTER_KEY, s);
    return SUCCESS;
  }

  private updateWithPod(state: CycleState, preemptor: PodInfo, updated: PodInfo, node: NodeInfo, delta: 1 | -1): Status {
    const s = state.read<SpreadFilterState>(PRE_FILTER_KEY);
    if (!s || updated.namespace !== preemptor.namespace || !nodeHasAllKeys(node.labels, s.constraints)) return SUCCESS;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      if (!c.selector.matches(updated.labels) || !matchNodeInclusionPolicies(c, preemptor, node, s.required)) continue;
      const v = node.labels[c.topologyKey];
      s.matchNum[i].set(v, (s.matchNum[i].get(v) ?? 0) + delta);
      s.recomputeMin(i);
    }
    return SUCCESS;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status {
    const s = state.read<SpreadFilterState>(PRE_FILTER_KEY);
    if (!s) return SUCCESS;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      if (!Object.hasOwn(nodeInfo.labels, c.topologyKey)) return MISSING_LABEL;
      const tpVal = nodeInfo.labels[c.topologyKey];
      const minMatch = s.matchNum[i].size < c.minDomains ? 0 : s.minMatch[i];
      const self = c.selector.matches(pod.labels) ? 1 : 0;
      const skew = (s.matchNum[i].get(tpVal) ?? 0) + self - minMatch;
      if (skew > c.maxSkew) return SKEWED;
    }
    return SUCCESS;
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status {
    return spreadPreScore(this, this.handle, state, pod, nodes);
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number { return scoreSpread(state, pod, nodeInfo); }

  normalizeScore(state: CycleState, _pod: PodInfo, scores: Float64Array, nodes: readonly NodeInfo[]): void {
    normalizeSpreadScores(state, scores, nodes);
  }

  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [
      { event: clusterEvent('AssignedPod', ActionType.Add | ActionType.Delete | ActionType.UpdatePodLabel, 'AssignedPodChange') },
      { event: clusterEvent('Node', ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint, 'NodeChange') },
    ];
  }
}
