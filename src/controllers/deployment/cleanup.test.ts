/**
 * revisionHistoryLimit on an in-process cluster: after each completed rollout only that many
 * old ReplicaSets remain, the oldest revisions going first.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isPodReady } from '../common/pod-availability.ts';
import { deploymentManifest, imageOf, startWorkloadHarness, type WorkloadHarness } from '../testing/workload-harness.ts';

let h: WorkloadHarness;
before(async () => { h = await startWorkloadHarness(); });
after(async () => { await h?.close(); });

test('only revisionHistoryLimit old ReplicaSets are kept', async () => {
  await h.deployments.create(deploymentManifest('web', { replicas: 1, revisionHistoryLimit: 1 }));
  const rollOutTo = (image: string) => h.waitFor(`web on ${image}`, async () => {
    const d = await h.getDeployment('web');
    const sets = await h.replicaSetsOf(d);
    for (const rs of sets) await h.markReady((await h.podsOf(rs)).filter((p) => !isPodReady(p)));
    const current = sets.find((rs) => imageOf(rs) === image);
    const done = current?.status?.availableReplicas === 1 && sets.every((rs) => rs === current || (rs.spec?.replicas === 0 && (rs.status?.replicas ?? 0) === 0));
    return done && sets.length <= 2 && sets;
  });
  await rollOutTo('nginx:1.27');
  for (const image of ['nginx:1.28', 'nginx:1.29', 'nginx:1.30']) {
    await h.deployments.patch('web', { spec: { template: { spec: { containers: [{ name: 'nginx', image }] } } } }, { type: 'strategic' });
    await rollOutTo(image);
  }
  const sets = await h.waitFor('two sets left', async () => {
    const s = await h.replicaSetsOf(await h.getDeployment('web'));
    return s.length === 2 && s;
  });
  assert.deepEqual(sets.map((rs) => `${imageOf(rs)}@${rs.metadata.annotations?.['deployment.kubernetes.io/revision']}`).sort(), ['nginx:1.29@3', 'nginx:1.30@4']);
});
