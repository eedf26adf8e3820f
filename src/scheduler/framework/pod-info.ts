/**
 * A pod with what scheduling needs from it computed once, after kube-scheduler's PodInfo
 * (framework/types.go): requests, non-zero requests for scoring, host ports, parsed pod
 * (anti-)affinity terms, claimed PVCs and the resolved priority. Built when the pod enters the
 * queue or the cache and replaced, never mutated, when the pod changes.
 */
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from '../api-types.ts';
import { compileLabelSelector, type LabelMatcher } from './label-matcher.ts';
import { podRequests, type Resource } from './resource.ts';

export type NamespaceLabels = (namespace: string) => Readonly<Record<string, string>> | undefined;

export interface PodIdentity {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>> | undefined;
}

/** fwk.AffinityTerm: a parsed PodAffinityTerm. */
export class AffinityTerm {
  constructor(
    readonly namespaces: ReadonlySet<string>,
    readonly selector: LabelMatcher,
    readonly topologyKey: string,
    readonly namespaceSelector: LabelMatcher,
  ) {}

  /** AffinityTerm.Matches: the pod's namespace is selected and its labels match. */
  matches(pod: PodIdentity, nsLabels: NamespaceLabels): boolean {
    if (this.namespaces.has(pod.namespace) || (!this.namespaceSelector.nothing && this.namespaceSelector.matches(nsLabels(pod.namespace)))) {
      return this.selector.matches(pod.labels);
    }
    return false;
  }

  static parse(owner: Pod, term: PodAffinityTerm): AffinityTerm {
    // as getNamespacesFromPodAffinityTerm: no namespaces and no namespaceSelector means the pod's own
    const namespaces = new Set<string>();
    if ((term.namespaces?.length ?? 0) === 0 && !term.namespaceSelector) namespaces.add(owner.metadata.namespace ?? '');
    else for (const n of term.namespaces ?? []) namespaces.add(n);
    return new AffinityTerm(namespaces, compileLabelSelector(term.labelSelector), term.topologyKey, compileLabelSelector(term.namespaceSelector));
  }
}

export interface WeightedAffinityTerm { readonly term: AffinityTerm; readonly weight: number }

export interface HostPort { readonly ip: string; readonly protocol: string; readonly port: number }

const NO_TERMS: readonly AffinityTerm[] = [];
const NO_WEIGHTED: readonly WeightedAffinityTerm[] = [];

export class PodInfo implements PodIdentity {
  readonly key: string;
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>> | undefined;
  /** NodeResourcesFit's view (PodRequests). */
  readonly requests: Resource;
  /** CPU and memory with 100m / 200Mi for missing requests (NonZeroRequested). */
  readonly nonZeroCPU: number;
  readonly nonZeroMemory: number;
  readonly hostPorts: readonly HostPort[];
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  readonly pvcNames: readonly string[];

  constructor(readonly pod: Pod, readonly priority: number) {
    this.namespace = pod.metadata.namespace ?? '';
    this.name = pod.metadata.name ?? '';
    this.key = `${this.namespace}/${this.name}`;
    this.uid = pod.metadata.uid ?? this.key;
    this.labels = pod.metadata.labels;
    this.requests = podRequests(pod);
    const nonZero = podRequests(pod, { nonZero: true });
    this.nonZeroCPU = nonZero.milliCPU;
    this.nonZeroMemory = nonZero.memory;
    this.hostPorts = hostPortsOf(pod);
    const a = pod.spec.affinity;
    const parse = (terms: readonly PodAffinityTerm[] | undefined) => (terms && terms.length ? terms.map((t) => AffinityTerm.parse(pod, t)) : NO_TERMS);
    const parseWeighted = (terms: readonly WeightedPodAffinityTerm[] | undefined) => (terms && terms.length
      ? terms.map((t) => ({ term: AffinityTerm.parse(pod, t.podAffinityTerm), weight: t.weight }))
      : NO_WEIGHTED);
    this.requiredAffinityTerms = parse(a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    this.requiredAntiAffinityTerms = parse(a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    this.preferredAffinityTerms = parseWeighted(a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    this.preferredAntiAffinityTerms = parseWeighted(a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    const pvcs: string[] = [];
    for (const v of pod.spec.volumes ?? []) if (v.persistentVolumeClaim?.claimName) pvcs.push(v.persistentVolumeClaim.claimName);
    this.pvcNames = pvcs;
  }

  /** Has any pod affinity or anti-affinity (NodeInfo.PodsWithAffinity). */
  get hasAffinity(): boolean {
    return this.requiredAffinityTerms.length > 0 || this.requiredAntiAffinityTerms.length > 0
      || this.preferredAffinityTerms.length > 0 || this.preferredAntiAffinityTerms.length > 0;
  }

  get terminating(): boolean { return this.pod.metadata.deletionTimestamp !== undefined && this.pod.metadata.deletionTimestamp !== null; }
}

/**
 * The host ports the pod takes, as fwk.GetContainerPorts: regular containers and sidecars;
 * an empty hostIP means 0.0.0.0 and an empty protocol TCP (HostPortInfo.sanitize).
 */
function hostPortsOf(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  const add = (ports: readonly { hostPort?: number; hostIP?: string; protocol?: string }[] | undefined) => {
    for (const p of ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  };
  for (const c of pod.spec.containers ?? []) add(c.ports);
  for (const c of pod.spec.initContainers ?? []) if (c.restartPolicy === 'Always') add(c.ports);
  return out;
}
