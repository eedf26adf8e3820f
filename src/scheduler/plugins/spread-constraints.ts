/**
 * Topology spread constraints as PodTopologySpread evaluates them (podtopologyspread/common.go)
 * and the system default constraints (plugin.go systemDefaultConstraints: hostname maxSkew 3 and
 * zone maxSkew 5, both ScheduleAnyway), which apply to pods that declare none, with a selector
 * built from the Services, ReplicationController, ReplicaSet or StatefulSet that select the pod
 * (helper.DefaultSelector). A pod nothing selects gets no default constraints.
 */
import { LABEL_HOSTNAME, LABEL_TOPOLOGY_ZONE, type Pod, type TopologySpreadConstraint } from '../api-types.ts';
import type { Listers } from '../framework/interface.ts';
import { type LabelMatcher, compileLabelSelector, intersect, matcherFromSet, MATCH_EVERYTHING } from '../framework/label-matcher.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import type { RequiredNodeAffinity } from '../framework/node-selector.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { DO_NOT_SCHEDULE_EFFECTS, findUntoleratedTaint } from '../framework/taints.ts';

export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: LabelMatcher;
  readonly minDomains: number;
  readonly nodeAffinityPolicy: string;
  readonly nodeTaintsPolicy: string;
}

export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

/**
 * filterTopologySpreadConstraints: the constraints with `action`, selectors parsed, matchLabelKeys
 * merged from the pod's labels, nil minDomains as 1, nodeAffinityPolicy Honor and
 * nodeTaintsPolicy Ignore by default.
 */
export function filterConstraints(constraints: readonly TopologySpreadConstraint[], podLabels: Readonly<Record<string, string>> | undefined, action: string): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = compileLabelSelector(c.labelSelector);
    if (c.matchLabelKeys?.length) {
      const match: Record<string, string> = {};
      for (const k of c.matchLabelKeys) if (podLabels && Object.hasOwn(podLabels, k)) match[k] = podLabels[k];
      if (Object.keys(match).length > 0) selector = intersect(matcherFromSet(match), selector);
    }
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
    });
  }
  return out;
}

/** buildDefaultConstraints: the system defaults with `action`, selecting like the pod's owners. */
export function buildDefaultConstraints(pod: PodInfo, action: string, listers: Listers): SpreadConstraint[] {
  // the system defaults are all ScheduleAnyway: Filter never gets any
  if (!SYSTEM_DEFAULT_CONSTRAINTS.some((c) => c.whenUnsatisfiable === action)) return [];
  const selector = defaultSelector(pod.pod, listers);
  if (selector.empty || selector.nothing) return [];
  return filterConstraints(SYSTEM_DEFAULT_CONSTRAINTS, pod.labels, action).map((c) => ({ ...c, selector }));
}

/** helper.DefaultSelector: the union of what the pod's Services and controller select. */
export function defaultSelector(pod: Pod, listers: Listers): LabelMatcher {
  const ns = pod.metadata.namespace ?? '';
  const labels = pod.metadata.labels ?? {};
  const set: Record<string, string> = {};
  for (const svc of listers.services(ns)) {
    const sel = svc.spec?.selector as Readonly<Record<string, string>> | null | undefined;
    if (!sel || Object.keys(sel).length === 0) continue;
    if (!Object.entries(sel).every(([k, v]) => labels[k] === v)) continue;
    Object.assign(set, sel);
  }
  let selector = matcherFromSet(set);
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
  if (!owner) return selector;
  const group = owner.apiVersion.includes('/') ? owner.apiVersion.split('/')[0] : '';
  const ctrl = (group === '' && owner.kind === 'ReplicationController') || (group === 'apps' && (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet'))
    ? listers.controller(owner.kind, ns, owner.name) : undefined;
  if (!ctrl) return selector;
  if (owner.kind === 'ReplicationController') {
    Object.assign(set, ctrl.spec?.selector as Readonly<Record<string, string>> | undefined);
    selector = matcherFromSet(set);
  } else {
    const other = compileLabelSelector(ctrl.spec?.selector as Parameters<typeof compileLabelSelector>[0]);
    if (!other.nothing) selector = intersect(selector === MATCH_EVERYTHING ? MATCH_EVERYTHING : selector, other);
  }
  return selector;
}

/** nodeLabelsMatchSpreadConstraints: the node has every constraint's topology key. */
export function nodeHasAllKeys(labels: Readonly<Record<string, string>>, constraints: readonly SpreadConstraint[]): boolean {
  for (const c of constraints) if (!Object.hasOwn(labels, c.topologyKey)) return false;
  return true;
}

/** matchNodeInclusionPolicies: Honor of node affinity and of taints decides whether a node counts. */
export function matchNodeInclusionPolicies(c: SpreadConstraint, pod: PodInfo, node: NodeInfo, required: RequiredNodeAffinity): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !required.match(node.labels, node.name)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && findUntoleratedTaint(node.taints, pod.pod.spec.tolerations, DO_NOT_SCHEDULE_EFFECTS)) return false;
  return true;
}

/** countPodsMatchSelector: pods of the namespace, not terminating, that the selector matches. */
export function countPodsMatchSelector(pods: readonly PodInfo[], selector: LabelMatcher, namespace: string): number {
  let n = 0;
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i];
    if (p.namespace !== namespace || p.terminating) continue;
    if (selector.matches(p.labels)) n++;
  }
  return n;
}
