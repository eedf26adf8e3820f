import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { rfc3339, rfc3339Micro } from '../../util/clock.ts';
import { observeNodeHealth } from './node-health.ts';

const T0 = Date.UTC(2026, 0, 1);
const grace = { monitorMs: 50_000, startupMs: 60_000 };

function node(ready?: { status: string; heartbeat: number; transition?: number }, extra: { type: string; status: string }[] = []): KubeObject {
  const conditions = ready ? [{ type: 'Ready', status: ready.status, lastHeartbeatTime: rfc3339(ready.heartbeat), lastTransitionTime: rfc3339(ready.transition ?? T0), reason: 'KubeletReady', message: 'kubelet is posting ready status' }] : [];
  for (const c of extra) conditions.push({ ...c, lastHeartbeatTime: rfc3339(T0), lastTransitionTime: rfc3339(T0), reason: 'KubeletHasSufficientMemory', message: 'ok' });
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', creationTimestamp: rfc3339(T0) }, status: { conditions } };
}
const lease = (renew: number): KubeObject => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'n1' }, spec: { renewTime: rfc3339Micro(renew) } });

test('a node first seen is healthy for one grace period from the observation', () => {
  const first = observeNodeHealth(undefined, node({ status: 'True', heartbeat: T0 }), undefined, T0 + 5_000, grace);
  assert.equal(first.health.probeTimestamp, T0 + 5_000);
  assert.equal(first.statusUpdate, undefined);
  const later = observeNodeHealth(first.health, node({ status: 'True', heartbeat: T0 }), undefined, T0 + 55_000, grace);
  assert.equal(later.statusUpdate, undefined, 'exactly at the deadline is not overdue');
  const overdue = observeNodeHealth(first.health, node({ status: 'True', heartbeat: T0 }), undefined, T0 + 55_001, grace);
  assert.ok(overdue.statusUpdate);
});

test('an overdue node gets Ready and pressure conditions Unknown, keeping heartbeats', () => {
  const seen = observeNodeHealth(undefined, node({ status: 'True', heartbeat: T0 }, [{ type: 'MemoryPressure', status: 'False' }, { type: 'NetworkUnavailable', status: 'False' }]), undefined, T0, grace);
  const now = T0 + 51_000;
  const r = observeNodeHealth(seen.health, node({ status: 'True', heartbeat: T0 }, [{ type: 'MemoryPressure', status: 'False' }, { type: 'NetworkUnavailable', status: 'False' }]), undefined, now, grace);
  const byType = Object.fromEntries(r.statusUpdate!.conditions.map((c) => [c.type, c]));
  assert.deepEqual(byType.Ready, {
    type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.',
    lastHeartbeatTime: rfc3339(T0), lastTransitionTime: rfc3339(now),
  });
  assert.equal(byType.MemoryPressure.status, 'Unknown');
  assert.equal(byType.NetworkUnavailable.status, 'False', 'NetworkUnavailable is left alone');
  assert.equal(byType.DiskPressure.reason, 'NodeStatusNeverUpdated');
  assert.equal(byType.DiskPressure.message, 'Kubelet never posted node status.');
  assert.equal(r.observedReady.status, 'True');
});

test('a renewed lease or a new heartbeat postpones the deadline', () => {
  const seen = observeNodeHealth(undefined, node({ status: 'True', heartbeat: T0 }), lease(T0), T0, grace);
  const renewed = observeNodeHealth(seen.health, node({ status: 'True', heartbeat: T0 }), lease(T0 + 40_000), T0 + 40_000, grace);
  assert.equal(renewed.health.probeTimestamp, T0 + 40_000);
  assert.equal(observeNodeHealth(renewed.health, node({ status: 'True', heartbeat: T0 }), lease(T0 + 40_000), T0 + 80_000, grace).statusUpdate, undefined);
  const beat = observeNodeHealth(seen.health, node({ status: 'True', heartbeat: T0 + 30_000 }), lease(T0), T0 + 30_000, grace);
  assert.equal(beat.health.probeTimestamp, T0 + 30_000);
  assert.equal(beat.health.readyTransitionTimestamp, seen.health.readyTransitionTimestamp, 'same lastTransitionTime: no transition');
});

test('a node that never posted status gets the startup grace period from its creation', () => {
  const early = observeNodeHealth(undefined, node(), undefined, T0 + 59_000, grace);
  assert.equal(early.statusUpdate, undefined);
  assert.equal(early.gracePeriodMs, 60_000);
  const late = observeNodeHealth(early.health, node(), undefined, T0 + 61_000, grace);
  const ready = late.statusUpdate!.conditions.find((c) => c.type === 'Ready')!;
  assert.equal(ready.reason, 'NodeStatusNeverUpdated');
  assert.equal(ready.status, 'Unknown');
});

test('an already Unknown node is not written again', () => {
  const unknown = node({ status: 'Unknown', heartbeat: T0 });
  const seen = observeNodeHealth(undefined, unknown, undefined, T0, grace);
  assert.equal(observeNodeHealth(seen.health, unknown, undefined, T0 + 100_000, grace).statusUpdate, undefined);
});
