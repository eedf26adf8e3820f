/**
 * RollingUpdate step by step on an in-process cluster: the test plays the kubelet, marking each
 * new pod Ready as it appears, and checks at every observation what kube guarantees — the sets'
 * sizes never exceed spec.replicas + maxSurge and ready pods never drop below
 * spec.replicas - maxUnavailable — and that sizes move through kube's sequence of steps.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isPodReady } from '../common/pod-availability.ts';
import type { Deployment, IntOrString, ReplicaSet } from '../common/workload-types.ts';
import { deploymentManifest, imageOf, startWorkloadHarness, type WorkloadHarness } from '../testing/workload-harness.ts';

describe('RollingUpdate', () => {
  let h: WorkloadHarness;
  before(async () => { h = await startWorkloadHarness(); });
  after(async () => { await h?.close(); });

  /** Creates the Deployment and brings its first rollout to completion. */
  async function deployed(name: string, replicas: number, rollingUpdate: { maxSurge: IntOrString; maxUnavailable: IntOrString }): Promise<Deployment> {
    await h.deployments.create(deploymentManifest(name, { replicas, strategy: { type: 'RollingUpdate', rollingUpdate } }));
    return h.waitFor(`${name} available`, async () => {
      const d = await h.getDeployment(name);
      const sets = await h.replicaSetsOf(d);
      if (sets.length === 1) await h.markReady((await h.podsOf(sets[0])).filter((p) => !isPodReady(p)));
      return d.status?.availableReplicas === replicas && d.status.conditions?.some((c) => c.reason === 'NewReplicaSetAvailable') && d;
    });
  }

  /**
   * Changes the image and follows the rollout to its end, marking new pods ready. Returns the
   * distinct (new, old) spec.replicas pairs seen, and the two sets.
   */
  async function rollOut(d: Deployment, o: { maxTotal: number; minReady: number }): Promise<{ steps: string[]; newRS: ReplicaSet; oldRS: ReplicaSet }> {
    const name = d.metadata.name!;
    const replicas = d.spec!.replicas!;
    await h.deployments.patch(name, { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } }, { type: 'strategic' });
    const steps: string[] = [];
    return h.waitFor(`${name} rolled out`, async () => {
      const sets = await h.replicaSetsOf(d);
      const newRS = sets.find((rs) => imageOf(rs) === 'nginx:1.28');
      const oldRS = sets.find((rs) => imageOf(rs) === 'nginx:1.27')!;
      if (!newRS) return false;
      const step = `${newRS.spec!.replicas}/${oldRS.spec!.replicas}`;
      if (steps.at(-1) !== step) steps.push(step);
      assert.ok(newRS.spec!.replicas! + oldRS.spec!.replicas! <= o.maxTotal, `sets sized ${step} exceed ${o.maxTotal}`);
      const newPods = await h.podsOf(newRS);
      const oldPods = await h.podsOf(oldRS);
      const ready = [...newPods, ...oldPods].filter(isPodReady).length;
      assert.ok(ready >= o.minReady, `only ${ready} ready pods at ${step}`);
      await h.markReady(newPods.filter((p) => !isPodReady(p)));
      const cur = await h.getDeployment(name);
      const done = cur.status?.conditions?.find((c) => c.type === 'Progressing')?.reason === 'NewReplicaSetAvailable'
        && cur.status?.updatedReplicas === replicas && cur.status?.replicas === replicas && oldPods.length === 0;
      return done && { steps, newRS, oldRS };
    });
  }

  function isSubsequence(seen: string[], expected: string[]): boolean {
    let i = 0;
    for (const s of seen) {
      while (i < expected.length && expected[i] !== s) i++;
      if (i === expected.length) return false;
    }
    return true;
  }

  test('maxSurge 1, maxUnavailable 0: one extra pod at a time, never fewer than 3 ready', async () => {
    const d = await deployed('surge', 3, { maxSurge: 1, maxUnavailable: 0 });
    const { steps, newRS, oldRS } = await rollOut(d, { maxTotal: 4, minReady: 3 });
    const expected = ['1/3', '1/2', '2/2', '2/1', '3/1', '3/0'];
    assert.ok(isSubsequence(steps, expected), `steps ${steps.join(' ')} are not kube's ${expected.join(' ')}`);
    assert.equal(steps.at(-1), '3/0');
    const events = await h.waitFor('six scaling events', async () => {
      const e = (await h.eventsFor(d)).filter((x) => x.startsWith('ScalingReplicaSet')).slice(1);
      return e.length === 6 && e;
    });
    const n = newRS.metadata.name;
    const o = oldRS.metadata.name;
    assert.deepEqual([...events].sort(), [
      `ScalingReplicaSet: Scaled down replica set ${o} from 1 to 0`,
      `ScalingReplicaSet: Scaled down replica set ${o} from 2 to 1`,
      `ScalingReplicaSet: Scaled down replica set ${o} from 3 to 2`,
      `ScalingReplicaSet: Scaled up replica set ${n} from 0 to 1`,
      `ScalingReplicaSet: Scaled up replica set ${n} from 1 to 2`,
      `ScalingReplicaSet: Scaled up replica set ${n} from 2 to 3`,
    ]);
    // the old set stays, scaled to zero, for rollbacks; revisions count up
    const sets = await h.replicaSetsOf(d);
    const old = sets.find((rs) => imageOf(rs) === 'nginx:1.27')!;
    const current = sets.find((rs) => imageOf(rs) === 'nginx:1.28')!;
    assert.equal(old.spec?.replicas, 0);
    assert.equal(old.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
    assert.equal(current.metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
    assert.equal((await h.getDeployment('surge')).metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
  });

  test('maxSurge 0, maxUnavailable 25% of 4: the old set shrinks first, never fewer than 3 ready', async () => {
    const d = await deployed('unavail', 4, { maxSurge: 0, maxUnavailable: '25%' });
    const { steps } = await rollOut(d, { maxTotal: 4, minReady: 3 });
    const expected = ['0/4', '0/3', '1/3', '1/2', '2/2', '2/1', '3/1', '3/0', '4/0'];
    assert.ok(isSubsequence(steps, expected), `steps ${steps.join(' ')} are not kube's ${expected.join(' ')}`);
    assert.equal(steps.at(-1), '4/0');
    // the new set was created empty: there was no room to surge
    const events = (await h.eventsFor(d)).filter((x) => x.startsWith('ScalingReplicaSet'));
    assert.ok(!events.some((e) => / from 0 to 0$/.test(e)));
    assert.ok(events.some((e) => e.endsWith(' from 4 to 3')));
  });

  test('25%/25% of 10 rounds to a surge of 3 and 2 unavailable', async () => {
    const d = await deployed('round', 10, { maxSurge: '25%', maxUnavailable: '25%' });
    const { steps } = await rollOut(d, { maxTotal: 13, minReady: 8 });
    // the first step creates the new set at the full surge of 3 and takes 2 from the old one
    assert.equal(steps[0] === '3/10' || steps[0] === '3/8' || steps[0] === '5/8', true, `first step ${steps[0]}`);
    assert.equal(steps.at(-1), '10/0');
  });
});
