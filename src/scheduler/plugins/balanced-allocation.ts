/**
 * NodeResourcesBalancedAllocation (plugins/noderesources/balanced_allocation.go): prefers nodes
 * whose cpu and memory would be used in similar proportions after placing the pod, scoring
 * (1 - std) × 100 of the requested/allocatable fractions (each capped at 1). Uses actual requests,
 * not the non-zero defaults.
 */
import type { CycleState } from '../framework/cycle-state.ts';
import type { ScorePlugin } from '../framework/interface.ts';
import { MAX_NODE_SCORE } from '../framework/interface.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import type { PodInfo } from '../framework/pod-info.ts';

export const BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';

export class BalancedAllocation implements ScorePlugin {
  readonly name = BALANCED_ALLOCATION;

  score(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const alloc = nodeInfo.allocatable;
    let f0 = -1;
    let f1 = -1;
    if (alloc.milliCPU !== 0) f0 = Math.min(1, (nodeInfo.requested.milliCPU + pod.requests.milliCPU) / alloc.milliCPU);
    if (alloc.memory !== 0) f1 = Math.min(1, (nodeInfo.requested.memory + pod.requests.memory) / alloc.memory);
    // with one resource (or none) the deviation is 0
    const std = f0 >= 0 && f1 >= 0 ? Math.abs((f0 - f1) / 2) : 0;
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
  }
}
