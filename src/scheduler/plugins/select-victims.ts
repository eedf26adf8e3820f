/**
 * Victim selection for DefaultPreemption (defaultpreemption/default_preemption.go
 * SelectVictimsOnNode, preemption.go pickOneNodeForPreemption): on a copy of the node, remove
 * every lower-priority pod; if the preemptor then fits, add them back from the most important
 * down — PodDisruptionBudget-protected ones first — keeping as victims only those that do not fit
 * back. All work is on copies of the node and cycle state.
 */
import type { PodDisruptionBudget } from '../api-types.ts';
import type { CycleState } from '../framework/cycle-state.ts';
import type { Handle } from '../framework/interface.ts';
import { compileLabelSelector } from '../framework/label-matcher.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { SUCCESS, type Status, unresolvable } from '../framework/status.ts';

export const ERR_NO_VICTIMS = 'No preemption victims found for incoming pod';

export interface Victims {
  readonly pods: readonly PodInfo[];
  readonly numPDBViolations: number;
}

/** GetPodStartTime: status.startTime, or now for pods that have not started. */
function startTime(p: PodInfo, now: number): number {
  const t = p.pod.status?.startTime;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? now : ms;
}

/** util.MoreImportantPod: higher priority, then the one that started earlier. */
export function moreImportantPod(a: PodInfo, b: PodInfo, now: number): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return startTime(a, now) < startTime(b, now);
}

/** filterPodsWithPDBViolation: stable split by whether evicting each (in order) breaks a budget. */
export function filterPodsWithPDBViolation(pods: readonly PodInfo[], pdbs: readonly PodDisruptionBudget[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map((p) => compileLabelSelector(p.spec?.selector));
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const p of pods) {
    let violated = false;
    if (p.labels && Object.keys(p.labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if ((pdb.metadata.namespace ?? '') !== p.namespace) return;
        // a PDB with a nil or empty selector matches nothing
        if (selectors[i].empty || selectors[i].nothing || !selectors[i].matches(p.labels)) return;
        if (pdb.status?.disruptedPods && Object.hasOwn(pdb.status.disruptedPods, p.name)) return;
        allowed[i]--;
        if (allowed[i] < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(p);
  }
  return { violating, nonViolating };
}

export function selectVictimsOnNode(handle: Handle, state: CycleState, pod: PodInfo, nodeInfo: NodeInfo, pdbs: readonly PodDisruptionBudget[]): { victims?: Victims; status: Status } {
  const now = handle.clock.now();
  const potential = nodeInfo.pods.filter((p) => p.priority < pod.priority);
  for (const p of potential) {
    nodeInfo.removePod(p);
    const s = handle.runPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
    if (!s.isSuccess()) return { status: s };
  }
  if (potential.length === 0) return { status: unresolvable(ERR_NO_VICTIMS) };
  const fits = handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
  if (!fits.isSuccess()) return { status: fits };

  potential.sort((a, b) => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0));
  const { violating, nonViolating } = filterPodsWithPDBViolation(potential, pdbs);
  const victims: PodInfo[] = [];
  let error: Status | undefined;
  const reprieve = (p: PodInfo): boolean => {
    nodeInfo.addPod(p);
    const added = handle.runPreFilterExtensionAddPod(state, pod, p, nodeInfo);
    if (!added.isSuccess()) { error = added; return false; }
    if (handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo).isSuccess()) return true;
    nodeInfo.removePod(p);
    const removed = handle.runPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
    if (!removed.isSuccess()) error = removed;
    victims.push(p);
    return false;
  };
  let numPDBViolations = 0;
  for (const p of violating) if (!reprieve(p)) numPDBViolations++;
  for (const p of nonViolating) reprieve(p);
  if (error) return { status: error };
  if (violating.length > 0 && nonViolating.length > 0) victims.sort((a, b) => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0));
  return { victims: { pods: victims, numPDBViolations }, status: SUCCESS };
}

/**
 * pickOneNodeForPreemption: fewest PDB violations, then the lowest highest-priority victim, the
 * smallest sum of priorities, the fewest victims, the latest start among the top-priority
 * victims; then the first candidate.
 */
export function pickOneNodeForPreemption(candidates: ReadonlyMap<string, Victims>, now: number): string | undefined {
  let nodes = [...candidates.keys()];
  if (nodes.length === 0) return undefined;
  const v = (n: string) => candidates.get(n)!;
  const earliestTopStart = (n: string) => {
    const pods = v(n).pods;
    if (pods.length === 0) return -Infinity;
    const top = Math.max(...pods.map((p) => p.priority));
    return Math.min(...pods.filter((p) => p.priority === top).map((p) => startTime(p, now)));
  };
  const scoreFuncs: ((n: string) => number)[] = [
    (n) => -v(n).numPDBViolations,
    (n) => (v(n).pods.length ? -v(n).pods[0].priority : 0),
    (n) => -v(n).pods.reduce((s, p) => s + p.priority + 2 ** 31, 0),
    (n) => -v(n).pods.length,
    earliestTopStart,
  ];
  for (const f of scoreFuncs) {
    let max = -Infinity;
    let selected: string[] = [];
    for (const n of nodes) {
      const s = f(n);
      if (s > max) { max = s; selected = [n]; } else if (s === max) selected.push(n);
    }
    if (selected.length === 1) return selected[0];
    nodes = selected;
  }
  return nodes[0];
}
