/**
 * PodTopologySpread scoring (podtopologyspread/scoring.go). PreScore counts, for each soft
 * constraint, the matching pods in every domain that some candidate node belongs to (over all
 * nodes); Score gives a node `Σ count × log(domains + 2) + (maxSkew - 1)`, hostname domains
 * counted on the node itself; NormalizeScore turns fewer into better:
 * `100 × (max + min - score) / max`. With the pod's own constraints, nodes missing a topology key
 * are ignored (score 0); the system defaults only require the keys they find.
 */
import { LABEL_HOSTNAME } from '../api-types.ts';
import type { CycleState } from '../framework/cycle-state.ts';
import { ImmutableState } from '../framework/cycle-state.ts';
import type { Handle } from '../framework/interface.ts';
import { MAX_NODE_SCORE } from '../framework/interface.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import { RequiredNodeAffinity } from '../framework/node-selector.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { SKIP, SUCCESS, type Status } from '../framework/status.ts';
import { type SpreadConstraint, countPodsMatchSelector, matchNodeInclusionPolicies, nodeHasAllKeys } from './spread-constraints.ts';

const PRE_SCORE_KEY = 'PreScorePodTopologySpread';

interface SpreadScoreState {
  readonly constraints: readonly SpreadConstraint[];
  readonly ignoredNodes: ReadonlySet<string>;
  readonly podCounts: readonly Map<string, number>[];
  readonly weights: readonly number[];
}

/** What the plugin offers the scoring half. */
export interface SpreadConstraintSource {
  constraints(pod: PodInfo, action: string): SpreadConstraint[];
}

export function spreadPreScore(source: SpreadConstraintSource, handle: Handle, state: CycleState, pod: PodInfo, filtered: readonly NodeInfo[]): Status {
  const allNodes = handle.snapshot.nodeInfos();
  if (allNodes.length === 0) return SKIP;
  const constraints = source.constraints(pod, 'ScheduleAnyway');
  if (constraints.length === 0) return SKIP;
  // only the pod's own constraints require every topology key (requireAllTopologies)
  const requireAll = (pod.pod.spec.topologySpreadConstraints?.length ?? 0) > 0;
  const ignoredNodes = new Set<string>();
  const podCounts = constraints.map(() => new Map<string, number>());
  const topoSize = constraints.map(() => 0);
  for (const node of filtered) {
    if (requireAll && !nodeHasAllKeys(node.labels, constraints)) { ignoredNodes.add(node.name); continue; }
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i];
      if (c.topologyKey === LABEL_HOSTNAME) continue;
      const v = node.labels[c.topologyKey];
      if (!podCounts[i].has(v)) { podCounts[i].set(v, 0); topoSize[i]++; }
    }
  }
  const weights = constraints.map((c, i) => Math.log((c.topologyKey === LABEL_HOSTNAME ? filtered.length - ignoredNodes.size : topoSize[i]) + 2));
  const required = new RequiredNodeAffinity(pod.pod);
  for (const node of allNodes) {
    if (requireAll && !nodeHasAllKeys(node.labels, constraints)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i];
      if (c.topologyKey === LABEL_HOSTNAME || !matchNodeInclusionPolicies(c, pod, node, required)) continue;
      const v = node.labels[c.topologyKey];
      const current = podCounts[i].get(v);
      if (current === undefined) continue;
      podCounts[i].set(v, current + countPodsMatchSelector(node.pods, c.selector, pod.namespace));
    }
  }
  state.write(PRE_SCORE_KEY, new ImmutableState<SpreadScoreState>({ constraints, ignoredNodes, podCounts, weights }));
  return SUCCESS;
}

export function scoreSpread(state: CycleState, pod: PodInfo, node: NodeInfo): number {
  const s = state.read<ImmutableState<SpreadScoreState>>(PRE_SCORE_KEY)?.value;
  if (!s || s.ignoredNodes.has(node.name)) return 0;
  let score = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i];
    if (!Object.hasOwn(node.labels, c.topologyKey)) continue;
    const cnt = c.topologyKey === LABEL_HOSTNAME
      ? countPodsMatchSelector(node.pods, c.selector, pod.namespace)
      : s.podCounts[i].get(node.labels[c.topologyKey]) ?? 0;
    score += cnt * s.weights[i] + (c.maxSkew - 1);
  }
  return Math.round(score);
}

export function normalizeSpreadScores(state: CycleState, scores: Float64Array, nodes: readonly NodeInfo[]): void {
  const s = state.read<ImmutableState<SpreadScoreState>>(PRE_SCORE_KEY)?.value;
  if (!s) return;
  let min = Infinity;
  let max = 0;
  for (let i = 0; i < scores.length; i++) {
    if (s.ignoredNodes.has(nodes[i].name)) continue;
    if (scores[i] < min) min = scores[i];
    if (scores[i] > max) max = scores[i];
  }
  for (let i = 0; i < scores.length; i++) {
    if (s.ignoredNodes.has(nodes[i].name)) { scores[i] = 0; continue; }
    scores[i] = max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
  }
}
