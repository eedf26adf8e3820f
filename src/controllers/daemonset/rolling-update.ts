/**
 * A DaemonSet RollingUpdate step, after kube-controller-manager's rollingUpdate,
 * findUpdatedPodsOnNode and updatedDesiredNodeCounts (pkg/controller/daemon/update.go).
 *
 * Without surge: delete old pods — unavailable ones always, available ones while fewer than
 * maxUnavailable nodes lack an available daemon — and let the manage loop create their
 * replacements. With maxSurge: create a new pod beside an old one (at once if the old one is
 * unavailable, else up to maxSurge at a time), and delete the old pod once the new one is
 * available. Deleted pods do not count as unavailable, so an update progresses past dead nodes.
 *
 * Difference from kube: kube walks the nodes in Go map order (random); this walks them by name,
 * so which nodes go first is deterministic.
 */
import { scaledValueFromIntOrPercent } from '../common/int-or-percent.ts';
import { isPodAvailable } from '../common/pod-availability.ts';
import type { Pod } from '../common/workload-types.ts';
import { isPodUpdated } from './daemon-pod-template.ts';
import type { DaemonSet } from './daemon-set-types.ts';

/** SurgeCount: maxSurge scaled to the desired nodes (rounded up); 0 unless RollingUpdate. */
export function surgeCount(ds: DaemonSet, desired: number): number {
  const s = ds.spec?.updateStrategy;
  if (s?.type !== 'RollingUpdate' || !s.rollingUpdate || s.rollingUpdate.maxSurge === undefined || s.rollingUpdate.maxSurge === null) return 0;
  return scaledValueFromIntOrPercent(s.rollingUpdate.maxSurge, desired, { roundUp: true });
}

/** UnavailableCount: maxUnavailable scaled to the desired nodes (rounded up); 0 unless RollingUpdate. */
export function unavailableCount(ds: DaemonSet, desired: number): number {
  const s = ds.spec?.updateStrategy;
  if (s?.type !== 'RollingUpdate' || !s.rollingUpdate) return 0;
  return scaledValueFromIntOrPercent(s.rollingUpdate.maxUnavailable, desired, { roundUp: true });
}

/** AllowsSurge: more than one pod per node may exist during an update. */
export function allowsSurge(ds: DaemonSet): boolean {
  try {
    return surgeCount(ds, 1) > 0;
  } catch {
    return false;
  }
}

/** findUpdatedPodsOnNode: at most one new and one old non-deleted pod, else undefined (let manage prune first). */
function findUpdatedPodsOnNode(pods: readonly Pod[], o: { hash: string; generation?: number }): { newPod?: Pod; oldPod?: Pod } | undefined {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (isPodUpdated(pod, o)) {
      if (newPod) return undefined;
      newPod = pod;
    } else {
      if (oldPod) return undefined;
      oldPod = pod;
    }
  }
  return { newPod, oldPod };
}

export interface RollingUpdateInput {
  readonly ds: DaemonSet;
  /** Daemon pods by target node; every node that should run one is present (maybe empty). */
  readonly nodeToDaemonPods: ReadonlyMap<string, readonly Pod[]>;
  /** Whether a daemon should run on the node (a missing node should not). */
  readonly shouldRun: (nodeName: string) => boolean;
  readonly desiredNumberScheduled: number;
  readonly hash: string;
  readonly generation?: number;
  readonly nowMs: number;
}

export interface RollingUpdateStep {
  readonly podsToDelete: string[];
  readonly nodesToCreate: string[];
}

/** updatedDesiredNodeCounts' limits: an impossible 0/0 configuration accepts one unavailable node. */
export function rollingUpdateLimits(ds: DaemonSet, desired: number): { maxSurge: number; maxUnavailable: number } {
  let maxUnavailable = unavailableCount(ds, desired);
  const maxSurge = surgeCount(ds, desired);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

export function rollingUpdateStep(input: RollingUpdateInput): RollingUpdateStep {
  const { ds, nowMs } = input;
  const { maxSurge, maxUnavailable } = rollingUpdateLimits(ds, input.desiredNumberScheduled);
  const minReadySeconds = ds.spec?.minReadySeconds ?? 0;
  const available = (p: Pod) => isPodAvailable(p, { minReadySeconds, nowMs });
  const nodes = [...input.nodeToDaemonPods.keys()].sort();
  const find = (name: string) => findUpdatedPodsOnNode(input.nodeToDaemonPods.get(name) ?? [], input);

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const replacements: string[] = [];
    const candidates: string[] = [];
    for (const name of nodes) {
      const found = find(name);
      if (!found) { numUnavailable++; continue; } // excess pods: manage prunes them; count as unavailable
      const { newPod, oldPod } = found;
      if ((!oldPod && !newPod) || (oldPod && newPod)) { numUnavailable++; continue; }
      if (newPod) {
        if (!available(newPod)) numUnavailable++;
        continue;
      }
      if (!available(oldPod!)) {
        replacements.push(oldPod!.metadata.name!);
        numUnavailable++;
      } else if (numUnavailable < maxUnavailable) {
        candidates.push(oldPod!.metadata.name!);
      }
    }
    const room = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return { podsToDelete: [...replacements, ...candidates.slice(0, room)], nodesToCreate: [] };
  }

  const podsToDelete: string[] = [];
  const shouldNotRun: string[] = [];
  const candidateNodes: string[] = [];
  const allowedNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const name of nodes) {
    const found = find(name);
    if (!found) { numSurge++; continue; }
    const { newPod, oldPod } = found;
    // Availability counts every node, including those being left because of scheduling constraints.
    if (oldPod ? available(oldPod) : newPod ? available(newPod) : false) numAvailable++;
    if (!oldPod) continue; // manage handles it
    if (!newPod) {
      if (!available(oldPod)) {
        if (!input.shouldRun(name)) { podsToDelete.push(oldPod.metadata.name!); continue; }
        allowedNodes.push(name);
      } else {
        if (!input.shouldRun(name)) { shouldNotRun.push(oldPod.metadata.name!); continue; }
        if (numSurge < maxSurge) candidateNodes.push(name);
      }
      continue;
    }
    if (!available(newPod)) { numSurge++; continue; } // waiting for the surge pod
    podsToDelete.push(oldPod.metadata.name!);
  }
  // With surge users expect full availability: leave a node only when another has become available.
  const deletable = Math.min(Math.max(0, numAvailable - input.desiredNumberScheduled), shouldNotRun.length);
  podsToDelete.push(...shouldNotRun.slice(0, deletable));
  const room = Math.min(Math.max(0, maxSurge - numSurge), candidateNodes.length);
  return { podsToDelete, nodesToCreate: [...allowedNodes, ...candidateNodes.slice(0, room)] };
}
