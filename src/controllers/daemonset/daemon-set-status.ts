/**
 * DaemonSet status, after kube-controller-manager's updateDaemonSetStatus and
 * storeDaemonSetStatus (pkg/controller/daemon/daemon_controller.go): per node that should run a
 * daemon, whether one is scheduled and whether the oldest is ready, available and up to date;
 * daemons on nodes that should not run one are misscheduled. observedGeneration is raised only
 * by a sync that acted on the generation. Written with one re-read-and-retry on failure.
 */
import type { Client } from '../../client/client.ts';
import { isPodAvailable, isPodReady } from '../common/pod-availability.ts';
import type { Pod } from '../common/workload-types.ts';
import { isPodUpdated } from './daemon-pod-template.ts';
import { DAEMON_SETS, type DaemonSet, type DaemonSetStatus, type Node } from './daemon-set-types.ts';
import type { ShouldRun } from './node-should-run.ts';
import { byCreationTimestampAndPhase } from './pods-on-node.ts';

export interface DaemonSetCounts {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  updatedNumberScheduled: number;
  numberAvailable: number;
  numberUnavailable: number;
}

export function countDaemonSetStatus(input: {
  ds: DaemonSet; nodes: readonly Node[]; nodeToDaemonPods: ReadonlyMap<string, readonly Pod[]>;
  shouldRun: (node: Node) => ShouldRun; hash: string; generation?: number; nowMs: number;
}): DaemonSetCounts {
  const c: DaemonSetCounts = { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0 };
  const minReadySeconds = input.ds.spec?.minReadySeconds ?? 0;
  for (const node of input.nodes) {
    const pods = input.nodeToDaemonPods.get(node.metadata.name!) ?? [];
    const scheduled = pods.length > 0;
    if (!input.shouldRun(node).shouldRun) {
      if (scheduled) c.numberMisscheduled++;
      continue;
    }
    c.desiredNumberScheduled++;
    if (!scheduled) continue;
    c.currentNumberScheduled++;
    const oldest = [...pods].sort(byCreationTimestampAndPhase)[0];
    if (isPodReady(oldest)) {
      c.numberReady++;
      if (isPodAvailable(oldest, { minReadySeconds, nowMs: input.nowMs })) c.numberAvailable++;
    }
    if (isPodUpdated(oldest, { hash: input.hash, generation: input.generation })) c.updatedNumberScheduled++;
  }
  c.numberUnavailable = c.desiredNumberScheduled - c.numberAvailable;
  return c;
}

/** The status as Go marshals it: the four scheduling counts always, the others only when set. */
function statusWire(s: DaemonSetStatus): DaemonSetStatus {
  const out: DaemonSetStatus = {
    currentNumberScheduled: s.currentNumberScheduled, numberMisscheduled: s.numberMisscheduled,
    desiredNumberScheduled: s.desiredNumberScheduled, numberReady: s.numberReady,
  };
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  if (s.updatedNumberScheduled) out.updatedNumberScheduled = s.updatedNumberScheduled;
  if (s.numberAvailable) out.numberAvailable = s.numberAvailable;
  if (s.numberUnavailable) out.numberUnavailable = s.numberUnavailable;
  if (s.collisionCount !== undefined && s.collisionCount !== null) out.collisionCount = s.collisionCount;
  if (s.conditions?.length) out.conditions = s.conditions;
  return out;
}

/** storeDaemonSetStatus: skipped when nothing changed and the generation was observed. */
export async function storeDaemonSetStatus(ds: DaemonSet, counts: DaemonSetCounts, options: { client: Client; updateObservedGeneration: boolean }): Promise<void> {
  const s = ds.status;
  const same = (Object.keys(counts) as (keyof DaemonSetCounts)[]).every((k) => (s?.[k] ?? 0) === counts[k]);
  if (same && (s?.observedGeneration ?? 0) >= (ds.metadata.generation ?? 0)) return;
  const api = options.client.resource(DAEMON_SETS).namespace(ds.metadata.namespace!);
  let current = ds;
  for (let attempt = 0; ; attempt++) {
    const status: DaemonSetStatus = { ...(current.status ?? {} as DaemonSetStatus), ...counts };
    if (options.updateObservedGeneration) status.observedGeneration = ds.metadata.generation;
    try {
      await api.update({ ...current, apiVersion: 'apps/v1', kind: 'DaemonSet', status: statusWire(status) }, { subresource: 'status' });
      return;
    } catch (e) {
      if (attempt >= 1) throw e;
      current = await api.get(ds.metadata.name!) as DaemonSet;
    }
  }
}
