/**
 * The new ReplicaSet across template changes: a rollback (what `kubectl rollout undo` sends: the
 * old set's template, hash label removed) reuses the old set under the next revision; a restart
 * (a template annotation) rolls out a new set; a name taken by a foreign set is a hash collision.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeHash } from '../common/compute-hash.ts';
import { isPodReady } from '../common/pod-availability.ts';
import type { Deployment, PodTemplateSpec, ReplicaSet } from '../common/workload-types.ts';
import { deploymentManifest, imageOf, startWorkloadHarness, type WorkloadHarness } from '../testing/workload-harness.ts';

const revision = (o: { metadata: { annotations?: Record<string, string> } }) => o.metadata.annotations?.['deployment.kubernetes.io/revision'];

describe('new ReplicaSet', () => {
  let h: WorkloadHarness;
  before(async () => { h = await startWorkloadHarness(); });
  after(async () => { await h?.close(); });

  /** Waits for the rollout to complete, marking pods ready; returns the sets by image. */
  async function settle(name: string): Promise<Map<string, ReplicaSet>> {
    return h.waitFor(`${name} complete`, async () => {
      const d = await h.getDeployment(name);
      const sets = await h.replicaSetsOf(d);
      for (const rs of sets) await h.markReady((await h.podsOf(rs)).filter((p) => !isPodReady(p)));
      const complete = d.status?.observedGeneration === d.metadata.generation
        && d.status?.conditions?.some((c) => c.reason === 'NewReplicaSetAvailable')
        && d.status.updatedReplicas === d.spec?.replicas && d.status.replicas === d.spec?.replicas;
      return complete && new Map(sets.map((rs) => [`${imageOf(rs)}${rs.spec?.template?.metadata?.annotations ? '+restart' : ''}`, rs]));
    });
  }

  const setImage = (name: string, image: string) =>
    h.deployments.patch(name, { spec: { template: { spec: { containers: [{ name: 'nginx', image }] } } } }, { type: 'strategic' });

  test('rolling back to an old template reuses its ReplicaSet under the next revision', async () => {
    await h.deployments.create(deploymentManifest('web', { replicas: 2 }));
    await settle('web');
    await setImage('web', 'nginx:1.28');
    const before = await settle('web');
    const v1 = before.get('nginx:1.27')!;
    assert.equal(revision(v1), '1');
    assert.equal(revision(before.get('nginx:1.28')!), '2');

    // kubectl rollout undo: the old set's template without its hash label, as a JSON patch
    const template = structuredClone(v1.spec!.template!) as PodTemplateSpec;
    delete template.metadata!.labels!['pod-template-hash'];
    await h.deployments.patch('web', [{ op: 'replace', path: '/spec/template', value: template }], { type: 'json' });
    const afterUndo = await settle('web');
    assert.equal(afterUndo.size, 2, 'no third ReplicaSet');
    const reused = afterUndo.get('nginx:1.27')!;
    assert.equal(reused.metadata.name, v1.metadata.name);
    assert.equal(reused.spec?.replicas, 2);
    assert.equal(revision(reused), '3');
    assert.equal(reused.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '1');
    assert.equal(afterUndo.get('nginx:1.28')!.spec?.replicas, 0);
    const d = await h.waitFor('the Deployment at revision 3', async () => {
      const cur = await h.getDeployment('web');
      return revision(cur) === '3' && cur;
    });
    assert.equal(d.status?.conditions?.find((c) => c.type === 'Progressing')?.message, `ReplicaSet "${v1.metadata.name}" has successfully progressed.`);
  });

  test('a restart (template annotation, as kubectl rollout restart) rolls out a new ReplicaSet', async () => {
    await h.deployments.patch('web', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' } } } } }, { type: 'strategic' });
    const sets = await settle('web');
    const restarted = sets.get('nginx:1.27+restart')!;
    assert.ok(restarted, 'a new set for the restarted template');
    assert.equal(revision(restarted), '4');
    assert.equal(restarted.spec?.replicas, 2);
    assert.equal(sets.get('nginx:1.27')!.spec?.replicas, 0);
  });

  test('a ReplicaSet name taken by a foreign set bumps collisionCount and uses another hash', async () => {
    const created = await h.deployments.create(deploymentManifest('db', { replicas: 1, paused: true })) as Deployment;
    const template = created.spec!.template!;
    const taken = `db-${computeHash(template)}`;
    await h.replicaSets.create({
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: taken, labels: { app: 'squatter' } },
      spec: { replicas: 0, selector: { matchLabels: { app: 'squatter' } }, template: { metadata: { labels: { app: 'squatter' } }, spec: template.spec } },
    });
    await h.deployments.patch('db', { spec: { paused: false } }, { type: 'merge' });
    const rs = await h.waitFor('the set of db', async () => {
      const sets = await h.replicaSetsOf(created);
      return sets.length === 1 && sets[0];
    });
    assert.equal(rs.metadata.name, `db-${computeHash(template, 1)}`);
    assert.equal((await h.getDeployment('db')).status?.collisionCount, 1);
    assert.equal((await h.replicaSets.get(taken) as ReplicaSet).metadata.ownerReferences, undefined);
  });
});
