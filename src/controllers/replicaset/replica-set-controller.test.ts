/**
 * The ReplicaSet controller on an in-process cluster, started through a Manager as the cluster
 * runs it. No kubelet runs: tests mark pods Ready through pods/status, as a kubelet would.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReplicaSet, Pod } from '../common/workload-types.ts';
import { startWorkloadHarness, type WorkloadHarness } from '../testing/workload-harness.ts';

function replicaSet(name: string, replicas: number, extra: { minReadySeconds?: number } = {}): ReplicaSet {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name },
    spec: {
      replicas, ...extra,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, tier: 'web' }, annotations: { note: 'from-template' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
    },
  };
}

describe('ReplicaSet controller', () => {
  let h: WorkloadHarness;
  before(async () => { h = await startWorkloadHarness(); });
  after(async () => { await h?.close(); });

  const podsOf = (rs: ReplicaSet, count: number) => h.waitFor(`${count} pods of ${rs.metadata.name}`, async () => {
    const pods = await h.podsOf(rs);
    return pods.length === count && pods;
  });

  test('creates spec.replicas pods owned by the set, from its template', async () => {
    const rs = await h.replicaSets.create(replicaSet('web', 3)) as ReplicaSet;
    const pods = await podsOf(rs, 3);
    for (const pod of pods) {
      assert.match(pod.metadata.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      assert.equal(pod.metadata.generateName, 'web-');
      assert.deepEqual(pod.metadata.labels, { app: 'web', tier: 'web' });
      assert.deepEqual(pod.metadata.annotations, { note: 'from-template' });
      assert.deepEqual(pod.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    const events = await h.waitFor('three SuccessfulCreate events', async () => {
      const e = await h.eventsFor(rs);
      return e.length === 3 && e;
    });
    assert.deepEqual([...events].sort(), pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort());
    // no more than asked for, even after the caches catch up
    const status = await h.waitFor('status of web', async () => {
      const cur = await h.replicaSets.get('web') as ReplicaSet;
      return cur.status?.observedGeneration === cur.metadata.generation && cur.status?.replicas === 3 && cur.status;
    });
    assert.deepEqual(status, { replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    assert.equal((await h.podsOf(rs)).length, 3);
  });

  test('reports ready and available replicas as pods become ready', async () => {
    const rs = await h.replicaSets.get('web') as ReplicaSet;
    const pods = await h.podsOf(rs);
    await h.markReady(pods.slice(0, 2));
    const status = await h.waitFor('2 ready replicas', async () => {
      const cur = await h.replicaSets.get('web') as ReplicaSet;
      return cur.status?.readyReplicas === 2 && cur.status;
    });
    assert.deepEqual(status, { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 });
  });

  test('a deleted pod is replaced', async () => {
    const rs = await h.replicaSets.get('web') as ReplicaSet;
    const before = await h.podsOf(rs);
    const victim = before.find((p) => p.status?.phase !== 'Running')!;
    await h.pods.delete(victim.metadata.name!);
    const after = await h.waitFor('a replacement pod', async () => {
      const pods = await h.podsOf(rs);
      return pods.length === 3 && !pods.some((p) => p.metadata.name === victim.metadata.name) && pods;
    });
    assert.equal(after.filter((p) => !before.some((b) => b.metadata.name === p.metadata.name)).length, 1);
  });

  test('scaling down deletes the pods that are not ready first, and records SuccessfulDelete', async () => {
    const rs = await h.replicaSets.get('web') as ReplicaSet;
    const pods = await h.podsOf(rs);
    const notReady = pods.filter((p) => p.status?.phase !== 'Running');
    assert.equal(notReady.length, 1);
    await h.replicaSets.patch('web', { spec: { replicas: 2 } }, { type: 'merge' });
    const left = await podsOf(rs, 2);
    assert.ok(!left.some((p) => p.metadata.name === notReady[0].metadata.name), 'the not-ready pod went first');
    const events = await h.waitFor('a SuccessfulDelete event', async () => (await h.eventsFor(rs)).find((e) => e.startsWith('SuccessfulDelete')));
    assert.equal(events, `SuccessfulDelete: Deleted pod: ${notReady[0].metadata.name}`);
  });

  test('an orphan pod matching the selector is adopted instead of creating another', async () => {
    await h.pods.create({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', labels: { app: 'api' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
    });
    const rs = await h.replicaSets.create(replicaSet('api', 2)) as ReplicaSet;
    const pods = await podsOf(rs, 2);
    const stray = pods.find((p) => p.metadata.name === 'stray');
    assert.ok(stray, 'the orphan was adopted');
    assert.deepEqual(stray.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    const created = await h.waitFor('one SuccessfulCreate', async () => {
      const e = await h.eventsFor(rs);
      return e.length >= 1 && e;
    });
    assert.equal(created.length, 1);
  });

  test('a pod relabelled out of the selector is released and replaced', async () => {
    const rs = await h.replicaSets.get('api') as ReplicaSet;
    await h.pods.patch('stray', { metadata: { labels: { app: 'elsewhere' } } }, { type: 'merge' });
    const released = await h.waitFor('stray released', async () => {
      const p = await h.pods.get('stray') as Pod;
      return !p.metadata.ownerReferences?.length && p;
    });
    assert.equal(released.metadata.labels?.app, 'elsewhere');
    const pods = await podsOf(rs, 2);
    assert.ok(!pods.some((p) => p.metadata.name === 'stray'));
  });

  test('minReadySeconds: a ready pod counts as available only after it', async () => {
    const rs = await h.replicaSets.create(replicaSet('slow', 1, { minReadySeconds: 3600 })) as ReplicaSet;
    const [pod] = await podsOf(rs, 1);
    await h.markReady([pod]);
    const status = await h.waitFor('1 ready replica', async () => {
      const cur = await h.replicaSets.get('slow') as ReplicaSet;
      return cur.status?.readyReplicas === 1 && cur.status;
    });
    assert.equal(status.availableReplicas, undefined);
  });
});
