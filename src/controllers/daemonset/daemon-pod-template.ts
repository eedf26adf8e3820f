/**
 * The pods a DaemonSet creates, after kube-controller-manager's pkg/controller/daemon/util
 * (AddOrUpdateDaemonPodTolerations, CreatePodTemplate, ReplaceDaemonSetPodNodeNameNodeAffinity,
 * GetTargetNodeName, IsPodUpdated). Since kube 1.12 DaemonSet pods are placed by the scheduler:
 * each carries a required node affinity `metadata.name In [<node>]` instead of spec.nodeName,
 * and tolerates the node-condition taints so a sick or cordoned node keeps its daemons.
 */
import type { Pod, PodTemplateSpec } from '../common/workload-types.ts';
import {
  type Affinity, CONTROLLER_REVISION_HASH_LABEL, type DaemonPodSpec, type DaemonSet, DEPRECATED_TEMPLATE_GENERATION_ANNOTATION,
  TEMPLATE_GENERATION_LABEL, type Toleration,
} from './daemon-set-types.ts';

/** v1.ObjectNameField: the one field a node selector may match on. */
export const OBJECT_NAME_FIELD = 'metadata.name';

const exists = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', effect });

/**
 * AddOrUpdateDaemonPodTolerations: NoExecute not-ready and unreachable (the node lifecycle
 * controller must not evict daemons), NoSchedule disk-, memory-, pid-pressure and unschedulable
 * (TaintNodesByCondition), and network-unavailable for host-network pods, in kube's order.
 */
export function addOrUpdateDaemonPodTolerations(spec: DaemonPodSpec): void {
  const wanted = [
    exists('node.kubernetes.io/not-ready', 'NoExecute'),
    exists('node.kubernetes.io/unreachable', 'NoExecute'),
    exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
  ];
  if (spec.hostNetwork) wanted.push(exists('node.kubernetes.io/network-unavailable', 'NoSchedule'));
  for (const t of wanted) addOrUpdateToleration(spec, t);
}

/** v1helper.AddOrUpdateTolerationInPodSpec: a toleration with the same key, operator, value and effect is replaced. */
function addOrUpdateToleration(spec: DaemonPodSpec, toleration: Toleration): void {
  const same = (a: Toleration, b: Toleration) => (a.key ?? '') === (b.key ?? '') && (a.operator ?? '') === (b.operator ?? '')
    && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');
  const current = spec.tolerations ?? [];
  let updated = false;
  const next = current.map((t) => {
    if (!same(toleration, t)) return t;
    updated = true;
    return { ...toleration };
  });
  if (!updated) next.push({ ...toleration });
  spec.tolerations = next;
}

/** GetTemplateGeneration: the deprecated generation annotation, when present and numeric. */
export function templateGeneration(ds: DaemonSet): number | undefined {
  const v = ds.metadata.annotations?.[DEPRECATED_TEMPLATE_GENERATION_ANNOTATION];
  return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;
}

/** CreatePodTemplate: the DaemonSet's template with the daemon tolerations and the revision hash label. */
export function createDaemonPodTemplate(ds: DaemonSet, hash: string): PodTemplateSpec {
  const template = structuredClone(ds.spec?.template ?? {});
  addOrUpdateDaemonPodTolerations((template.spec ??= {}) as DaemonPodSpec);
  const meta = (template.metadata ??= {});
  const labels = { ...(meta.labels ?? {}) };
  const generation = templateGeneration(ds);
  if (generation !== undefined) labels[TEMPLATE_GENERATION_LABEL] = String(generation);
  if (hash) labels[CONTROLLER_REVISION_HASH_LABEL] = hash;
  meta.labels = labels;
  return template;
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes the single term
 * `matchFields metadata.name In [node]`; other affinity (preferred terms, pod affinity) stays.
 */
export function replaceNodeNameAffinity(affinity: Affinity | null | undefined, nodeName: string): Affinity {
  const term = { matchFields: [{ key: OBJECT_NAME_FIELD, operator: 'In', values: [nodeName] }] };
  const out: Affinity = structuredClone(affinity ?? {});
  const nodeAffinity = { ...(out.nodeAffinity ?? {}) };
  nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { ...(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? {}), nodeSelectorTerms: [term] };
  out.nodeAffinity = nodeAffinity;
  return out;
}

/** The pod for one node: the template with its node affinity pinned to the node. */
export function daemonPodTemplateForNode(template: PodTemplateSpec, nodeName: string): PodTemplateSpec {
  const t = structuredClone(template);
  const spec = (t.spec ??= {}) as DaemonPodSpec;
  spec.affinity = replaceNodeNameAffinity(spec.affinity, nodeName);
  return t;
}

/**
 * GetTargetNodeName: spec.nodeName once bound, else the node named by the first
 * `metadata.name In [x]` match field of the required affinity; undefined when there is none.
 */
export function targetNodeName(pod: Pod): string | undefined {
  const spec = pod.spec as DaemonPodSpec | undefined;
  if (spec?.nodeName) return spec.nodeName;
  const terms = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const r of term.matchFields ?? []) {
      if (r.key === OBJECT_NAME_FIELD && r.operator === 'In') return r.values?.length === 1 ? r.values[0] : undefined;
    }
  }
  return undefined;
}

/** IsPodUpdated: the pod carries the current revision hash (or the current deprecated template generation). */
export function isPodUpdated(pod: Pod, options: { hash: string; generation?: number }): boolean {
  const labels = pod.metadata.labels ?? {};
  const generationMatches = options.generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === String(options.generation);
  return (options.hash !== '' && labels[CONTROLLER_REVISION_HASH_LABEL] === options.hash) || generationMatches;
}
