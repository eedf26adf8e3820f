/**
 * Why a pod fits no node, and the FailedScheduling message built from it, exactly as
 * kube-scheduler v1.32 (framework/types.go Diagnosis, NodeToStatus, FitError.Error):
 *
 *   0/3 nodes are available: <PreFilterMsg>. <count reason, ...>. <PostFilterMsg>
 *
 * Per-node reasons are counted, formatted "<count> <reason>" and sorted as strings; when PreFilter
 * rejected the pod its message replaces the per-node counts. The PostFilter (preemption) message
 * is appended as is: it ends with its own period.
 */
import type { NodeInfo } from './node-info.ts';
import type { PodInfo } from './pod-info.ts';
import { type Code, Status } from './status.ts';

/** framework.NodeToStatus: statuses of rejected nodes, and one status for every node not listed. */
export class NodeToStatus {
  private readonly map = new Map<string, Status>();
  /** NewDefaultNodeToStatus: UnschedulableAndUnresolvable with no reasons. */
  absentNodesStatus: Status = new Status('UnschedulableAndUnresolvable');

  set(nodeName: string, status: Status): void { this.map.set(nodeName, status); }
  get(nodeName: string): Status { return this.map.get(nodeName) ?? this.absentNodesStatus; }
  get size(): number { return this.map.size; }
  entries(): IterableIterator<[string, Status]> { return this.map.entries(); }

  /** NodesForStatusCode: the nodes whose (explicit or absent) status has `code`. */
  nodesForStatusCode(nodes: readonly NodeInfo[], code: Code): NodeInfo[] {
    const out: NodeInfo[] = [];
    const absentMatches = this.absentNodesStatus.code === code;
    for (const n of nodes) {
      const s = this.map.get(n.name);
      if (s ? s.code === code : absentMatches) out.push(n);
    }
    return out;
  }
}

export interface Diagnosis {
  readonly nodeToStatus: NodeToStatus;
  /** Plugins that returned Unschedulable or UnschedulableAndUnresolvable. */
  readonly unschedulablePlugins: Set<string>;
  preFilterMsg: string;
  postFilterMsg: string;
}

export function newDiagnosis(): Diagnosis {
  return { nodeToStatus: new NodeToStatus(), unschedulablePlugins: new Set(), preFilterMsg: '', postFilterMsg: '' };
}

/** Records a rejecting status's plugin (Diagnosis.AddPluginStatus). */
export function addPluginStatus(d: Diagnosis, s: Status): void {
  if (s.plugin && s.isRejected()) d.unschedulablePlugins.add(s.plugin);
}

/** kube's FitError: the pod fits none of the cluster's nodes. */
export class FitError {
  constructor(readonly pod: PodInfo, readonly numAllNodes: number, readonly diagnosis: Diagnosis) {}

  /** Computed when read: the diagnosis may still gain the PostFilter message after construction. */
  get message(): string { return fitErrorMessage(this.numAllNodes, this.diagnosis); }
}

/** go's %v of an int and sort.Strings order (byte-wise). */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg !== '') {
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const counts = new Map<string, number>();
    for (const [, s] of d.nodeToStatus.entries()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    if (d.nodeToStatus.size < numAllNodes) {
      const absent = numAllNodes - d.nodeToStatus.size;
      for (const r of d.nodeToStatus.absentNodesStatus.reasons) counts.set(r, (counts.get(r) ?? 0) + absent);
    }
    const parts = [...counts].map(([r, n]) => `${n} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  if (d.postFilterMsg !== '') msg += ` ${d.postFilterMsg}`;
  return msg;
}
