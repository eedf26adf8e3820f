/**
 * NodePorts (plugins/nodeports): a pod's host ports must be free on the node (same protocol and
 * port on the same address, or on 0.0.0.0 which takes every address).
 */
import { ActionType, clusterEvent } from '../framework/events.ts';
import type { ClusterEventWithHint, EnqueueExtensions, FilterPlugin, PreFilterPlugin } from '../framework/interface.ts';
import type { CycleState } from '../framework/cycle-state.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { SKIP, SUCCESS, type Status, unschedulable } from '../framework/status.ts';

export const NODE_PORTS = 'NodePorts';
export const ERR_REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";

const REJECTED = unschedulable(ERR_REASON_PORTS).withPlugin(NODE_PORTS);

export class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = NODE_PORTS;

  preFilter(_state: CycleState, pod: PodInfo): Status {
    return pod.hostPorts.length === 0 ? SKIP : SUCCESS;
  }

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status {
    if (nodeInfo.usedPorts.size === 0) return SUCCESS;
    for (const p of pod.hostPorts) if (nodeInfo.usedPorts.conflicts(p)) return REJECTED;
    return SUCCESS;
  }

  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [
      { event: clusterEvent('AssignedPod', ActionType.Delete, 'AssignedPodDelete') },
      { event: clusterEvent('Node', ActionType.Add | ActionType.UpdateNodeAllocatable | ActionType.UpdateNodeLabel, 'NodeAddOrUpdate') },
    ];
  }
}
