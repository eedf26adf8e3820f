/**
 * The ReplicationController manager on an in-process cluster: the ReplicaSet logic for core/v1
 * ReplicationControllers, whose selector is a label map.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ReplicaSet } from '../common/workload-types.ts';
import { startWorkloadHarness, type WorkloadHarness } from '../testing/workload-harness.ts';

let h: WorkloadHarness;
before(async () => { h = await startWorkloadHarness(); });
after(async () => { await h?.close(); });

test('a ReplicationController keeps its pods, owned as a v1 ReplicationController', async () => {
  const rc = await h.replicationControllers.create({
    apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'legacy' },
    spec: { replicas: 2, selector: { app: 'legacy' }, template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
  }) as ReplicaSet;
  const pods = await h.waitFor('2 pods', async () => {
    const p = await h.podsOf(rc);
    return p.length === 2 && p;
  });
  for (const pod of pods) {
    assert.match(pod.metadata.name!, /^legacy-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(pod.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'legacy', uid: rc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  }
  await h.markReady(pods.slice(0, 1));
  const status = await h.waitFor('status', async () => {
    const cur = await h.replicationControllers.get('legacy') as ReplicaSet;
    return cur.status?.readyReplicas === 1 && cur.status;
  });
  assert.deepEqual(status, { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 });

  await h.pods.delete(pods[1].metadata.name!);
  await h.waitFor('a replacement', async () => {
    const p = await h.podsOf(rc);
    return p.length === 2 && !p.some((x) => x.metadata.name === pods[1].metadata.name);
  });
  const events = await h.waitFor('three SuccessfulCreate events', async () => {
    const e = (await h.eventsFor(rc)).filter((x) => x.startsWith('SuccessfulCreate: Created pod: legacy-'));
    return e.length === 3 && e;
  });
  assert.equal(events.length, 3);
  const raw = await h.client.resource({ group: '', version: 'v1', resource: 'events' }).namespace('default').list({ fieldSelector: `involvedObject.uid=${rc.metadata.uid}` });
  assert.deepEqual([...new Set(raw.items.map((e) => (e.source as { component?: string }).component))], ['replication-controller']);
});
