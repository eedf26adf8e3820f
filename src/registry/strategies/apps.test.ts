import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/object.ts';
import { daemonSetStrategy, deploymentStrategy, replicaSetStrategy, statefulSetStrategy } from './apps.ts';
import { replicationControllerStrategy } from './replication-controller.ts';

const template = { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.7.9' }] } };

test('workloads start with the status Go serialises when empty', () => {
  const status = (s: typeof deploymentStrategy, spec: Record<string, unknown>) => {
    const o: KubeObject = { metadata: { name: 'w', namespace: 'd' }, spec, status: { replicas: 9 } };
    s.applyDefaults?.(o);
    s.prepareForCreate?.(o);
    return o.status;
  };
  const spec = { selector: { matchLabels: { app: 'nginx' } }, template };
  assert.deepEqual(status(deploymentStrategy, spec), {});
  assert.deepEqual(status(replicaSetStrategy, spec), { replicas: 0 });
  assert.deepEqual(status(daemonSetStrategy, spec), { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });
  assert.deepEqual(status(statefulSetStrategy, spec), { replicas: 0, availableReplicas: 0 });
  assert.deepEqual(status(replicationControllerStrategy, { template }), { replicas: 0 });
  for (const s of [deploymentStrategy, replicaSetStrategy, daemonSetStrategy, statefulSetStrategy, replicationControllerStrategy]) assert.equal(s.tracksGeneration, true);
});

test('scale: replicas, status replicas and the selector string', () => {
  const d: KubeObject = { metadata: { name: 'w' }, spec: { replicas: 2, selector: { matchLabels: { app: 'nginx', tier: 'web' } } }, status: { replicas: 1 } };
  const scale = deploymentStrategy.scale!;
  assert.deepEqual([scale.replicas(d), scale.statusReplicas(d), scale.selector(d)], [2, 1, 'app=nginx,tier=web']);
  scale.setReplicas(d, 5);
  assert.equal((d.spec as Record<string, unknown>).replicas, 5);
  assert.equal(replicationControllerStrategy.scale!.selector({ metadata: {}, spec: { selector: { b: '2', a: '1' } } }), 'a=1,b=2');
  assert.equal(daemonSetStrategy.scale, undefined);
});

test('main update keeps status; /status keeps the spec', () => {
  const old: KubeObject = { metadata: { name: 'w', namespace: 'd', labels: { a: 'b' } }, spec: { replicas: 1, selector: { matchLabels: { app: 'nginx' } }, template }, status: { replicas: 1 } };
  const next = structuredClone(old);
  next.status = { replicas: 3 };
  (next.spec as Record<string, unknown>).replicas = 3;
  replicaSetStrategy.prepareForUpdate?.(next, old);
  assert.deepEqual([next.status, (next.spec as Record<string, unknown>).replicas], [{ replicas: 1 }, 3]);
  const statusUpdate = structuredClone(old);
  statusUpdate.status = { replicas: 1, readyReplicas: 1, availableReplicas: 1, fullyLabeledReplicas: 1 };
  (statusUpdate.spec as Record<string, unknown>).replicas = 7;
  replicaSetStrategy.status?.prepareForUpdate?.(statusUpdate, old);
  assert.equal((statusUpdate.spec as Record<string, unknown>).replicas, 1);
  assert.deepEqual(replicaSetStrategy.status?.validateUpdate?.(statusUpdate, old), []);
  assert.deepEqual(replicaSetStrategy.fieldSet?.(statusUpdate), { 'status.replicas': '1' });
});
