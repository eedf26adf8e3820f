/**
 * PrioritySort (plugins/queuesort/priority_sort.go): the queue serves higher priority first and,
 * within a priority, the pod that entered (or re-entered) the queue first.
 */
import type { QueuedPodInfo, QueueSortPlugin } from '../framework/interface.ts';

export const PRIORITY_SORT = 'PrioritySort';

export class PrioritySort implements QueueSortPlugin {
  readonly name = PRIORITY_SORT;

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const pa = a.podInfo.priority;
    const pb = b.podInfo.priority;
    return pa > pb || (pa === pb && a.timestamp < b.timestamp);
  }
}
