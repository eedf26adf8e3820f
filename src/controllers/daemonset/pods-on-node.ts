/**
 * What one node needs of a DaemonSet, after kube-controller-manager's podsShouldBeOnNode
 * (pkg/controller/daemon/daemon_controller.go): a pod where there should be one and is none;
 * failed pods deleted (rate-limited per node by an exponential back-off, because a kubelet that
 * rejects pods would otherwise make the controller loop), succeeded pods deleted; surplus pods
 * deleted — all but the oldest, or with maxSurge at most one old and one new pod; every pod
 * deleted where none should run.
 */
import { isPodAvailable, isPodReady } from '../common/pod-availability.ts';
import type { Pod } from '../common/workload-types.ts';
import { CONTROLLER_REVISION_HASH_LABEL, type DaemonSet, type Node } from './daemon-set-types.ts';
import type { ShouldRun } from './node-should-run.ts';

/** podByCreationTimestampAndPhase: scheduled pods first, then oldest first, then by name. */
export function byCreationTimestampAndPhase(a: Pod, b: Pod): number {
  const sa = !!a.spec?.nodeName;
  const sb = !!b.spec?.nodeName;
  if (sa !== sb) return sa ? -1 : 1;
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  if (ta !== tb) return ta - tb;
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** flowcontrol.Backoff as the daemon controller builds it: 1s doubling to 15 minutes per key. */
export class FailedPodsBackoff {
  private readonly entries = new Map<string, { delayMs: number; lastUpdateMs: number }>();
  constructor(private readonly initialMs = 1000, private readonly maxMs = 15 * 60_000) {}

  private expired(e: { lastUpdateMs: number }, nowMs: number): boolean {
    return nowMs - e.lastUpdateMs > 2 * this.maxMs;
  }

  /** IsInBackOffSinceUpdate */
  inBackoff(key: string, nowMs: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.expired(e, nowMs)) return false;
    return nowMs - e.lastUpdateMs < e.delayMs;
  }

  /** The current delay of the key (Get). */
  delay(key: string): number {
    return this.entries.get(key)?.delayMs ?? 0;
  }

  /** Next: start or double the delay, from now. */
  next(key: string, nowMs: number): void {
    const e = this.entries.get(key);
    const delayMs = !e || this.expired(e, nowMs) ? this.initialMs : Math.min(e.delayMs * 2, this.maxMs);
    this.entries.set(key, { delayMs, lastUpdateMs: nowMs });
  }
}

export interface NodeWork {
  readonly nodesNeedingDaemonPods: string[];
  readonly podsToDelete: string[];
  readonly events: { type: 'Normal' | 'Warning'; reason: string; message: string }[];
  /** Look again after this long (a failed pod waits out its back-off). */
  readonly requeueAfterMs?: number;
}

export interface PodsOnNodeInput {
  readonly node: Node;
  readonly ds: DaemonSet;
  readonly daemonPods: readonly Pod[] | undefined;
  readonly should: ShouldRun;
  readonly hash: string;
  readonly allowsSurge: boolean;
  readonly backoff: FailedPodsBackoff;
  readonly nowMs: number;
}

export function podsShouldBeOnNode(input: PodsOnNodeInput): NodeWork {
  const { node, ds, daemonPods, should, hash, nowMs } = input;
  const work: { nodesNeedingDaemonPods: string[]; podsToDelete: string[]; events: NodeWork['events']; requeueAfterMs?: number } = {
    nodesNeedingDaemonPods: [], podsToDelete: [], events: [],
  };
  const nodeName = node.metadata.name!;
  const exists = daemonPods !== undefined;
  if (should.shouldRun && !exists) {
    work.nodesNeedingDaemonPods.push(nodeName);
    return work;
  }
  if (should.shouldContinueRunning) {
    const running: Pod[] = [];
    for (const pod of daemonPods ?? []) {
      if (pod.metadata.deletionTimestamp) continue;
      const phase = pod.status?.phase;
      if (phase === 'Failed') {
        const key = `${ds.metadata.uid}/${ds.status?.observedGeneration ?? 0}/${nodeName}`;
        if (input.backoff.inBackoff(key, nowMs)) {
          work.requeueAfterMs = Math.min(work.requeueAfterMs ?? Infinity, input.backoff.delay(key));
          continue;
        }
        input.backoff.next(key, nowMs);
        work.events.push({ type: 'Warning', reason: 'FailedDaemonPod', message: `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${nodeName}, will try to kill it` });
        work.podsToDelete.push(pod.metadata.name!);
      } else if (phase === 'Succeeded') {
        work.events.push({ type: 'Normal', reason: 'SucceededDaemonPod', message: `Found succeeded daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${nodeName}, will try to delete it` });
        work.podsToDelete.push(pod.metadata.name!);
      } else {
        running.push(pod);
      }
    }
    running.sort(byCreationTimestampAndPhase);
    if (!input.allowsSurge) {
      // One daemon per node: keep the oldest.
      for (const extra of running.slice(1)) work.podsToDelete.push(extra.metadata.name!);
      return work;
    }
    if (running.length <= 1) {
      if (running.length === 0 && should.shouldRun) work.nodesNeedingDaemonPods.push(nodeName);
      return work;
    }
    // Surging: keep the oldest new pod and, while it is not yet available, the oldest old pod.
    let oldestNew: Pod | undefined;
    let oldestOld: Pod | undefined;
    for (const pod of running) {
      if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) {
        if (!oldestNew) { oldestNew = pod; continue; }
      } else if (!oldestOld) {
        oldestOld = pod;
        continue;
      }
      work.podsToDelete.push(pod.metadata.name!);
    }
    if (oldestNew && oldestOld) {
      const minReadySeconds = ds.spec?.minReadySeconds ?? 0;
      if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, { minReadySeconds, nowMs })) work.podsToDelete.push(oldestOld.metadata.name!);
    }
    return work;
  }
  if (exists) {
    // None should run here: every daemon pod on the node goes.
    for (const pod of daemonPods ?? []) if (!pod.metadata.deletionTimestamp) work.podsToDelete.push(pod.metadata.name!);
  }
  return work;
}
