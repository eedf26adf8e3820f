/**
 * The Deployment controller with the ReplicaSet controller on an in-process cluster: the new
 * ReplicaSet and its pods, status and conditions, scaling, replacement and adoption. Pods are made
 * Ready through pods/status, standing in for a kubelet.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Deployment, DeploymentCondition, ReplicaSet } from '../common/workload-types.ts';
import { deploymentManifest, startWorkloadHarness, type WorkloadHarness } from '../testing/workload-harness.ts';

const condition = (d: Deployment, type: string) => {
  const c = d.status?.conditions?.find((x) => x.type === type);
  return c && { status: c.status, reason: c.reason, message: c.message };
};

describe('Deployment controller', () => {
  let h: WorkloadHarness;
  before(async () => { h = await startWorkloadHarness(); });
  after(async () => { await h?.close(); });

  const onlySet = (d: Deployment) => h.waitFor(`the ReplicaSet of ${d.metadata.name}`, async () => {
    const sets = await h.replicaSetsOf(d);
    return sets.length === 1 && sets[0];
  });
  const podCount = (owner: ReplicaSet, n: number) => h.waitFor(`${n} pods of ${owner.metadata.name}`, async () => {
    const pods = await h.podsOf(owner);
    return pods.length === n && pods;
  });

  test('a Deployment of 2 makes a ReplicaSet <name>-<hash> and 2 pods carrying the hash', async () => {
    const d = await h.deployments.create(deploymentManifest('web')) as Deployment;
    const rs = await onlySet(d);
    const hash = rs.metadata.labels?.['pod-template-hash'];
    assert.match(hash ?? '', /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    assert.equal(rs.metadata.name, `web-${hash}`);
    assert.deepEqual(rs.metadata.labels, { app: 'web', 'pod-template-hash': hash });
    assert.deepEqual(rs.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    assert.deepEqual(rs.spec?.selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });
    assert.deepEqual(rs.spec?.template?.metadata?.labels, { app: 'web', 'pod-template-hash': hash });
    assert.equal(rs.spec?.replicas, 2);
    assert.deepEqual(rs.metadata.annotations, {
      'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '2', 'deployment.kubernetes.io/max-replicas': '3',
    });
    const pods = await podCount(rs, 2);
    for (const pod of pods) {
      assert.ok(pod.metadata.name!.startsWith(`web-${hash}-`));
      assert.equal(pod.metadata.labels?.['pod-template-hash'], hash);
      assert.equal(pod.metadata.ownerReferences?.[0]?.uid, rs.metadata.uid);
    }
    const scaling = await h.waitFor('the ScalingReplicaSet event', async () => (await h.eventsFor(d)).find((e) => e.startsWith('ScalingReplicaSet')));
    assert.equal(scaling, `ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 2`);
    const events = h.client.resource({ group: '', version: 'v1', resource: 'events' }).namespace('default');
    const sources = async (uid: string | undefined) => [...new Set((await events.list({ fieldSelector: `involvedObject.uid=${uid}` })).items.map((e) => (e.source as { component?: string }).component))];
    assert.deepEqual(await sources(d.metadata.uid), ['deployment-controller']);
    assert.deepEqual(await h.waitFor('ReplicaSet events', async () => { const s = await sources(rs.metadata.uid); return s.length > 0 && s; }), ['replicaset-controller']);
    const revision = await h.waitFor('the Deployment revision', async () => (await h.getDeployment('web')).metadata.annotations?.['deployment.kubernetes.io/revision']);
    assert.equal(revision, '1');
  });

  test('status and conditions follow the pods: unavailable, then complete', async () => {
    const waiting = await h.waitFor('status with 2 replicas', async () => {
      const d = await h.getDeployment('web');
      return d.status?.replicas === 2 && d.status?.observedGeneration === d.metadata.generation && d;
    });
    const rs = (await h.replicaSetsOf(waiting))[0];
    assert.deepEqual({ ...waiting.status, conditions: undefined }, { observedGeneration: 1, replicas: 2, updatedReplicas: 2, unavailableReplicas: 2, conditions: undefined });
    // 25% of 2 rounds down to 0 unavailable: both pods are needed
    assert.deepEqual(condition(waiting, 'Available'), { status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
    const progressing = condition(waiting, 'Progressing');
    assert.equal(progressing?.status, 'True');
    assert.ok(progressing?.reason === 'NewReplicaSetCreated' || progressing?.reason === 'ReplicaSetUpdated', progressing?.reason);

    await h.markReady(await h.podsOf(rs));
    const done = await h.waitFor('a complete rollout', async () => {
      const d = await h.getDeployment('web');
      return condition(d, 'Progressing')?.reason === 'NewReplicaSetAvailable' && d;
    });
    assert.deepEqual({ ...done.status, conditions: undefined }, { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, conditions: undefined });
    assert.deepEqual(condition(done, 'Available'), { status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
    assert.deepEqual(condition(done, 'Progressing'), { status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.` });
    const c = done.status!.conditions!.find((x) => x.type === 'Progressing') as DeploymentCondition;
    assert.match(c.lastUpdateTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test('scaling up and down resizes the ReplicaSet with kube-worded events', async () => {
    const d = await h.getDeployment('web');
    const rs = (await h.replicaSetsOf(d))[0];
    await h.deployments.patch('web', { spec: { replicas: 4 } }, { type: 'merge' });
    await podCount(rs, 4);
    await h.deployments.patch('web', { spec: { replicas: 1 } }, { type: 'merge' });
    const [left] = await podCount(rs, 1);
    assert.equal(left.status?.phase, 'Running', 'the ready pods are kept, the new not-ready ones go');
    const scaled = await h.waitFor('both scaling events', async () => {
      const e = (await h.eventsFor(d)).filter((x) => x.startsWith('ScalingReplicaSet'));
      return e.length === 3 && e;
    });
    assert.deepEqual(scaled.slice(1), [
      `ScalingReplicaSet: Scaled up replica set ${rs.metadata.name} from 2 to 4`,
      `ScalingReplicaSet: Scaled down replica set ${rs.metadata.name} from 4 to 1`,
    ]);
    const current = await h.replicaSets.get(rs.metadata.name!) as ReplicaSet;
    assert.equal(current.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'], '1');
    assert.equal(current.metadata.annotations?.['deployment.kubernetes.io/max-replicas'], '2');
    const status = await h.waitFor('status of 1 replica', async () => {
      const x = await h.getDeployment('web');
      return x.status?.replicas === 1 && x.status?.observedGeneration === x.metadata.generation && x.status;
    });
    assert.equal(status.availableReplicas, 1);
  });

  test('a deleted pod of a Deployment is replaced', async () => {
    const d = await h.getDeployment('web');
    const rs = (await h.replicaSetsOf(d))[0];
    const [pod] = await h.podsOf(rs);
    await h.pods.delete(pod.metadata.name!);
    const [replacement] = await h.waitFor('a replacement', async () => {
      const pods = await h.podsOf(rs);
      return pods.length === 1 && pods[0].metadata.name !== pod.metadata.name && pods;
    });
    assert.equal(replacement.metadata.labels?.['pod-template-hash'], rs.metadata.labels?.['pod-template-hash']);
  });

  test('an orphaned ReplicaSet matching the selector and template is adopted as the new set', async () => {
    // e.g. left behind by `kubectl delete deployment api --cascade=orphan`
    const manifest = deploymentManifest('api', { replicas: 1 });
    const orphan = await h.replicaSets.create({
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'api-legacy', labels: { app: 'api' } },
      spec: { replicas: 1, selector: { matchLabels: { app: 'api' } }, template: manifest.spec!.template },
    }) as ReplicaSet;
    const [pod] = await podCount(orphan, 1);
    const d = await h.deployments.create(manifest) as Deployment;
    const adopted = await h.waitFor('the set adopted', async () => {
      const cur = await h.replicaSets.get('api-legacy') as ReplicaSet;
      return cur.metadata.ownerReferences?.[0]?.uid === d.metadata.uid && cur.metadata.annotations?.['deployment.kubernetes.io/revision'] === '1' && cur;
    });
    assert.deepEqual(adopted.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    await h.markReady([pod]);
    const done = await h.waitFor('the rollout complete on the adopted set', async () => {
      const cur = await h.getDeployment('api');
      return condition(cur, 'Progressing')?.reason === 'NewReplicaSetAvailable' && cur;
    });
    assert.deepEqual(condition(done, 'Progressing')?.message, 'ReplicaSet "api-legacy" has successfully progressed.');
    assert.deepEqual((await h.replicaSetsOf(d)).map((rs) => rs.metadata.name), ['api-legacy']);
    assert.deepEqual((await h.podsOf(adopted)).map((p) => p.metadata.name), [pod.metadata.name]);
  });
});
