/**
 * SchedulingGates (plugins/schedulinggates): a pod with spec.schedulingGates stays out of
 * activeQ until every gate is removed; the pod's own update releases it.
 */
import { ActionType, clusterEvent } from '../framework/events.ts';
import type { ClusterEventWithHint, EnqueueExtensions, PreEnqueuePlugin } from '../framework/interface.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { SUCCESS, type Status, unresolvable } from '../framework/status.ts';

export const SCHEDULING_GATES = 'SchedulingGates';

export class SchedulingGates implements PreEnqueuePlugin, EnqueueExtensions {
  readonly name = SCHEDULING_GATES;

  preEnqueue(pod: PodInfo): Status {
    const gates = pod.pod.spec.schedulingGates ?? [];
    if (gates.length === 0) return SUCCESS;
    // Go's %v of a []string: "[a b]"
    return unresolvable(`waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`).withPlugin(this.name);
  }

  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [{ event: clusterEvent('UnscheduledPod', ActionType.UpdatePodSchedulingGatesEliminated, 'UnscheduledPodUpdate') }];
  }
}
