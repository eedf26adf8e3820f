/**
 * The scheduler's view of nodes and the pods on them, after kube-scheduler's internal/cache
 * (cache.go): fed by the node and pod informers, plus pods the scheduler *assumed* onto a node
 * when it decided, before the binding reached the API server. An assumed pod counts on its node
 * at once, so the next cycle sees the room it takes; the pod informer's event for the bound pod
 * confirms it, a failed binding forgets it.
 *
 * Nodes are listed zone by zone in turn (kube's nodeTree), so that sampling a prefix of the list
 * (percentageOfNodesToScore) still spreads over zones.
 */
import type { Node } from '../api-types.ts';
import type { NodeSnapshot } from '../framework/interface.ts';
import { NodeInfo, zoneKeyOf } from '../framework/node-info.ts';
import type { PodInfo } from '../framework/pod-info.ts';

interface PodState {
  podInfo: PodInfo;
  nodeName: string;
  assumed: boolean;
  bindingFinished: boolean;
}

export class SchedulerCache implements NodeSnapshot {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly pods = new Map<string, PodState>();
  private readonly zones = new Map<string, string[]>();
  private list: NodeInfo[] = [];
  private listDirty = false;
  private readonly withAffinity = new Set<NodeInfo>();
  private readonly withRequiredAntiAffinity = new Set<NodeInfo>();

  // ---- NodeSnapshot ----

  nodeInfos(): readonly NodeInfo[] {
    if (this.listDirty) this.rebuildList();
    return this.list;
  }

  get(name: string): NodeInfo | undefined {
    const n = this.nodes.get(name);
    return n?.node ? n : undefined;
  }

  nodesWithAffinityPods(): ReadonlySet<NodeInfo> { return this.withAffinity; }
  nodesWithRequiredAntiAffinityPods(): ReadonlySet<NodeInfo> { return this.withRequiredAntiAffinity; }

  get nodeCount(): number { return this.nodeInfos().length; }

  // ---- nodes ----

  addNode(node: Node): void {
    const name = node.metadata.name ?? '';
    let ni = this.nodes.get(name);
    if (!ni) { ni = new NodeInfo(name); this.nodes.set(name, ni); }
    const hadNode = ni.node !== undefined;
    const oldZone = hadNode ? zoneKeyOf(ni.labels) : undefined;
    ni.setNode(node);
    this.trackAffinity(ni);
    const zone = zoneKeyOf(ni.labels);
    if (oldZone !== zone) {
      if (oldZone !== undefined) this.removeFromZone(oldZone, name);
      let z = this.zones.get(zone);
      if (!z) { z = []; this.zones.set(zone, z); }
      z.push(name);
      this.listDirty = true;
    }
  }

  updateNode(node: Node): void { this.addNode(node); }

  /** Removes the node; its pods stay accounted under the name until their own deletion arrives. */
  removeNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const ni = this.nodes.get(name);
    if (!ni?.node) return;
    this.removeFromZone(zoneKeyOf(ni.labels), name);
    ni.node = undefined;
    if (ni.pods.length === 0) this.nodes.delete(name);
    this.withAffinity.delete(ni);
    this.withRequiredAntiAffinity.delete(ni);
    this.listDirty = true;
  }

  private removeFromZone(zone: string, name: string): void {
    const z = this.zones.get(zone);
    if (!z) return;
    const i = z.indexOf(name);
    if (i >= 0) z.splice(i, 1);
    if (z.length === 0) this.zones.delete(zone);
    this.listDirty = true;
  }

  /** nodeTree.list: the first node of each zone, then the second of each, and so on. */
  private rebuildList(): void {
    const zones = [...this.zones.values()];
    const out: NodeInfo[] = [];
    for (let i = 0, more = true; more; i++) {
      more = false;
      for (const z of zones) {
        if (i >= z.length) continue;
        more = true;
        const ni = this.nodes.get(z[i]);
        if (ni?.node) out.push(ni);
      }
    }
    this.list = out;
    this.listDirty = false;
  }

  // ---- pods ----

  private nodeFor(name: string): NodeInfo {
    let ni = this.nodes.get(name);
    if (!ni) { ni = new NodeInfo(name); this.nodes.set(name, ni); }
    return ni;
  }

  private place(p: PodInfo, nodeName: string): void {
    const ni = this.nodeFor(nodeName);
    ni.addPod(p);
    if (ni.node) this.trackAffinity(ni);
  }

  private unplace(p: PodInfo, nodeName: string): void {
    const ni = this.nodes.get(nodeName);
    if (!ni) return;
    ni.removePod(p);
    this.trackAffinity(ni);
    if (!ni.node && ni.pods.length === 0) this.nodes.delete(nodeName);
  }

  private trackAffinity(ni: NodeInfo): void {
    if (ni.podsWithAffinity.length > 0 && ni.node) this.withAffinity.add(ni); else this.withAffinity.delete(ni);
    if (ni.podsWithRequiredAntiAffinity.length > 0 && ni.node) this.withRequiredAntiAffinity.add(ni); else this.withRequiredAntiAffinity.delete(ni);
  }

  /** AssumePod: counts the pod on `nodeName` before it is bound. Throws if the cache has it already. */
  assumePod(p: PodInfo, nodeName: string): void {
    if (this.pods.has(p.uid)) throw new Error(`pod ${p.key} (${p.uid}) is in the cache, so can't be assumed`);
    this.place(p, nodeName);
    this.pods.set(p.uid, { podInfo: p, nodeName, assumed: true, bindingFinished: false });
  }

  /** FinishBinding: the binding call returned. Assumed pods do not expire (kube's default TTL of 0). */
  finishBinding(p: PodInfo): void {
    const s = this.pods.get(p.uid);
    if (s?.assumed) s.bindingFinished = true;
  }

  /** ForgetPod: the binding failed; the node gets the room back. */
  forgetPod(p: PodInfo): void {
    const s = this.pods.get(p.uid);
    if (!s || !s.assumed) return;
    this.unplace(s.podInfo, s.nodeName);
    this.pods.delete(p.uid);
  }

  isAssumedPod(uid: string): boolean { return this.pods.get(uid)?.assumed ?? false; }

  /** The node a pod is on (assumed or confirmed), if the cache has it. */
  nodeNameOf(uid: string): string | undefined { return this.pods.get(uid)?.nodeName; }

  /** AddPod from the informer: confirms an assumed pod (moving it if it landed elsewhere) or adds it. */
  addPod(p: PodInfo, nodeName: string): void {
    const s = this.pods.get(p.uid);
    if (s) {
      this.unplace(s.podInfo, s.nodeName);
    }
    this.place(p, nodeName);
    this.pods.set(p.uid, { podInfo: p, nodeName, assumed: false, bindingFinished: false });
  }

  updatePod(p: PodInfo, nodeName: string): void { this.addPod(p, nodeName); }

  removePod(uid: string): void {
    const s = this.pods.get(uid);
    if (!s) return;
    this.unplace(s.podInfo, s.nodeName);
    this.pods.delete(uid);
  }

  get podCount(): number { return this.pods.size; }
}
