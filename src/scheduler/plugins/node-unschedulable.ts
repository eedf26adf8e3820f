/**
 * NodeUnschedulable (plugins/nodeunschedulable): a cordoned node (spec.unschedulable) takes no
 * pod, unless the pod tolerates the node.kubernetes.io/unschedulable:NoSchedule taint.
 */
import { ActionType, clusterEvent } from '../framework/events.ts';
import type { ClusterEventWithHint, EnqueueExtensions, FilterPlugin } from '../framework/interface.ts';
import type { CycleState } from '../framework/cycle-state.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { SUCCESS, type Status, unresolvable } from '../framework/status.ts';
import { TAINT_NODE_UNSCHEDULABLE, tolerationsTolerateTaint } from '../framework/taints.ts';

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

const REJECTED = unresolvable(ERR_REASON_UNSCHEDULABLE).withPlugin(NODE_UNSCHEDULABLE);

export class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {
  readonly name = NODE_UNSCHEDULABLE;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status {
    if (!nodeInfo.unschedulable) return SUCCESS;
    return tolerationsTolerateTaint(pod.pod.spec.tolerations, TAINT_NODE_UNSCHEDULABLE) ? SUCCESS : REJECTED;
  }

  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [{ event: clusterEvent('Node', ActionType.Add | ActionType.UpdateNodeTaint, 'NodeAddOrTaintChange') }];
  }
}
