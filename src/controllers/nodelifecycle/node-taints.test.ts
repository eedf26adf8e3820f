import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { rfc3339 } from '../../util/clock.ts';
import type { Taint } from './node-conditions.ts';
import { applyTaints, desiredNoScheduleKeys, noExecuteDecision } from './node-taints.ts';

const NOW = Date.UTC(2026, 0, 1);

function node(conditions: Record<string, string>, taints: Taint[] = [], unschedulable = false): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' },
    spec: { taints, ...(unschedulable ? { unschedulable } : {}) },
    status: { conditions: Object.entries(conditions).map(([type, status]) => ({ type, status })) },
  };
}

test('NoSchedule taints mirror the conditions and spec.unschedulable', () => {
  assert.deepEqual([...desiredNoScheduleKeys(node({ Ready: 'False', MemoryPressure: 'True', DiskPressure: 'False' }, [], true))].sort(), [
    'node.kubernetes.io/memory-pressure', 'node.kubernetes.io/not-ready', 'node.kubernetes.io/unschedulable',
  ]);
  assert.deepEqual([...desiredNoScheduleKeys(node({ Ready: 'Unknown', PIDPressure: 'True', NetworkUnavailable: 'True' }))].sort(), [
    'node.kubernetes.io/network-unavailable', 'node.kubernetes.io/pid-pressure', 'node.kubernetes.io/unreachable',
  ]);
  assert.equal(desiredNoScheduleKeys(node({ Ready: 'True' })).size, 0);
});

test('NoExecute: added for Unknown and False, swapped between them, removed when Ready', () => {
  assert.deepEqual(noExecuteDecision(node({ Ready: 'Unknown' }), 'Unknown', false), { action: 'add', key: 'node.kubernetes.io/unreachable' });
  assert.deepEqual(noExecuteDecision(node({ Ready: 'False' }), 'False', false), { action: 'add', key: 'node.kubernetes.io/not-ready' });
  const unreachable = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' as const }];
  assert.deepEqual(noExecuteDecision(node({ Ready: 'False' }, unreachable), 'False', false), { action: 'swap', key: 'node.kubernetes.io/not-ready' });
  assert.deepEqual(noExecuteDecision(node({ Ready: 'Unknown' }, unreachable), 'Unknown', false), { action: 'none' });
  assert.deepEqual(noExecuteDecision(node({ Ready: 'True' }, unreachable), 'True', false), { action: 'remove' });
  assert.deepEqual(noExecuteDecision(node({ Ready: 'Unknown' }, unreachable), 'Unknown', true), { action: 'remove' }, 'evictions stopped');
  assert.deepEqual(noExecuteDecision(node({ Ready: 'True' }), 'True', false), { action: 'none' });
});

test('applyTaints stamps added taints, keeps foreign ones and reports no change as undefined', () => {
  const foreign: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  const n = node({ Ready: 'Unknown' }, [foreign, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
  const taints = applyTaints(n, desiredNoScheduleKeys(n), noExecuteDecision(n, 'Unknown', false), true, NOW)!;
  assert.deepEqual(taints, [
    foreign,
    { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: rfc3339(NOW) },
    { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: rfc3339(NOW) },
  ]);
  const settled = node({ Ready: 'Unknown' }, taints);
  assert.equal(applyTaints(settled, desiredNoScheduleKeys(settled), noExecuteDecision(settled, 'Unknown', false), true, NOW), undefined);
  const limited = applyTaints(n, desiredNoScheduleKeys(n), noExecuteDecision(n, 'Unknown', false), false, NOW)!;
  assert.equal(limited.some((t) => t.effect === 'NoExecute'), false, 'a rate-limited add waits');
});
