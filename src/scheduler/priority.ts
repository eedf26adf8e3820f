/**
 * A pod's priority, as the Priority admission plugin resolves it (plugin/pkg/admission/priority):
 * spec.priority when admission set it; otherwise the value of spec.priorityClassName's class (the
 * two built-in system classes included), or of the global default class, or 0. The scheduler only
 * resolves it itself for pods that reached it without admission having set it.
 */
import type { Pod } from './api-types.ts';
import type { Listers } from './framework/interface.ts';

/** scheduling.SystemCriticalPriority and the built-in classes above it. */
export const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
  'system-cluster-critical': 2_000_000_000,
  'system-node-critical': 2_000_001_000,
};

export function podPriority(pod: Pod, listers: Pick<Listers, 'priorityClass' | 'globalDefaultPriorityClass'>): number {
  if (typeof pod.spec.priority === 'number') return pod.spec.priority;
  const name = pod.spec.priorityClassName;
  if (name) {
    const pc = listers.priorityClass(name);
    if (pc) return pc.value;
    if (Object.hasOwn(SYSTEM_PRIORITY_CLASSES, name)) return SYSTEM_PRIORITY_CLASSES[name];
    return 0;
  }
  return listers.globalDefaultPriorityClass()?.value ?? 0;
}
