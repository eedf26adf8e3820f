/**
 * InterPodAffinity (plugins/interpodaffinity/filtering.go): required pod affinity and
 * anti-affinity, counted per topology pair (key, value) in PreFilter:
 *
 * - the pod's affinity terms: a node fits only if every term's topology domain holds a pod
 *   matching all terms — unless no such pod exists anywhere and the pod matches its own terms
 *   (the first pod of a group), "node(s) didn't match pod affinity rules" (unresolvable);
 * - the pod's anti-affinity terms: no matching pod in the node's domain, "node(s) didn't match pod
 *   anti-affinity rules";
 * - existing pods' anti-affinity: no pod whose required anti-affinity matches this pod in a
 *   domain of the node, "node(s) didn't satisfy existing pods anti-affinity rules".
 *
 * Scoring (preferred terms, both directions) is in inter-pod-affinity-scoring.ts.
 */
import { ActionType, clusterEvent } from '../framework/events.ts';
import type { CycleState, StateData } from '../framework/cycle-state.ts';
import type {
  ClusterEventWithHint, EnqueueExtensions, FilterPlugin, Handle, PreFilterExtensions, PreFilterPlugin, PreScorePlugin, ScorePlugin,
} from '../framework/interface.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import type { AffinityTerm, NamespaceLabels, PodInfo } from '../framework/pod-info.ts';
import { SKIP, SUCCESS, type Status, unresolvable, unschedulable } from '../framework/status.ts';
import { interPodAffinityPreScore, normalizeInterPodAffinityScores, scoreInterPodAffinity } from './inter-pod-affinity-scoring.ts';

export const INTER_POD_AFFINITY = 'InterPodAffinity';
export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
const PRE_FILTER_KEY = `PreFilter${INTER_POD_AFFINITY}`;

const AFFINITY_REJECTED = unresolvable(ERR_REASON_AFFINITY).withPlugin(INTER_POD_AFFINITY);
const ANTI_AFFINITY_REJECTED = unschedulable(ERR_REASON_ANTI_AFFINITY).withPlugin(INTER_POD_AFFINITY);
const EXISTING_REJECTED = unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY).withPlugin(INTER_POD_AFFINITY);

/** A topology pair as a map key. */
const pair = (key: string, value: string) => `${key}\x00${value}`;
const NO_NS_LABELS: NamespaceLabels = () => undefined;

/** topologyToMatchedTermCount: counts per pair; entries that reach 0 are deleted. */
class TermCounts extends Map<string, number> {
  bump(key: string, value: string | undefined, delta: number): void {
    if (value === undefined) return;
    const k = pair(key, value);
    const n = (this.get(k) ?? 0) + delta;
    if (n === 0) this.delete(k); else this.set(k, n);
  }
}

class AffinityFilterState implements StateData {
  constructor(readonly existingAntiAffinity: TermCounts, readonly affinity: TermCounts, readonly antiAffinity: TermCounts) {}
  clone(): AffinityFilterState {
    return new AffinityFilterState(new TermCounts(this.existingAntiAffinity), new TermCounts(this.affinity), new TermCounts(this.antiAffinity));
  }
}

/** podMatchesAllAffinityTerms: at least one term, and the pod matches each. */
export function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: PodInfo, nsLabels: NamespaceLabels): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!t.matches(pod, nsLabels)) return false;
  return true;
}

export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = INTER_POD_AFFINITY;
  readonly preFilterExtensions: PreFilterExtensions;

  constructor(private readonly handle: Handle) {
    this.preFilterExtensions = {
      addPod: (state, pod, added, node) => this.updateWithPod(state, pod, added, node, 1),
      removePod: (state, pod, removed, node) => this.updateWithPod(state, pod, removed, node, -1),
    };
  }

  preFilter(state: CycleState, pod: PodInfo): Status {
    const withAnti = this.handle.snapshot.nodesWithRequiredAntiAffinityPods();
    const hasTerms = pod.requiredAffinityTerms.length > 0 || pod.requiredAntiAffinityTerms.length > 0;
    if (!hasTerms && withAnti.size === 0) return SKIP;
    const ns = this.handle.namespaceLabels;
    const existing = new TermCounts();
    for (const node of withAnti) {
      for (const p of node.podsWithRequiredAntiAffinity) {
        for (const t of p.requiredAntiAffinityTerms) if (t.matches(pod, ns)) existing.bump(t.topologyKey, node.labels[t.topologyKey], 1);
      }
    }
    const affinity = new TermCounts();
    const anti = new TermCounts();
    if (hasTerms) {
      for (const node of this.handle.snapshot.nodeInfos()) {
        for (const p of node.pods) this.countIncomingTerms(pod, p, node, affinity, anti, 1);
      }
    }
    state.write(PRE_FILTER_KEY, new AffinityFilterState(existing, affinity, anti));
    return SUCCESS;
  }

  /** updateWithAffinityTerms / updateWithAntiAffinityTerms for one existing pod. */
  private countIncomingTerms(pod: PodInfo, existing: PodInfo, node: NodeInfo, affinity: TermCounts, anti: TermCounts, delta: number): void {
    const ns = this.handle.namespaceLabels;
    if (pod.requiredAffinityTerms.length > 0 && podMatchesAllAffinityTerms(pod.requiredAffinityTerms, existing, ns)) {
      for (const t of pod.requiredAffinityTerms) affinity.bump(t.topologyKey, node.labels[t.topologyKey], delta);
    }
    for (const t of pod.requiredAntiAffinityTerms) if (t.matches(existing, ns)) anti.bump(t.topologyKey, node.labels[t.topologyKey], delta);
  }

  private updateWithPod(state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo, delta: 1 | -1): Status {
    const s = state.read<AffinityFilterState>(PRE_FILTER_KEY);
    if (!s) return SUCCESS;
    const ns = this.handle.namespaceLabels;
    for (const t of other.requiredAntiAffinityTerms) if (t.matches(pod, ns)) s.existingAntiAffinity.bump(t.topologyKey, node.labels[t.topologyKey], delta);
    this.countIncomingTerms(pod, other, node, s.affinity, s.antiAffinity, delta);
    return SUCCESS;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status {
    const s = state.read<AffinityFilterState>(PRE_FILTER_KEY);
    if (!s) return SUCCESS;
    if (!this.satisfiesAffinity(s, pod, nodeInfo)) return AFFINITY_REJECTED;
    if (s.antiAffinity.size > 0) {
      for (const t of pod.requiredAntiAffinityTerms) {
        const v = nodeInfo.labels[t.topologyKey];
        if (v !== undefined && (s.antiAffinity.get(pair(t.topologyKey, v)) ?? 0) > 0) return ANTI_AFFINITY_REJECTED;
      }
    }
    if (s.existingAntiAffinity.size > 0) {
      for (const k in nodeInfo.labels) {
        if ((s.existingAntiAffinity.get(pair(k, nodeInfo.labels[k])) ?? 0) > 0) return EXISTING_REJECTED;
      }
    }
    return SUCCESS;
  }

  private satisfiesAffinity(s: AffinityFilterState, pod: PodInfo, nodeInfo: NodeInfo): boolean {
    let podsExist = true;
    for (const t of pod.requiredAffinityTerms) {
      const v = nodeInfo.labels[t.topologyKey];
      if (v === undefined) return false;
      if ((s.affinity.get(pair(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
    }
    if (podsExist) return true;
    // no pod matches the terms anywhere: the pod may start the group if it matches its own terms
    return s.affinity.size === 0 && podMatchesAllAffinityTerms(pod.requiredAffinityTerms, pod, NO_NS_LABELS);
  }

  preScore(state: CycleState, pod: PodInfo): Status { return interPodAffinityPreScore(this.handle, state, pod); }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number { return scoreInterPodAffinity(state, nodeInfo); }

  normalizeScore(state: CycleState, _pod: PodInfo, scores: Float64Array): void { normalizeInterPodAffinityScores(state, scores); }

  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [
      { event: clusterEvent('AssignedPod', ActionType.Add | ActionType.Delete | ActionType.UpdatePodLabel, 'AssignedPodChange') },
      { event: clusterEvent('Node', ActionType.Add | ActionType.UpdateNodeLabel, 'NodeAddOrLabelChange') },
    ];
  }
}
