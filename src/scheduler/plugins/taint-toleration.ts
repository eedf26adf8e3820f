/**
 * TaintToleration (plugins/tainttoleration): Filter rejects a node with a NoSchedule or NoExecute
 * taint the pod does not tolerate ("node(s) had untolerated taint {key: value}"); Score prefers
 * nodes with fewer PreferNoSchedule taints the pod does not tolerate (normalized, reversed).
 */
import type { Taint, Toleration } from '../api-types.ts';
import { ActionType, clusterEvent } from '../framework/events.ts';
import { ImmutableState, type CycleState } from '../framework/cycle-state.ts';
import type { ClusterEventWithHint, EnqueueExtensions, FilterPlugin, PreScorePlugin, ScorePlugin } from '../framework/interface.ts';
import { MAX_NODE_SCORE } from '../framework/interface.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { SUCCESS, type Status, unresolvable } from '../framework/status.ts';
import { DO_NOT_SCHEDULE_EFFECTS, findUntoleratedTaint, tolerationsTolerateTaint } from '../framework/taints.ts';
import { defaultNormalizeScore } from './normalize-score.ts';

export const TAINT_TOLERATION = 'TaintToleration';
const PRE_SCORE_KEY = `PreScore${TAINT_TOLERATION}`;

/** The filter's reason for a taint, as kube prints it: `{key: value}` (an empty value leaves "{key: }"). */
export function untoleratedTaintReason(t: Taint): string {
  return `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;
}

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = TAINT_TOLERATION;
  private readonly rejections = new Map<string, Status>();

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status {
    if (nodeInfo.taints.length === 0) return SUCCESS;
    const taint = findUntoleratedTaint(nodeInfo.taints, pod.pod.spec.tolerations, DO_NOT_SCHEDULE_EFFECTS);
    if (!taint) return SUCCESS;
    const reason = untoleratedTaintReason(taint);
    let s = this.rejections.get(reason);
    if (!s) {
      s = unresolvable(reason).withPlugin(this.name);
      if (this.rejections.size < 1024) this.rejections.set(reason, s);
    }
    return s;
  }

  preScore(state: CycleState, pod: PodInfo): Status {
    // getAllTolerationPreferNoSchedule: tolerations with an empty or PreferNoSchedule effect
    const tolerations = (pod.pod.spec.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.write(PRE_SCORE_KEY, new ImmutableState<readonly Toleration[]>(tolerations));
    return SUCCESS;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    if (nodeInfo.taints.length === 0) return 0;
    const tolerations = state.read<ImmutableState<readonly Toleration[]>>(PRE_SCORE_KEY)?.value ?? [];
    let n = 0;
    for (const t of nodeInfo.taints) if (t.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, t)) n++;
    return n;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: Float64Array): void {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
  }

  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [
      { event: clusterEvent('Node', ActionType.Add | ActionType.UpdateNodeTaint, 'NodeAddOrTaintChange') },
      { event: clusterEvent('UnscheduledPod', ActionType.UpdatePodTolerations, 'UnscheduledPodTolerationsChange') },
    ];
  }
}
