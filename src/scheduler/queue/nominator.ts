/**
 * Pods nominated to a node, after kube-scheduler's nominator (internal/queue/nominator.go):
 * preemption nominates the preemptor to the node whose victims it evicts, and until the pod is
 * bound, filters count it on that node for pods of equal or lower priority.
 */
import type { PodNominator } from '../framework/interface.ts';
import type { PodInfo } from '../framework/pod-info.ts';

const NONE: readonly PodInfo[] = [];

export class Nominator implements PodNominator {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  /** AddNominatedPod: records (or moves) the pod's nomination; "" removes it. */
  add(pod: PodInfo, nodeName: string): void {
    this.delete(pod.uid);
    if (!nodeName) return;
    let list = this.byNode.get(nodeName);
    if (!list) { list = []; this.byNode.set(nodeName, list); }
    list.push(pod);
    this.nodeOf.set(pod.uid, nodeName);
  }

  /** Refreshes the PodInfo of a nominated pod, keeping its node. */
  update(pod: PodInfo): void {
    const node = this.nodeOf.get(pod.uid);
    if (node !== undefined) this.add(pod, node);
  }

  delete(uid: string): void {
    const node = this.nodeOf.get(uid);
    if (node === undefined) return;
    this.nodeOf.delete(uid);
    const list = this.byNode.get(node);
    if (!list) return;
    const i = list.findIndex((p) => p.uid === uid);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byNode.delete(node);
  }

  nominatedNodeOf(uid: string): string | undefined { return this.nodeOf.get(uid); }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    return this.byNode.size === 0 ? NONE : this.byNode.get(nodeName) ?? NONE;
  }
}
