/**
 * Recreate on an in-process cluster: every old pod is gone before the new ReplicaSet gets any.
 * One old pod carries a finalizer, standing in for a pod that takes time to stop.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isPodReady } from '../common/pod-availability.ts';
import type { Pod } from '../common/workload-types.ts';
import { deploymentManifest, imageOf, startWorkloadHarness, type WorkloadHarness } from '../testing/workload-harness.ts';

let h: WorkloadHarness;
before(async () => { h = await startWorkloadHarness(); });
after(async () => { await h?.close(); });

test('Recreate scales the old set to zero and waits for its last pod before creating the new one', async () => {
  await h.deployments.create(deploymentManifest('batch', { replicas: 2, strategy: { type: 'Recreate' } }));
  const d = await h.waitFor('batch available', async () => {
    const cur = await h.getDeployment('batch');
    const sets = await h.replicaSetsOf(cur);
    if (sets.length === 1) await h.markReady((await h.podsOf(sets[0])).filter((p) => !isPodReady(p)));
    return cur.status?.availableReplicas === 2 && cur;
  });
  const [oldRS] = await h.replicaSetsOf(d);
  const [slow] = await h.podsOf(oldRS);
  await h.pods.patch(slow.metadata.name!, { metadata: { finalizers: ['example.com/hold'] } }, { type: 'merge' });

  await h.deployments.patch('batch', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } }, { type: 'strategic' });
  // The sync that saw the old set at zero replicas also decided not to create the new set yet.
  await h.waitFor('old set scaled to zero and observed', async () => {
    const cur = await h.getDeployment('batch');
    const held = await h.pods.get(slow.metadata.name!) as Pod;
    return cur.status?.observedGeneration === cur.metadata.generation && (cur.status?.replicas ?? 0) === 0 && !!held.metadata.deletionTimestamp;
  });
  assert.deepEqual((await h.replicaSetsOf(d)).map(imageOf), ['nginx:1.27'], 'no new set while an old pod is still running');

  await h.pods.patch(slow.metadata.name!, { metadata: { finalizers: null } }, { type: 'merge' });
  const newRS = await h.waitFor('the new set at 2 pods', async () => {
    const rs = (await h.replicaSetsOf(d)).find((x) => imageOf(x) === 'nginx:1.28');
    return rs && (await h.podsOf(rs)).length === 2 && rs;
  });
  const events = (await h.eventsFor(d)).filter((e) => e.startsWith('ScalingReplicaSet'));
  assert.deepEqual(events.slice(1), [
    `ScalingReplicaSet: Scaled down replica set ${oldRS.metadata.name} from 2 to 0`,
    `ScalingReplicaSet: Scaled up replica set ${newRS.metadata.name} from 0 to 2`,
  ]);
});
