/**
 * The real kubectl (v1.32 through the machine's dispatcher) against the in-process cluster with
 * the DaemonSet and StatefulSet controllers running: `rollout history` reads the
 * ControllerRevisions they write and `rollout undo` applies one back, as on a real cluster.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { renderKubeconfig } from '../../cluster/kubeconfig.ts';
import { kubectlAvailable, kubectlOk } from '../../../test/support/kubectl.ts';
import type { ControllerRevision } from '../daemonset/daemon-set-types.ts';
import { type BatchAndSetsHarness, startBatchAndSetsHarness } from '../job/testing/batch-and-sets-harness.ts';
import type { StatefulSet } from './stateful-set-types.ts';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

const manifest = (kind: 'DaemonSet' | 'StatefulSet', name: string, image: string) => JSON.stringify({
  apiVersion: 'apps/v1', kind, metadata: { name, namespace: 'default' },
  spec: {
    ...(kind === 'StatefulSet' ? { serviceName: name, replicas: 1 } : {}),
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } },
  },
});

describe('kubectl rollout history and undo for DaemonSets and StatefulSets', { skip }, () => {
  let h: BatchAndSetsHarness;
  let env: { kubeconfig: string; home: string };
  before(async () => {
    h = await startBatchAndSetsHarness();
    const home = await mkdtemp(join(tmpdir(), 'ekslite-kubectl-'));
    env = { home, kubeconfig: join(home, 'kubeconfig') };
    await writeFile(env.kubeconfig, renderKubeconfig({
      contextName: 'test', clusterName: 'test', server: h.cluster.url, caPem: h.cluster.pki.ca.certPem,
      user: { clientCertPem: h.cluster.pki.admin.certPem, clientKeyPem: h.cluster.pki.admin.keyPem },
    }));
  });
  after(async () => {
    await h?.close();
    if (env) await rm(env.home, { recursive: true, force: true });
  });
  const revisionsOf = (name: string, count: number) => h.waitFor(`${count} revisions of ${name}`, async () => {
    const list = ((await h.ns('controllerrevisions', 'apps').list()).items as ControllerRevision[]).filter((r) => r.metadata.ownerReferences?.[0]?.name === name);
    return list.length === count && list.sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
  });

  for (const [kind, resource] of [['DaemonSet', 'daemonset'], ['StatefulSet', 'statefulset']] as const) {
    test(`${kind}: two revisions listed, undo restores the first template`, async () => {
      const name = `${resource}-undo`;
      await kubectlOk(env, ['apply', '-f', '-'], manifest(kind, name, 'nginx:1.27'));
      await revisionsOf(name, 1);
      await kubectlOk(env, ['set', 'image', `${resource}/${name}`, 'main=nginx:1.28']);
      await revisionsOf(name, 2);
      const history = await kubectlOk(env, ['rollout', 'history', `${resource}/${name}`]);
      assert.match(history, new RegExp(`^${resource}\\.apps/${name} \\nREVISION\\s+CHANGE-CAUSE\\n1\\s+<none>\\n2\\s+<none>\\n`));
      const detail = await kubectlOk(env, ['rollout', 'history', `${resource}/${name}`, '--revision=1']);
      assert.match(detail, /Image:\s+nginx:1\.27/);
      assert.match(await kubectlOk(env, ['rollout', 'undo', `${resource}/${name}`, '--to-revision=1']), new RegExp(`${resource}\\.apps/${name} rolled back`));
      const image = (await kubectlOk(env, ['get', resource, name, '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).trim();
      assert.equal(image, 'nginx:1.27');
      // The first revision is reused and renumbered rather than a third created.
      const after = await revisionsOf(name, 2);
      assert.equal(after[1].revision, 3);
      assert.match(await kubectlOk(env, ['rollout', 'history', `${resource}/${name}`]), /\n2\s+<none>\n3\s+<none>\n/);
      if (kind === 'StatefulSet') {
        const set = await h.waitFor('updateRevision back to the first', async () => {
          const s = await h.ns('statefulsets', 'apps').get(name) as StatefulSet;
          return s.status?.updateRevision === after[1].metadata.name && s;
        });
        assert.equal(set.status?.observedGeneration, 3);
      }
    });
  }
});
