/**
 * NodeAffinity (plugins/nodeaffinity): Filter applies spec.nodeSelector and the required node
 * affinity; PreFilter narrows the nodes when every required term names nodes by metadata.name;
 * Score sums the weights of the preferred terms a node matches, normalized to [0, 100].
 */
import { ActionType, clusterEvent } from '../framework/events.ts';
import { ImmutableState, type CycleState } from '../framework/cycle-state.ts';
import type { ClusterEventWithHint, EnqueueExtensions, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../framework/interface.ts';
import { MAX_NODE_SCORE, PreFilterResult } from '../framework/interface.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import { PreferredSchedulingTerms, RequiredNodeAffinity } from '../framework/node-selector.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { SKIP, SUCCESS, type Status, unresolvable } from '../framework/status.ts';
import { defaultNormalizeScore } from './normalize-score.ts';

export const NODE_AFFINITY = 'NodeAffinity';
export const ERR_REASON_POD_NOT_MATCH_NODE_SELECTOR = "node(s) didn't match Pod's node affinity/selector";
const ERR_REASON_CONFLICT = 'pod affinity terms conflict';
const PRE_FILTER_KEY = `PreFilter${NODE_AFFINITY}`;
const PRE_SCORE_KEY = `PreScore${NODE_AFFINITY}`;

const REJECTED = unresolvable(ERR_REASON_POD_NOT_MATCH_NODE_SELECTOR).withPlugin(NODE_AFFINITY);

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NODE_AFFINITY;

  preFilter(state: CycleState, pod: PodInfo): Status | PreFilterResult {
    const required = new RequiredNodeAffinity(pod.pod);
    if (required.empty) return SKIP;
    state.write(PRE_FILTER_KEY, new ImmutableState(required));
    // getPreFilterNodeNames: only when every term pins metadata.name with In
    const terms = pod.pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return SUCCESS;
    let names: Set<string> | undefined;
    for (const t of terms) {
      let termNames: Set<string> | undefined;
      for (const r of t.matchFields ?? []) {
        if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
        const s = new Set(r.values ?? []);
        termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
      }
      if (!termNames) return SUCCESS;
      names = new Set([...(names ?? []), ...termNames]);
    }
    if (names && names.size === 0) return unresolvable(ERR_REASON_CONFLICT).withPlugin(this.name);
    return names ? new PreFilterResult(names) : SUCCESS;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status {
    const required = state.read<ImmutableState<RequiredNodeAffinity>>(PRE_FILTER_KEY)?.value ?? new RequiredNodeAffinity(pod.pod);
    return required.match(nodeInfo.labels, nodeInfo.name) ? SUCCESS : REJECTED;
  }

  preScore(state: CycleState, pod: PodInfo): Status {
    const preferred = new PreferredSchedulingTerms(pod.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []);
    if (preferred.length === 0) return SKIP;
    state.write(PRE_SCORE_KEY, new ImmutableState(preferred));
    return SUCCESS;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    const preferred = state.read<ImmutableState<PreferredSchedulingTerms>>(PRE_SCORE_KEY)?.value;
    return preferred ? preferred.score(nodeInfo.labels, nodeInfo.name) : 0;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: Float64Array): void {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
  }

  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [{
      event: clusterEvent('Node', ActionType.Add | ActionType.UpdateNodeLabel, 'NodeAddOrLabelChange'),
      hint: (pod, _old, newObj) => {
        // isSchedulableAfterNodeChange: queue only if the node now matches
        if (!newObj) return 'Queue';
        return new RequiredNodeAffinity(pod.pod).match(newObj.metadata.labels, newObj.metadata.name ?? '') ? 'Queue' : 'QueueSkip';
      },
    }];
  }
}
