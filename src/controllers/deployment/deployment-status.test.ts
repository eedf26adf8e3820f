/**
 * Pause and resume on an in-process cluster: a paused Deployment makes no rollout progress (but
 * still scales), and says so in its Progressing condition.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isPodReady } from '../common/pod-availability.ts';
import type { Deployment } from '../common/workload-types.ts';
import { deploymentManifest, imageOf, startWorkloadHarness, type WorkloadHarness } from '../testing/workload-harness.ts';

let h: WorkloadHarness;
before(async () => { h = await startWorkloadHarness(); });
after(async () => { await h?.close(); });

const progressing = (d: Deployment) => {
  const c = d.status?.conditions?.find((x) => x.type === 'Progressing');
  return c && `${c.status}/${c.reason}/${c.message}`;
};

test('a paused Deployment does not roll out, still scales, and rolls out when resumed', async () => {
  await h.deployments.create(deploymentManifest('web', { replicas: 2 }));
  const d = await h.waitFor('web available', async () => {
    const cur = await h.getDeployment('web');
    const sets = await h.replicaSetsOf(cur);
    if (sets.length === 1) await h.markReady((await h.podsOf(sets[0])).filter((p) => !isPodReady(p)));
    return cur.status?.conditions?.some((c) => c.reason === 'NewReplicaSetAvailable') && cur;
  });

  await h.deployments.patch('web', { spec: { paused: true } }, { type: 'merge' });
  const paused = await h.waitFor('the paused condition', async () => {
    const cur = await h.getDeployment('web');
    return cur.status?.conditions?.some((c) => c.reason === 'DeploymentPaused') && cur;
  });
  assert.equal(progressing(paused), 'Unknown/DeploymentPaused/Deployment is paused');

  await h.deployments.patch('web', { spec: { replicas: 3, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } }, { type: 'strategic' });
  // The sync that observed the new generation scaled, and did not roll out.
  const observed = await h.waitFor('the change observed', async () => {
    const cur = await h.getDeployment('web');
    return cur.status?.observedGeneration === cur.metadata.generation && cur.status?.replicas === 3 && cur;
  });
  const sets = await h.replicaSetsOf(d);
  assert.deepEqual(sets.map(imageOf), ['nginx:1.27'], 'no new ReplicaSet while paused');
  assert.equal(sets[0].spec?.replicas, 3);
  assert.equal(progressing(observed), 'Unknown/DeploymentPaused/Deployment is paused');
  assert.equal(observed.status?.updatedReplicas, undefined, 'no pod runs the paused template');

  await h.deployments.patch('web', { spec: { paused: false } }, { type: 'merge' });
  const resumed = await h.waitFor('the rollout after resume', async () => {
    const cur = await h.getDeployment('web');
    for (const rs of await h.replicaSetsOf(cur)) await h.markReady((await h.podsOf(rs)).filter((p) => !isPodReady(p)));
    return cur.status?.updatedReplicas === 3 && cur.status.replicas === 3 && cur.status.conditions?.some((c) => c.reason === 'NewReplicaSetAvailable') && cur;
  });
  const after = await h.replicaSetsOf(resumed);
  assert.deepEqual(after.map((rs) => `${imageOf(rs)}=${rs.spec?.replicas}`).sort(), ['nginx:1.27=0', 'nginx:1.28=3']);
  const resumedEvent = await h.eventsFor(resumed);
  assert.ok(resumedEvent.some((e) => / from 0 to \d$/.test(e)));
});
