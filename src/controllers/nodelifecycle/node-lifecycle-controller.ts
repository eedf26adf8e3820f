/**
 * The node lifecycle controller, after kube-controller-manager's nodelifecycle Controller, one
 * node per reconcile instead of a 5-second sweep: each node is looked at when it or its Lease
 * changes, and again when its grace period would run out.
 *  - Health (node-health.ts): a node silent for longer than its grace period gets Ready and the
 *    pressure conditions set to Unknown ("Kubelet stopped posting node status."); its pods get
 *    Ready=False and a NodeNotReady event, as MarkPodsNotReady.
 *  - Taints (node-taints.ts): NoSchedule taints follow the conditions at once; NoExecute
 *    not-ready/unreachable taints follow Ready, rate-limited per zone (zone-states.ts).
 * Pods on NoExecute-tainted nodes are evicted by the taint eviction controller.
 */
import type { KubeObject } from '../../api/object.ts';
import { Controller } from '../../controller/controller.ts';
import type { ReconcileResult } from '../../controller/reconciler.ts';
import { rfc3339 } from '../../util/clock.ts';
import { type ControllerDeps, recorderFor } from '../common/controller-deps.ts';
import { LABEL_EXCLUDE_DISRUPTION, nodeCondition, readyStatus } from './node-conditions.ts';
import {
  type HealthGracePeriods, type NodeHealth, NODE_MONITOR_GRACE_PERIOD_MS, NODE_STARTUP_GRACE_PERIOD_MS, observeNodeHealth,
} from './node-health.ts';
import { applyTaints, desiredNoScheduleKeys, noExecuteDecision } from './node-taints.ts';
import { DEFAULT_ZONE_POLICY, type DisruptionTransition, type ZonePolicy, ZoneTracker, zoneKey } from './zone-states.ts';

const NODES = { group: '', version: 'v1', resource: 'nodes' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** Index of pods by spec.nodeName (shared with the taint eviction controller). */
export const PODS_BY_NODE = 'spec.nodeName';
/** as --node-monitor-period: how soon a rate-limited taint is tried again. */
const NODE_MONITOR_PERIOD_MS = 5_000;

export interface NodeLifecycleControllerOptions extends ControllerDeps {
  /** @default NODE_MONITOR_GRACE_PERIOD_MS (50 s) */
  readonly nodeMonitorGracePeriodMs?: number;
  /** @default NODE_STARTUP_GRACE_PERIOD_MS (60 s) */
  readonly nodeStartupGracePeriodMs?: number;
  /** @default DEFAULT_ZONE_POLICY */
  readonly zonePolicy?: Partial<ZonePolicy>;
}

export function podsByNode(pod: KubeObject): string[] {
  const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  return node ? [node] : [];
}

export function newNodeLifecycleController(options: NodeLifecycleControllerOptions): Controller {
  const { client, clock } = options;
  const recorder = recorderFor(options, 'node-controller');
  const grace: HealthGracePeriods = {
    monitorMs: options.nodeMonitorGracePeriodMs ?? NODE_MONITOR_GRACE_PERIOD_MS,
    startupMs: options.nodeStartupGracePeriodMs ?? NODE_STARTUP_GRACE_PERIOD_MS,
  };
  const zones = new ZoneTracker({ ...DEFAULT_ZONE_POLICY, ...options.zonePolicy });
  const health = new Map<string, NodeHealth>();
  const podsToMarkNotReady = new Set<string>();
  const nodes = options.informers.informerFor(NODES);
  const leases = options.informers.informerFor(LEASES, { namespace: NODE_LEASE_NAMESPACE });
  const pods = options.informers.informerFor(PODS);
  pods.addIndex(PODS_BY_NODE, podsByNode);

  async function markPodsNotReady(nodeName: string): Promise<void> {
    for (const pod of pods.byIndex(PODS_BY_NODE, nodeName)) {
      const status = (pod.status ?? {}) as { conditions?: { type: string; status: string; lastTransitionTime?: string }[] };
      const ready = status.conditions?.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      const conditions = status.conditions!.map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: rfc3339(clock.now()) } : c));
      try {
        await client.resource(PODS).namespace(pod.metadata.namespace!).update({ ...pod, status: { ...status, conditions } }, { subresource: 'status' });
      } catch (e) {
        if ((e as { code?: number }).code === 404) continue;
        throw e;
      }
      recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
    }
  }

  const reconciler = {
    async reconcile(name: string): Promise<ReconcileResult | void> {
      let node = nodes.get(name);
      if (!node) { health.delete(name); podsToMarkNotReady.delete(name); return; }
      const now = clock.now();
      if (!health.has(name)) recorder.event(node, 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`);
      const seen = observeNodeHealth(health.get(name), node, leases.get(`${NODE_LEASE_NAMESPACE}/${name}`), now, grace);
      health.set(name, seen.health);
      if (seen.statusUpdate) {
        node = await client.resource(NODES).update({ ...node, status: { ...(node.status as object), conditions: seen.statusUpdate.conditions } }, { subresource: 'status' });
        health.set(name, { ...seen.health, readyTransitionTimestamp: now, ready: nodeCondition(node, 'Ready') });
        if (seen.observedReady.status === 'True') {
          recorder.event(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
          podsToMarkNotReady.add(name);
        }
      }
      const ready = readyStatus(node);
      if (podsToMarkNotReady.has(name)) {
        if (ready !== 'True') await markPodsNotReady(name);
        podsToMarkNotReady.delete(name);
      }

      const zone = zoneKey(node);
      const decision = noExecuteDecision(node, ready, zones.allFullyDisrupted);
      const waitMs = decision.action === 'add' ? zones.take(zone, now) : 0;
      const taints = applyTaints(node, desiredNoScheduleKeys(node), decision, waitMs === 0, now);
      if (taints) await client.resource(NODES).update({ ...node, spec: { ...(node.spec as object), taints } });

      // Look again just after the grace period would run out (kube sweeps every 5 s instead).
      let next = Infinity;
      const deadline = (health.get(name)?.probeTimestamp ?? now) + seen.gracePeriodMs;
      if (deadline >= now) next = deadline - now + 1;
      if (waitMs > 0) next = Math.min(next, Number.isFinite(waitMs) ? waitMs : NODE_MONITOR_PERIOD_MS);
      return Number.isFinite(next) ? { requeueAfterMs: next } : undefined;
    },
  };

  const controller = new Controller({ name: 'node-lifecycle-controller', reconciler, clock });
  const onTransition = (t: DisruptionTransition) => {
    if (!t) return;
    if (t === 'exited') {
      // as handleDisruption leaving master disruption mode: every node gets a fresh grace period.
      const now = clock.now();
      for (const [n, h] of health) health.set(n, { ...h, probeTimestamp: now, readyTransitionTimestamp: now });
    }
    for (const n of nodes.list()) controller.enqueue(n.metadata.name!);
  };
  const track = (node: KubeObject) => {
    const excluded = node.metadata.labels?.[LABEL_EXCLUDE_DISRUPTION] !== undefined;
    onTransition(zones.set(node.metadata.name!, zoneKey(node), readyStatus(node) === 'True', excluded));
    controller.enqueue(node.metadata.name!);
  };
  nodes.addEventHandler({
    onAdd: track,
    onUpdate: (_old, node) => track(node),
    onDelete: (node) => {
      recorder.event(node, 'Normal', 'RemovingNode', `Node ${node.metadata.name} event: Removing Node ${node.metadata.name} from Controller`);
      onTransition(zones.remove(node.metadata.name!));
      controller.enqueue(node.metadata.name!);
    },
  });
  leases.addEventHandler({
    onAdd: (l) => controller.enqueue(l.metadata.name!),
    onUpdate: (_old, l) => controller.enqueue(l.metadata.name!),
  });
  return controller;
}
