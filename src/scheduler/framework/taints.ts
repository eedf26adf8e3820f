/**
 * Taints and tolerations, as k8s.io/component-helpers scheduling/corev1 (helpers.go) and
 * core/v1 Toleration.ToleratesTaint: an empty toleration effect matches every effect, an empty
 * key with operator Exists matches every taint, and operator Equal (or empty) compares values.
 */
import type { Taint, Toleration } from '../api-types.ts';

export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '': case 'Equal': return (t.value ?? '') === (taint.value ?? '');
    case 'Exists': return true;
    default: return false;
  }
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!tolerations) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/**
 * FindMatchingUntoleratedTaint over the taints that `effects` keeps (kube-scheduler's filter
 * passes NoSchedule and NoExecute): the first taint no toleration tolerates.
 */
export function findUntoleratedTaint(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[] | undefined, effects: ReadonlySet<string>): Taint | undefined {
  if (!taints) return undefined;
  for (const taint of taints) {
    if (!effects.has(taint.effect)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

export const DO_NOT_SCHEDULE_EFFECTS: ReadonlySet<string> = new Set(['NoSchedule', 'NoExecute']);

/** The taint the node controller puts on cordoned nodes; NodeUnschedulable honours its toleration. */
export const TAINT_NODE_UNSCHEDULABLE: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
