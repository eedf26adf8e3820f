/**
 * NodeResourcesFit (plugins/noderesources/fit.go): Filter checks the pod's requests (containers
 * summed, init containers maxed, sidecars and overhead added) against the node's allocatable
 * minus what its pods request, resource by resource, and the pod count against allocatable pods.
 * Every shortfall is one reason ("Too many pods", "Insufficient cpu", "Insufficient memory"…).
 * A resource the pod does not request is not checked (fitsRequest skips zero requests).
 *
 * Score is the default LeastAllocated strategy over cpu and memory (weight 1 each): the share of
 * each left free after placing the pod, using non-zero requests (100m / 200Mi for containers that
 * request nothing), in Go's integer arithmetic.
 */
import { ActionType, clusterEvent } from '../framework/events.ts';
import type { CycleState } from '../framework/cycle-state.ts';
import type { ClusterEventWithHint, EnqueueExtensions, FilterPlugin, ScorePlugin } from '../framework/interface.ts';
import { MAX_NODE_SCORE } from '../framework/interface.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { SUCCESS, Status } from '../framework/status.ts';

export const NODE_RESOURCES_FIT = 'NodeResourcesFit';

/** The reasons fitsRequest reports for a node, in kube's order. */
export function insufficientResources(pod: PodInfo, nodeInfo: NodeInfo): string[] {
  const out: string[] = [];
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  if (nodeInfo.pods.length + 1 > alloc.allowedPodNumber) out.push('Too many pods');
  const r = pod.requests;
  if (r.milliCPU > 0 && r.milliCPU > alloc.milliCPU - used.milliCPU) out.push('Insufficient cpu');
  if (r.memory > 0 && r.memory > alloc.memory - used.memory) out.push('Insufficient memory');
  if (r.ephemeralStorage > 0 && r.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) out.push('Insufficient ephemeral-storage');
  if (r.scalar) {
    for (const [name, q] of r.scalar) {
      if (q > 0 && q > (alloc.scalar?.get(name) ?? 0) - (used.scalar?.get(name) ?? 0)) out.push(`Insufficient ${name}`);
    }
  }
  return out;
}

export class NodeResourcesFit implements FilterPlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NODE_RESOURCES_FIT;
  private readonly rejections = new Map<string, Status>();

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status {
    // the allocation-free fast path; insufficientResources() spells out the reasons on failure
    const alloc = nodeInfo.allocatable;
    const used = nodeInfo.requested;
    const r = pod.requests;
    if (nodeInfo.pods.length + 1 <= alloc.allowedPodNumber
      && (r.milliCPU === 0 || r.milliCPU <= alloc.milliCPU - used.milliCPU)
      && (r.memory === 0 || r.memory <= alloc.memory - used.memory)
      && (r.ephemeralStorage === 0 || r.ephemeralStorage <= alloc.ephemeralStorage - used.ephemeralStorage)
      && r.scalar === undefined) {
      return SUCCESS;
    }
    const reasons = insufficientResources(pod, nodeInfo);
    if (reasons.length === 0) return SUCCESS;
    const key = reasons.join('\n');
    let s = this.rejections.get(key);
    if (!s) {
      s = new Status('Unschedulable', reasons, this.name);
      if (this.rejections.size < 1024) this.rejections.set(key, s);
    }
    return s;
  }

  score(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    let total = 0;
    let weights = 0;
    const cpuAlloc = nodeInfo.allocatable.milliCPU;
    if (cpuAlloc !== 0) { total += leastRequestedScore(nodeInfo.nonZeroCPU + pod.nonZeroCPU, cpuAlloc); weights++; }
    const memAlloc = nodeInfo.allocatable.memory;
    if (memAlloc !== 0) { total += leastRequestedScore(nodeInfo.nonZeroMemory + pod.nonZeroMemory, memAlloc); weights++; }
    return weights === 0 ? 0 : Math.trunc(total / weights);
  }

  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [
      { event: clusterEvent('AssignedPod', ActionType.Delete | ActionType.UpdatePodScaleDown, 'AssignedPodDeleteOrScaleDown') },
      { event: clusterEvent('Node', ActionType.Add | ActionType.UpdateNodeAllocatable | ActionType.UpdateNodeTaint | ActionType.UpdateNodeLabel, 'NodeAddOrUpdate') },
    ];
  }
}

/** leastRequestedScore: (capacity - requested) × 100 / capacity, 0 when over capacity. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}
