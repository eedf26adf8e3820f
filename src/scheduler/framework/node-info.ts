/**
 * A node with the aggregates of the pods on it, kept incrementally as kube-scheduler's NodeInfo
 * (framework/types.go): requested and non-zero requested resources, allocatable, used host
 * ports, the pods with (anti-)affinity, PVC reference counts. Filters and scores read these
 * aggregates in O(1) instead of walking the pods. `generation` changes on every mutation.
 */
import { LABEL_TOPOLOGY_REGION, LABEL_TOPOLOGY_ZONE, type Node, type Taint } from '../api-types.ts';
import type { HostPort, PodInfo } from './pod-info.ts';
import { Resource } from './resource.ts';

let generationCounter = 0;
const nextGeneration = () => ++generationCounter;

/** fwk.HostPortInfo: ip → "protocol/port" set; 0.0.0.0 conflicts with every address. */
export class HostPortInfo {
  private readonly byIp = new Map<string, Map<string, number>>();

  add(p: HostPort, delta: 1 | -1): void {
    let m = this.byIp.get(p.ip);
    if (!m) { m = new Map(); this.byIp.set(p.ip, m); }
    const k = `${p.protocol}/${p.port}`;
    const n = (m.get(k) ?? 0) + delta;
    if (n <= 0) m.delete(k); else m.set(k, n);
    if (m.size === 0) this.byIp.delete(p.ip);
  }

  /** HostPortInfo.CheckConflict. */
  conflicts(p: HostPort): boolean {
    const k = `${p.protocol}/${p.port}`;
    if (p.ip === '0.0.0.0') {
      for (const m of this.byIp.values()) if (m.has(k)) return true;
      return false;
    }
    return (this.byIp.get(p.ip)?.has(k) ?? false) || (this.byIp.get('0.0.0.0')?.has(k) ?? false);
  }

  get size(): number { return this.byIp.size; }

  clone(): HostPortInfo {
    const c = new HostPortInfo();
    for (const [ip, m] of this.byIp) c.byIp.set(ip, new Map(m));
    return c;
  }
}

/** utilnode.GetZoneKey: region and zone joined, "" when the node has neither. */
export function zoneKeyOf(labels: Readonly<Record<string, string>> | undefined): string {
  const region = labels?.[LABEL_TOPOLOGY_REGION] ?? '';
  const zone = labels?.[LABEL_TOPOLOGY_ZONE] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

const NO_TAINTS: readonly Taint[] = [];

export class NodeInfo {
  /** Undefined while pods reference a node the cache has not seen yet. */
  node: Node | undefined;
  readonly name: string;
  labels: Readonly<Record<string, string>> = {};
  taints: readonly Taint[] = NO_TAINTS;
  unschedulable = false;
  readonly pods: PodInfo[] = [];
  readonly podsWithAffinity: PodInfo[] = [];
  readonly podsWithRequiredAntiAffinity: PodInfo[] = [];
  readonly requested = new Resource();
  /** CPU and memory with the scoring defaults for missing requests. */
  nonZeroCPU = 0;
  nonZeroMemory = 0;
  allocatable = new Resource();
  usedPorts = new HostPortInfo();
  readonly pvcRefCounts = new Map<string, number>();
  generation = nextGeneration();

  constructor(name: string, node?: Node) {
    this.name = name;
    if (node) this.setNode(node);
  }

  setNode(node: Node): void {
    this.node = node;
    this.labels = node.metadata.labels ?? {};
    this.taints = node.spec?.taints ?? NO_TAINTS;
    this.unschedulable = node.spec?.unschedulable === true;
    this.allocatable = Resource.of(node.status?.allocatable);
    this.generation = nextGeneration();
  }

  addPod(p: PodInfo): void {
    this.pods.push(p);
    if (p.hasAffinity) this.podsWithAffinity.push(p);
    if (p.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.push(p);
    this.update(p, 1);
  }

  /** Removes the pod with p's uid; false if it was not on the node. */
  removePod(p: PodInfo): boolean {
    const i = indexByUid(this.pods, p.uid);
    if (i < 0) return false;
    const stored = this.pods[i];
    swapRemove(this.pods, i);
    const a = indexByUid(this.podsWithAffinity, p.uid);
    if (a >= 0) swapRemove(this.podsWithAffinity, a);
    const r = indexByUid(this.podsWithRequiredAntiAffinity, p.uid);
    if (r >= 0) swapRemove(this.podsWithRequiredAntiAffinity, r);
    // subtract what was added, which is the stored PodInfo's view of the pod
    this.update(stored, -1);
    return true;
  }

  private update(p: PodInfo, sign: 1 | -1): void {
    this.requested.addResource(p.requests, sign);
    this.nonZeroCPU += sign * p.nonZeroCPU;
    this.nonZeroMemory += sign * p.nonZeroMemory;
    for (const hp of p.hostPorts) this.usedPorts.add(hp, sign);
    for (const c of p.pvcNames) {
      const k = `${p.namespace}/${c}`;
      const n = (this.pvcRefCounts.get(k) ?? 0) + sign;
      if (n <= 0) this.pvcRefCounts.delete(k); else this.pvcRefCounts.set(k, n);
    }
    this.generation = nextGeneration();
  }

  /** A copy whose pod list and aggregates can change without touching this one (NodeInfo.Snapshot). */
  clone(): NodeInfo {
    const c = new NodeInfo(this.name);
    c.node = this.node;
    c.labels = this.labels;
    c.taints = this.taints;
    c.unschedulable = this.unschedulable;
    c.allocatable = this.allocatable;
    c.pods.push(...this.pods);
    c.podsWithAffinity.push(...this.podsWithAffinity);
    c.podsWithRequiredAntiAffinity.push(...this.podsWithRequiredAntiAffinity);
    c.requested.addResource(this.requested, 1);
    c.nonZeroCPU = this.nonZeroCPU;
    c.nonZeroMemory = this.nonZeroMemory;
    c.usedPorts = this.usedPorts.clone();
    for (const [k, v] of this.pvcRefCounts) c.pvcRefCounts.set(k, v);
    c.generation = this.generation;
    return c;
  }
}

function indexByUid(list: readonly PodInfo[], uid: string): number {
  for (let i = 0; i < list.length; i++) if (list[i].uid === uid) return i;
  return -1;
}

function swapRemove<T>(list: T[], i: number): void {
  list[i] = list[list.length - 1];
  list.pop();
}
