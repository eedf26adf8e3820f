/**
 * The taints the node lifecycle controller owns, after kube's nodelifecycle Controller:
 *  - NoSchedule taints mirroring conditions and spec.unschedulable (doNoScheduleTaintingPass):
 *    Ready=False → not-ready, Ready=Unknown → unreachable, MemoryPressure/DiskPressure/PIDPressure/
 *    NetworkUnavailable=True → the matching pressure taint, unschedulable → unschedulable;
 *  - NoExecute taints for eviction (processTaintBaseEviction): not-ready for Ready=False,
 *    unreachable for Ready=Unknown, none for Ready=True. Swapping one for the other is immediate;
 *    adding one when the node had neither waits for the zone's rate limiter.
 * Added taints carry timeAdded, as SwapNodeControllerTaint stamps them.
 */
import type { KubeObject } from '../../api/object.ts';
import { rfc3339 } from '../../util/clock.ts';
import {
  type ConditionStatus, nodeConditions, nodeTaints, type Taint, TAINT_DISK_PRESSURE, TAINT_MEMORY_PRESSURE,
  TAINT_NETWORK_UNAVAILABLE, TAINT_NOT_READY, TAINT_PID_PRESSURE, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE,
} from './node-conditions.ts';

/** as nodeConditionToTaintKeyStatusMap. */
const CONDITION_TAINTS: readonly { type: string; status: ConditionStatus; key: string }[] = [
  { type: 'Ready', status: 'False', key: TAINT_NOT_READY },
  { type: 'Ready', status: 'Unknown', key: TAINT_UNREACHABLE },
  { type: 'MemoryPressure', status: 'True', key: TAINT_MEMORY_PRESSURE },
  { type: 'DiskPressure', status: 'True', key: TAINT_DISK_PRESSURE },
  { type: 'NetworkUnavailable', status: 'True', key: TAINT_NETWORK_UNAVAILABLE },
  { type: 'PIDPressure', status: 'True', key: TAINT_PID_PRESSURE },
];

const MANAGED_NO_SCHEDULE = new Set([...CONDITION_TAINTS.map((t) => t.key), TAINT_UNSCHEDULABLE]);
const NO_EXECUTE_KEYS = [TAINT_NOT_READY, TAINT_UNREACHABLE];

/** The NoSchedule taint keys a node's conditions and spec.unschedulable call for. */
export function desiredNoScheduleKeys(node: KubeObject): Set<string> {
  const keys = new Set<string>();
  for (const c of nodeConditions(node)) {
    const t = CONDITION_TAINTS.find((x) => x.type === c.type && x.status === c.status);
    if (t) keys.add(t.key);
  }
  if ((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable) keys.add(TAINT_UNSCHEDULABLE);
  return keys;
}

export type NoExecuteDecision =
  | { readonly action: 'none' }
  | { readonly action: 'remove' }
  /** Replace the other eviction taint at once (no rate limit, as kube). */
  | { readonly action: 'swap'; readonly key: string }
  /** Add a taint the node has neither of: subject to the zone's rate limiter. */
  | { readonly action: 'add'; readonly key: string };

/** What processTaintBaseEviction does for a node whose Ready status is `ready`. */
export function noExecuteDecision(node: KubeObject, ready: ConditionStatus, evictionsStopped: boolean): NoExecuteDecision {
  const present = new Set(nodeTaints(node).filter((t) => t.effect === 'NoExecute' && NO_EXECUTE_KEYS.includes(t.key)).map((t) => t.key));
  if (ready === 'True' || evictionsStopped) return present.size ? { action: 'remove' } : { action: 'none' };
  const key = ready === 'False' ? TAINT_NOT_READY : TAINT_UNREACHABLE;
  const other = key === TAINT_NOT_READY ? TAINT_UNREACHABLE : TAINT_NOT_READY;
  if (present.has(other)) return { action: 'swap', key };
  return present.has(key) ? { action: 'none' } : { action: 'add', key };
}

/**
 * The node's taints with the managed NoSchedule set brought to `noSchedule` and the NoExecute
 * decision applied (an 'add' only when `mayAdd`); undefined when nothing changes.
 */
export function applyTaints(node: KubeObject, noSchedule: ReadonlySet<string>, decision: NoExecuteDecision, mayAdd: boolean, now: number): Taint[] | undefined {
  const before = nodeTaints(node);
  let taints = before.filter((t) => !(t.effect === 'NoSchedule' && MANAGED_NO_SCHEDULE.has(t.key) && !noSchedule.has(t.key)));
  const stamp = rfc3339(now);
  for (const key of noSchedule) {
    if (!taints.some((t) => t.key === key && t.effect === 'NoSchedule')) taints.push({ key, effect: 'NoSchedule', timeAdded: stamp });
  }
  if (decision.action === 'remove' || decision.action === 'swap' || (decision.action === 'add' && mayAdd)) {
    taints = taints.filter((t) => !(t.effect === 'NoExecute' && NO_EXECUTE_KEYS.includes(t.key)));
  }
  if (decision.action === 'swap' || (decision.action === 'add' && mayAdd)) {
    taints.push({ key: decision.key, effect: 'NoExecute', timeAdded: stamp });
  }
  const same = taints.length === before.length && taints.every((t, i) => t === before[i]);
  return same ? undefined : taints;
}
