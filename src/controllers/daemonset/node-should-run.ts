/**
 * Whether a node should run a DaemonSet's pod, after kube-controller-manager's
 * NodeShouldRunDaemonPod and predicates (pkg/controller/daemon/daemon_controller.go): the
 * daemon pod for the node (template + daemon tolerations + nodeName) must fit the node's name,
 * the pod's nodeSelector and required node affinity, and tolerate every NoSchedule and NoExecute
 * taint. A pod already running may stay while only NoSchedule taints are untolerated.
 */
import { addOrUpdateDaemonPodTolerations } from './daemon-pod-template.ts';
import type { DaemonPodSpec, DaemonSet, Node, NodeSelectorRequirement, NodeSelectorTerm, Taint, Toleration } from './daemon-set-types.ts';

export interface ShouldRun {
  /** A daemon pod should be created here if there is none. */
  readonly shouldRun: boolean;
  /** A daemon pod already here may keep running. */
  readonly shouldContinueRunning: boolean;
}

/** Toleration.ToleratesTaint */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case 'Exists': return true;
    case '':
    case 'Equal': return (t.value ?? '') === (taint.value ?? '');
    default: return false;
  }
}

/** v1helper.FindMatchingUntoleratedTaint: the first taint passing `filter` that no toleration tolerates. */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], filter: (t: Taint) => boolean): Taint | undefined {
  return taints.find((taint) => filter(taint) && !tolerations.some((t) => toleratesTaint(t, taint)));
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': return value !== undefined && values.includes(value);
    case 'NotIn': return value === undefined || !values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0])) return false;
      return r.operator === 'Gt' ? Number(value) > Number(values[0]) : Number(value) < Number(values[0]);
    }
    default: return false;
  }
}

/** A node selector term: all expressions on labels and all fields (metadata.name only) match; an empty term matches nothing. */
function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  if (!expressions.every((r) => requirementMatches(r, Object.hasOwn(labels, r.key) ? labels[r.key] : undefined))) return false;
  return fields.every((r) => r.key === 'metadata.name' && requirementMatches(r, node.metadata.name));
}

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): spec.nodeSelector and the required terms (ORed). */
export function requiredNodeAffinityMatches(spec: DaemonPodSpec, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((t) => termMatches(t, node));
}

export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): ShouldRun {
  const spec = structuredClone(ds.spec?.template?.spec ?? {}) as DaemonPodSpec;
  const nodeName = node.metadata.name!;
  if (spec.nodeName && spec.nodeName !== nodeName) return { shouldRun: false, shouldContinueRunning: false };
  addOrUpdateDaemonPodTolerations(spec);
  if (!requiredNodeAffinityMatches(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints ?? [];
  const tolerations = spec.tolerations ?? [];
  const blocking = findUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoExecute' || t.effect === 'NoSchedule');
  if (!blocking) return { shouldRun: true, shouldContinueRunning: true };
  // Only an untolerated NoExecute taint evicts a daemon that is already there.
  const evicting = findUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoExecute');
  return { shouldRun: false, shouldContinueRunning: evicting === undefined };
}
