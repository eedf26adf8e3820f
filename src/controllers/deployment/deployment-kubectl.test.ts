/**
 * The real kubectl (v1.32 through the machine's dispatcher) against the in-process cluster with
 * the workload controllers running: `rollout history` lists revisions, `rollout undo` goes back,
 * `describe` shows sets, conditions and events as a real cluster's, `rollout status` and `wait`
 * follow a rollout. The test marks pods Ready, standing in for the kubelet.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { renderKubeconfig } from '../../cluster/kubeconfig.ts';
import { KUBECTL, kubectlAvailable, kubectlOk, type KubectlResult } from '../../../test/support/kubectl.ts';
import { isPodReady } from '../common/pod-availability.ts';
import type { Deployment } from '../common/workload-types.ts';
import { deploymentManifest, imageOf, startWorkloadHarness, type WorkloadHarness } from '../testing/workload-harness.ts';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';
/**
 * kubectl's watch-based waits hang when the condition already holds at the initial list: the
 * API server sends a watch response's headers only with its first event, and kubectl waits for
 * that request to end. Remove once the API server flushes watch headers at once.
 */
const WATCH_HEADERS_TODO = 'API server: watch responses are not flushed until the first event';

describe('kubectl rollout and describe', { skip }, () => {
  let h: WorkloadHarness;
  let env: { kubeconfig: string; home: string };
  before(async () => {
    h = await startWorkloadHarness();
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

  /** kubectl, killed after `ms` so that a hang fails the test instead of stalling the run. */
  function kubectlWithin(ms: number, args: string[]): Promise<KubectlResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(KUBECTL, args, { env: { ...process.env, HOME: env.home, KUBECONFIG: env.kubeconfig }, timeout: ms });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
      child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  /** Plays the kubelet until the Deployment's rollout is complete. */
  const rolledOut = (name: string) => h.waitFor(`${name} rolled out`, async () => {
    const d = await h.getDeployment(name);
    for (const rs of await h.replicaSetsOf(d)) await h.markReady((await h.podsOf(rs)).filter((p) => !isPodReady(p)));
    const s = d.status ?? {};
    return s.observedGeneration === d.metadata.generation && s.updatedReplicas === d.spec?.replicas && s.replicas === d.spec?.replicas
      && s.availableReplicas === d.spec?.replicas && d;
  });

  test('apply, then set image: rollout history lists both revisions', async () => {
    await kubectlOk(env, ['apply', '-f', '-'], JSON.stringify(deploymentManifest('web', { replicas: 3 })));
    await rolledOut('web');
    await kubectlOk(env, ['set', 'image', 'deployment/web', 'nginx=nginx:1.28']);
    await rolledOut('web');
    const history = await kubectlOk(env, ['rollout', 'history', 'deployment/web']);
    assert.match(history, /^REVISION\s+CHANGE-CAUSE$/m);
    assert.match(history, /^1\s+<none>$/m);
    assert.match(history, /^2\s+<none>$/m);
  });

  test('rollout undo goes back to revision 1 under revision 3, reusing its ReplicaSet', async () => {
    const before = await h.replicaSetsOf(await h.getDeployment('web'));
    const undo = await kubectlOk(env, ['rollout', 'undo', 'deployment/web']);
    assert.match(undo, /deployment.apps\/web rolled back/);
    const d: Deployment = await h.waitFor('revision 3 rolled out', async () => {
      const cur = await rolledOut('web');
      return cur.metadata.annotations?.['deployment.kubernetes.io/revision'] === '3' && cur;
    });
    assert.equal(imageOf(d), 'nginx:1.27');
    const sets = await h.replicaSetsOf(d);
    assert.deepEqual(sets.map((rs) => rs.metadata.name).sort(), before.map((rs) => rs.metadata.name).sort());
    const history = await kubectlOk(env, ['rollout', 'history', 'deployment/web']);
    assert.match(history, /^2\s+<none>$/m);
    assert.match(history, /^3\s+<none>$/m);
    assert.doesNotMatch(history, /^1\s/m);
  });

  test('describe deployment reads like a real cluster', async () => {
    await h.waitFor('the rollout marked complete', async () => (await h.getDeployment('web')).status?.conditions?.some((c) => c.reason === 'NewReplicaSetAvailable'));
    const out = await kubectlOk(env, ['describe', 'deployment', 'web']);
    assert.match(out, /^Annotations:\s+deployment\.kubernetes\.io\/revision: 3$/m);
    assert.match(out, /^Replicas:\s+3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable$/m);
    assert.match(out, /^StrategyType:\s+RollingUpdate$/m);
    assert.match(out, /^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
    assert.match(out, /^\s+Available\s+True\s+MinimumReplicasAvailable$/m);
    assert.match(out, /^\s+Progressing\s+True\s+NewReplicaSetAvailable$/m);
    assert.match(out, /^NewReplicaSet:\s+web-\w+ \(3\/3 replicas created\)$/m);
    assert.match(out, /^OldReplicaSets:\s+web-\w+ \(0\/0 replicas created\)$/m);
    assert.match(out, /Normal\s+ScalingReplicaSet\s+.*deployment-controller\s+Scaled up replica set web-\w+ from 0 to 3/);
    assert.match(out, /Scaled down replica set web-\w+ from \d to \d/);
  });

  test('rollout status reports a finished rollout', { todo: WATCH_HEADERS_TODO }, async () => {
    const r = await kubectlWithin(20_000, ['rollout', 'status', 'deployment/web', '--timeout=10s']);
    assert.match(r.stdout, /deployment "web" successfully rolled out/);
    assert.equal(r.code, 0, r.stderr);
  });

  test('wait --for=condition=Available after a scale', { todo: WATCH_HEADERS_TODO }, async () => {
    await kubectlOk(env, ['scale', 'deployment/web', '--replicas=1']);
    await rolledOut('web');
    const r = await kubectlWithin(20_000, ['wait', '--for=condition=Available', 'deployment/web', '--timeout=10s']);
    assert.match(r.stdout, /deployment.apps\/web condition met/);
    assert.equal(r.code, 0, r.stderr);
  });
});
