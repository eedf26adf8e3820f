/**
 * InterPodAffinity scoring (plugins/interpodaffinity/scoring.go). PreScore sums weights per
 * topology pair from every existing pod: the incoming pod's preferred affinity (+weight) and
 * anti-affinity (-weight) terms that match it, and its own terms that match the incoming pod —
 * required affinity with hardPodAffinityWeight 1, preferred affinity +weight, preferred
 * anti-affinity -weight. A node scores the sum over the pairs it belongs to; NormalizeScore maps
 * [min, max] to [0, 100].
 */
import type { CycleState } from '../framework/cycle-state.ts';
import { ImmutableState } from '../framework/cycle-state.ts';
import type { Handle } from '../framework/interface.ts';
import { MAX_NODE_SCORE } from '../framework/interface.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { SKIP, SUCCESS, type Status } from '../framework/status.ts';

/** InterPodAffinityArgs.HardPodAffinityWeight default. */
export const HARD_POD_AFFINITY_WEIGHT = 1;
const PRE_SCORE_KEY = 'PreScoreInterPodAffinity';

/** topologyKey → topology value → score. */
type TopologyScore = Map<string, Map<string, number>>;

export function interPodAffinityPreScore(handle: Handle, state: CycleState, pod: PodInfo): Status {
  const hasPreferred = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
  // without preferred terms of its own, only pods with affinity can contribute
  const nodes = hasPreferred ? handle.snapshot.nodeInfos() : handle.snapshot.nodesWithAffinityPods();
  const ns = handle.namespaceLabels;
  const scores: TopologyScore = new Map();
  const add = (node: NodeInfo, key: string, weight: number) => {
    const value = node.labels[key];
    if (value === undefined || weight === 0) return;
    let m = scores.get(key);
    if (!m) { m = new Map(); scores.set(key, m); }
    m.set(value, (m.get(value) ?? 0) + weight);
  };
  for (const node of nodes) {
    const pods = hasPreferred ? node.pods : node.podsWithAffinity;
    for (const existing of pods) {
      for (const w of pod.preferredAffinityTerms) if (w.term.matches(existing, ns)) add(node, w.term.topologyKey, w.weight);
      for (const w of pod.preferredAntiAffinityTerms) if (w.term.matches(existing, ns)) add(node, w.term.topologyKey, -w.weight);
      for (const t of existing.requiredAffinityTerms) if (t.matches(pod, ns)) add(node, t.topologyKey, HARD_POD_AFFINITY_WEIGHT);
      for (const w of existing.preferredAffinityTerms) if (w.term.matches(pod, ns)) add(node, w.term.topologyKey, w.weight);
      for (const w of existing.preferredAntiAffinityTerms) if (w.term.matches(pod, ns)) add(node, w.term.topologyKey, -w.weight);
    }
  }
  if (scores.size === 0) return SKIP;
  state.write(PRE_SCORE_KEY, new ImmutableState(scores));
  return SUCCESS;
}

export function scoreInterPodAffinity(state: CycleState, node: NodeInfo): number {
  const scores = state.read<ImmutableState<TopologyScore>>(PRE_SCORE_KEY)?.value;
  if (!scores) return 0;
  let s = 0;
  for (const [key, values] of scores) {
    const v = node.labels[key];
    if (v !== undefined) s += values.get(v) ?? 0;
  }
  return s;
}

export function normalizeInterPodAffinityScores(state: CycleState, scores: Float64Array): void {
  if (!state.read(PRE_SCORE_KEY)) return;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) { min = Math.min(min, scores[i]); max = Math.max(max, scores[i]); }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (scores[i] - min)) / diff) : 0;
}
