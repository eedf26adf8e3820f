/**
 * NodeName (plugins/nodename): a pod that names a node fits only that node.
 */
import { EVENT_NODE_ADD } from '../framework/events.ts';
import type { ClusterEventWithHint, EnqueueExtensions, FilterPlugin } from '../framework/interface.ts';
import type { CycleState } from '../framework/cycle-state.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { SUCCESS, type Status, unresolvable } from '../framework/status.ts';

export const NODE_NAME = 'NodeName';
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

const REJECTED = unresolvable(ERR_REASON_NODE_NAME).withPlugin(NODE_NAME);

export class NodeName implements FilterPlugin, EnqueueExtensions {
  readonly name = NODE_NAME;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status {
    const want = pod.pod.spec.nodeName;
    return !want || want === nodeInfo.name ? SUCCESS : REJECTED;
  }

  eventsToRegister(): readonly ClusterEventWithHint[] { return [{ event: EVENT_NODE_ADD }]; }
}
