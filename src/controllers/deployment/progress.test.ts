/**
 * progressDeadlineSeconds on an in-process cluster driven by a FakeClock (API server and
 * controllers share it): a rollout whose pods never become ready times out, and recovers when
 * they do.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FakeClock } from '../../util/clock.ts';
import type { Deployment } from '../common/workload-types.ts';
import { deploymentManifest, startWorkloadHarness, type WorkloadHarness } from '../testing/workload-harness.ts';

let h: WorkloadHarness;
let clock: FakeClock;
before(async () => {
  clock = new FakeClock(Date.UTC(2026, 0, 1));
  h = await startWorkloadHarness({ clock });
});
after(async () => { await h?.close(); });

const progressing = (d: Deployment) => d.status?.conditions?.find((c) => c.type === 'Progressing');

test('no progress for progressDeadlineSeconds is ProgressDeadlineExceeded; ready pods then complete the rollout', async () => {
  const start = clock.now();
  await h.deployments.create(deploymentManifest('stuck', { replicas: 2, progressDeadlineSeconds: 30 }));
  const created = await h.waitFor('the new set reported', async () => {
    const d = await h.getDeployment('stuck');
    return d.status?.replicas === 2 && d;
  });
  assert.ok(['NewReplicaSetCreated', 'ReplicaSetUpdated'].includes(progressing(created)?.reason ?? ''), progressing(created)?.reason);
  assert.equal(progressing(created)?.status, 'True');

  // Time passes with the pods never ready; the controller's own timer (lastUpdateTime + 30 s + 1 s) fires.
  const timedOut = await h.waitFor('the deadline', async () => {
    const d = await h.getDeployment('stuck');
    return progressing(d)?.reason === 'ProgressDeadlineExceeded' && d;
  }, { tickMs: 1000 });
  const rs = (await h.replicaSetsOf(timedOut))[0];
  const c = progressing(timedOut)!;
  assert.equal(c.status, 'False');
  assert.equal(c.message, `ReplicaSet "${rs.metadata.name}" has timed out progressing.`);
  assert.ok(Date.parse(c.lastUpdateTime!) > start + 30_000, 'not before the deadline');
  assert.equal(timedOut.status?.conditions?.find((x) => x.type === 'Available')?.reason, 'MinimumReplicasUnavailable');

  await h.markReady(await h.podsOf(rs));
  const done = await h.waitFor('the rollout completed', async () => {
    const d = await h.getDeployment('stuck');
    return progressing(d)?.reason === 'NewReplicaSetAvailable' && d;
  });
  assert.equal(progressing(done)?.status, 'True');
});
