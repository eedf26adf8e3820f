/**
 * Node health bookkeeping, after kube's nodelifecycle Controller.tryUpdateNodeHealth. The
 * controller remembers, per node, when it last saw a sign of life: a new Ready heartbeat
 * (status.conditions[Ready].lastHeartbeatTime) or a renewed Lease (kube-node-lease/<node>,
 * spec.renewTime). Times are those of observation on the controller's clock, never the
 * kubelet's, so clock skew does not matter. A node silent for longer than its grace period gets
 * Ready, MemoryPressure, DiskPressure and PIDPressure set to Unknown.
 */
import type { KubeObject } from '../../api/object.ts';
import { rfc3339 } from '../../util/clock.ts';
import { type NodeCondition, nodeCondition, nodeConditions } from './node-conditions.ts';

/** as --node-monitor-grace-period: 50 s since Kubernetes 1.32 (40 s before; kubernetes#126287). */
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
/** as --node-startup-grace-period: how long a node that never reported Ready may stay silent. */
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;

/** What the controller remembers of a node between looks (kube's nodeHealthData). */
export interface NodeHealth {
  /** When a sign of life was last observed. */
  readonly probeTimestamp: number;
  /** When the Ready condition was last observed to change. */
  readonly readyTransitionTimestamp: number;
  /** The Ready condition as last observed (undefined: the node had none). */
  readonly ready?: NodeCondition;
  /** The lease renewTime last observed, in ms. */
  readonly leaseRenewTime?: number;
}

export interface HealthGracePeriods {
  readonly monitorMs: number;
  readonly startupMs: number;
}

export interface HealthObservation {
  readonly health: NodeHealth;
  readonly gracePeriodMs: number;
  /** The Ready condition as the node reported it (a synthetic Unknown when it has none). */
  readonly observedReady: NodeCondition;
  /** The node status to write, when the node is overdue and its conditions must turn Unknown. */
  readonly statusUpdate?: { conditions: NodeCondition[] };
}

/** Conditions turned Unknown for an overdue node; NetworkUnavailable is the control plane's and stays. */
const OVERDUE_CONDITION_TYPES = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export function observeNodeHealth(
  saved: NodeHealth | undefined,
  node: KubeObject,
  lease: KubeObject | undefined,
  now: number,
  grace: HealthGracePeriods,
): HealthObservation {
  const created = Date.parse(node.metadata.creationTimestamp ?? '') || now;
  const current = nodeCondition(node, 'Ready');
  let health: NodeHealth | undefined = saved;
  let gracePeriodMs = grace.monitorMs;
  let observedReady: NodeCondition;
  if (!current) {
    // Never reported: a synthetic Unknown dated at creation, and the startup grace period.
    observedReady = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: node.metadata.creationTimestamp };
    gracePeriodMs = grace.startupMs;
    health = health ? { ...health, ready: undefined } : { probeTimestamp: created, readyTransitionTimestamp: created };
  } else {
    observedReady = { ...current };
  }
  // as kube, the saved status is replaced first for a node without Ready, so "saved" has none either.
  const savedReady = current ? saved?.ready : undefined;
  if (!health) {
    health = { probeTimestamp: now, readyTransitionTimestamp: now, ready: current };
  } else if (!savedReady && current) {
    health = { probeTimestamp: now, readyTransitionTimestamp: now, ready: current, leaseRenewTime: health.leaseRenewTime };
  } else if (savedReady && current && savedReady.lastHeartbeatTime !== current.lastHeartbeatTime) {
    const transitioned = savedReady.lastTransitionTime !== current.lastTransitionTime;
    health = { probeTimestamp: now, readyTransitionTimestamp: transitioned ? now : health.readyTransitionTimestamp, ready: current, leaseRenewTime: health.leaseRenewTime };
  }
  // A renewed lease is always a sign of life, even from a kubelet that never posts status.
  const renew = leaseRenewTime(lease);
  if (renew !== undefined && (health.leaseRenewTime === undefined || health.leaseRenewTime < renew)) {
    health = { ...health, probeTimestamp: now, leaseRenewTime: renew };
  }

  if (now <= health.probeTimestamp + gracePeriodMs) return { health, gracePeriodMs, observedReady };

  const conditions = nodeConditions(node).map((c) => ({ ...c }));
  const stamp = rfc3339(now);
  for (const type of OVERDUE_CONDITION_TYPES) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({
        type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.',
        lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: stamp,
      });
    } else if (c.status !== 'Unknown') {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      c.lastTransitionTime = stamp;
    }
  }
  const newReady = conditions.find((c) => c.type === 'Ready')!;
  if (JSON.stringify(newReady) === JSON.stringify(current ?? observedReady)) return { health, gracePeriodMs, observedReady };
  return { health, gracePeriodMs, observedReady, statusUpdate: { conditions } };
}

function leaseRenewTime(lease: KubeObject | undefined): number | undefined {
  const t = (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}
