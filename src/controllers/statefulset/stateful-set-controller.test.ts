/**
 * The StatefulSet controller on an in-process cluster. No kubelet or scheduler runs: pods stay
 * unbound (so deletions are immediate) and tests mark them Running and Ready through pods/status.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Pod } from '../common/workload-types.ts';
import { type BatchAndSetsHarness, startBatchAndSetsHarness } from '../job/testing/batch-and-sets-harness.ts';
import type { PersistentVolumeClaim, StatefulSet } from './stateful-set-types.ts';

function statefulSet(name: string, spec: Partial<NonNullable<StatefulSet['spec']>> = {}, image = 'nginx:1.27'): StatefulSet {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name },
    spec: {
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } },
      ...spec,
    },
  };
}

const imageOf = (p: Pod) => (p.spec?.containers as { image: string }[])[0].image;

describe('StatefulSet controller', () => {
  let h: BatchAndSetsHarness;
  before(async () => { h = await startBatchAndSetsHarness(); });
  after(async () => { await h?.close(); });
  const sets = () => h.ns('statefulsets', 'apps');
  const claims = () => h.ns('persistentvolumeclaims');
  const getSet = async (name: string) => await sets().get(name) as StatefulSet;
  const podNames = async (set: StatefulSet) => (await h.podsOf(set)).map((p) => p.metadata.name);
  const waitPods = (set: StatefulSet, names: string[]) => h.waitFor(`pods ${names.join(',')}`, async () => {
    const pods = await h.podsOf(set);
    return JSON.stringify(pods.map((p) => p.metadata.name)) === JSON.stringify(names) && pods;
  });

  test('OrderedReady: web-1 only after web-0 is Running and Ready; identity, labels and claims', async () => {
    const created = await sets().create(statefulSet('web', {
      replicas: 3,
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' },
    })) as StatefulSet;
    const [web0] = await waitPods(created, ['web-0']);
    // A sync that counted web-0 and stopped there, because it is not ready.
    const early = await h.waitFor('status replicas 1', async () => {
      const s = await getSet('web');
      return s.status?.replicas === 1 && s.status;
    });
    assert.deepEqual(await podNames(created), ['web-0']);
    assert.equal(web0.metadata.generateName, 'web-');
    assert.deepEqual(web0.metadata.labels, {
      app: 'web', 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': early.updateRevision,
    });
    assert.equal(web0.spec?.hostname, 'web-0');
    assert.equal(web0.spec?.subdomain, 'web');
    assert.deepEqual((web0.spec?.volumes as unknown[])[0], { name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } });
    assert.match(early.updateRevision ?? '', /^web-[a-z0-9]+$/);
    assert.equal(early.currentRevision, early.updateRevision);
    assert.equal(early.collisionCount, 0);
    const claim = await claims().get('www-web-0') as PersistentVolumeClaim;
    assert.deepEqual(claim.metadata.labels, { app: 'web' });
    assert.deepEqual(claim.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: created.metadata.uid, controller: true, blockOwnerDeletion: true }]);

    await h.markReady([web0]);
    const [, web1] = await waitPods(created, ['web-0', 'web-1']);
    await h.markReady([web1]);
    const [, , web2] = await waitPods(created, ['web-0', 'web-1', 'web-2']);
    await h.markReady([web2]);
    const status = await h.waitFor('3 ready', async () => {
      const s = await getSet('web');
      return s.status?.readyReplicas === 3 && s.status;
    });
    assert.deepEqual(status, {
      observedGeneration: 1, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3,
      currentRevision: early.updateRevision, updateRevision: early.updateRevision, collisionCount: 0, availableReplicas: 3,
    });
    const events = await h.eventsFor(created);
    assert.deepEqual(events.filter((e) => e.startsWith('SuccessfulCreate')), [
      'SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'SuccessfulCreate: create Pod web-0 in StatefulSet web successful',
      'SuccessfulCreate: create Claim www-web-1 Pod web-1 in StatefulSet web success',
      'SuccessfulCreate: create Pod web-1 in StatefulSet web successful',
      'SuccessfulCreate: create Claim www-web-2 Pod web-2 in StatefulSet web success',
      'SuccessfulCreate: create Pod web-2 in StatefulSet web successful',
    ]);
  });

  test('scaling down removes the highest ordinal first; whenScaled Delete hands its claim to the pod', async () => {
    const set = await getSet('web');
    const web2 = (await h.podsOf(set)).find((p) => p.metadata.name === 'web-2')!;
    await sets().patch('web', { spec: { replicas: 1 } }, { type: 'merge' });
    await waitPods(set, ['web-0']);
    const deletes = (await h.eventsFor(set)).filter((e) => e.startsWith('SuccessfulDelete'));
    assert.deepEqual(deletes, ['SuccessfulDelete: delete Pod web-2 in StatefulSet web successful', 'SuccessfulDelete: delete Pod web-1 in StatefulSet web successful']);
    // The garbage collector (not running here) deletes the claim once its owner pod is gone.
    const claim = await claims().get('www-web-2') as PersistentVolumeClaim;
    assert.deepEqual(claim.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Pod', name: 'web-2', uid: web2.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    const kept = await claims().get('www-web-0') as PersistentVolumeClaim;
    assert.equal(kept.metadata.ownerReferences?.[0].kind, 'StatefulSet');
    await h.waitFor('status replicas 1', async () => (await getSet('web')).status?.replicas === 1);
  });

  test('Parallel creates every pod at once; RollingUpdate with partition updates from the highest ordinal down', async () => {
    const created = await sets().create(statefulSet('db', { replicas: 3, podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } })) as StatefulSet;
    await h.markReady(await waitPods(created, ['db-0', 'db-1', 'db-2']));
    const before = await h.waitFor('3 ready', async () => {
      const s = await getSet('db');
      return s.status?.readyReplicas === 3 && s.status;
    });
    await sets().patch('db', { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } }, { type: 'strategic' });
    for (const name of ['db-2', 'db-1']) {
      const pod = await h.waitFor(`${name} re-created at the new revision`, async () => {
        const p = (await h.podsOf(created)).find((x) => x.metadata.name === name);
        return p && imageOf(p) === 'nginx:1.28' && p;
      });
      // Only one pod at a time: the lower ordinals are still at the old revision.
      const others = (await h.podsOf(created)).filter((p) => p.metadata.name! < name);
      assert.ok(others.every((p) => imageOf(p) === 'nginx:1.27'), `only ${name} updated so far`);
      await h.markReady([pod]);
    }
    const status = await h.waitFor('2 updated, 3 ready', async () => {
      const s = await getSet('db');
      return s.status?.updatedReplicas === 2 && s.status.readyReplicas === 3 && s.status;
    });
    assert.equal(status.currentRevision, before.currentRevision);
    assert.notEqual(status.updateRevision, before.updateRevision);
    assert.equal(status.currentReplicas, 1);
    // The partition holds db-0 at the old revision.
    const db0 = (await h.podsOf(created)).find((p) => p.metadata.name === 'db-0')!;
    assert.equal(imageOf(db0), 'nginx:1.27');
    assert.equal(db0.metadata.labels?.['controller-revision-hash'], before.currentRevision);
  });
});
