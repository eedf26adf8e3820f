/**
 * DefaultPreemption (plugins/defaultpreemption, framework/preemption/preemption.go): when no node
 * fits, find nodes where evicting lower-priority pods makes room, pick the best, evict its victims
 * gracefully and nominate the pod to it (status.nominatedNodeName); the pod is retried when the
 * victims are gone. Only nodes rejected as Unschedulable are tried (UnschedulableAndUnresolvable
 * ones are "not helpful"); a dry run visits them from a random offset and stops once it has
 * max(10% of them, 100) candidates including one that violates no PodDisruptionBudget.
 *
 * Messages are kube's: "preemption: 0/3 nodes are available: 3 No preemption victims found for
 * incoming pod." Evictions run in the background (like kube's async preemption) so the
 * scheduling loop does not wait on the API.
 */
import type { CycleState } from '../framework/cycle-state.ts';
import { NodeToStatus, fitErrorMessage } from '../framework/fit-error.ts';
import type { Handle, PostFilterPlugin, PostFilterResult } from '../framework/interface.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { SUCCESS, Status, unresolvable, unschedulable } from '../framework/status.ts';
import { rfc3339 } from '../../util/clock.ts';
import { type Victims, pickOneNodeForPreemption, selectVictimsOnNode } from './select-victims.ts';

export const DEFAULT_PREEMPTION = 'DefaultPreemption';
/** DefaultPreemptionArgs defaults. */
export const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

/** podTerminatingByPreemption: being deleted with DisruptionTarget=True by PreemptionByScheduler. */
function terminatingByPreemption(p: PodInfo): boolean {
  if (!p.terminating) return false;
  const c = p.pod.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
  return c?.status === 'True' && c.reason === 'PreemptionByScheduler';
}

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = DEFAULT_PREEMPTION;
  constructor(private readonly handle: Handle) {}

  postFilter(state: CycleState, pod: PodInfo, statuses: NodeToStatus): PostFilterResult {
    const r = this.preempt(state, pod, statuses);
    const msg = r.status.message();
    return msg ? { ...r, status: new Status(r.status.code, [`preemption: ${msg}`], this.name) } : r;
  }

  private preempt(state: CycleState, podInfo: PodInfo, statuses: NodeToStatus): PostFilterResult {
    const latest = this.handle.listers.pod(podInfo.namespace, podInfo.name) ?? podInfo.pod;
    const ineligible = this.ineligibility(podInfo, latest.status?.nominatedNodeName ?? '', statuses);
    if (ineligible) return { status: unschedulable(ineligible) };

    const allNodes = this.handle.snapshot.nodeInfos();
    if (allNodes.length === 0) return { status: new Status('Error', ['no nodes available']) };
    const potential = statuses.nodesForStatusCode(allNodes, 'Unschedulable');
    const dryRunStatuses = new NodeToStatus();
    dryRunStatuses.absentNodesStatus = unresolvable('Preemption is not helpful for scheduling');
    const candidates = new Map<string, Victims>();
    if (potential.length > 0) {
      const pdbs = this.handle.listers.pdbs();
      const n = potential.length;
      const offset = Math.floor(this.handle.random() * n);
      const wanted = Math.min(n, Math.max(Math.floor((n * MIN_CANDIDATE_NODES_PERCENTAGE) / 100), MIN_CANDIDATE_NODES_ABSOLUTE));
      let nonViolating = 0;
      for (let i = 0; i < n; i++) {
        const node = potential[(offset + i) % n];
        const { victims, status } = selectVictimsOnNode(this.handle, state.clone(), podInfo, node.clone(), pdbs);
        if (status.isSuccess() && victims && victims.pods.length > 0) {
          candidates.set(node.name, victims);
          if (victims.numPDBViolations === 0) nonViolating++;
          if (nonViolating > 0 && candidates.size >= wanted) break;
          continue;
        }
        dryRunStatuses.set(node.name, status.isSuccess() ? new Status('Error', [`expected at least one victim pod on node "${node.name}"`]) : status);
      }
    }
    if (candidates.size === 0) {
      const message = fitErrorMessage(allNodes.length, { nodeToStatus: dryRunStatuses, unschedulablePlugins: new Set(), preFilterMsg: '', postFilterMsg: '' });
      return { status: unschedulable(message), nominatedNodeName: null };
    }
    const best = pickOneNodeForPreemption(candidates, this.handle.clock.now());
    if (!best) return { status: unschedulable('no candidate node for preemption') };
    this.prepareCandidate(podInfo, best, candidates.get(best)!);
    return { status: SUCCESS, nominatedNodeName: best };
  }

  /** PodEligibleToPreemptOthers: why the pod may not preempt, or undefined. */
  private ineligibility(pod: PodInfo, nominatedNodeName: string, statuses: NodeToStatus): string | undefined {
    if (pod.pod.spec.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
    if (!nominatedNodeName) return undefined;
    // a nominated node that has become unresolvable may be given up for another
    if (statuses.get(nominatedNodeName).code === 'UnschedulableAndUnresolvable') return undefined;
    const node = this.handle.snapshot.get(nominatedNodeName);
    if (node?.pods.some((p) => p.priority < pod.priority && terminatingByPreemption(p))) {
      return 'not eligible due to a terminating pod on the nominated node.';
    }
    return undefined;
  }

  /**
   * prepareCandidate: mark each victim DisruptionTarget=True, delete it gracefully, record a
   * Preempted event; clear the nominations of lower-priority pods nominated to the same node.
   * Failures are logged: the preemptor is retried on the next cluster event or flush anyway.
   */
  private prepareCandidate(preemptor: PodInfo, nodeName: string, victims: Victims): void {
    const { writer, schedulerName } = this.handle;
    const now = rfc3339(this.handle.clock.now());
    const lowerNominated = this.handle.nominator.nominatedPodsForNode(nodeName).filter((p) => p.priority < preemptor.priority);
    void (async () => {
      for (const v of victims.pods) {
        if (v.terminating) continue;
        try {
          await writer.patchPodStatus(v.pod, {
            condition: { type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: `${schedulerName}: preempting to accommodate a higher priority pod`, lastTransitionTime: now },
          });
          await writer.deletePod(v.pod);
          writer.event(v.pod, 'Normal', 'Preempted', `Preempted by pod ${preemptor.uid} on node ${nodeName}`);
        } catch (e) {
          if ((e as { code?: number }).code !== 404) console.error(`preemption of ${v.key} for ${preemptor.key}: ${(e as Error).message}`);
        }
      }
      for (const p of lowerNominated) {
        try { await writer.patchPodStatus(p.pod, { nominatedNodeName: '' }); } catch (e) { console.error(`clearing nomination of ${p.key}: ${(e as Error).message}`); }
      }
    })();
  }
}
