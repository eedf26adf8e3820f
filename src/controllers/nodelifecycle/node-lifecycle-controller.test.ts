/**
 * A node whose kubelet stops renewing its Lease goes Unknown, gets the unreachable taints, and
 * its pods are evicted by the taint eviction controller as their tolerations allow; all on a
 * FakeClock shared by the API server and the controllers.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { FakeClock, rfc3339, rfc3339Micro } from '../../util/clock.ts';
import { startLifecycleCluster, type LifecycleCluster, podManifest } from '../../../test/support/lifecycle-cluster.ts';
import { waitFor } from '../../../test/support/wait-for.ts';
import { newTaintEvictionController } from '../tainteviction/taint-eviction-controller.ts';
import type { NodeCondition, Taint } from './node-conditions.ts';
import { newNodeLifecycleController } from './node-lifecycle-controller.ts';

const clock = new FakeClock();
let env: LifecycleCluster;
before(async () => {
  env = await startLifecycleCluster((deps) => [newNodeLifecycleController(deps), newTaintEvictionController(deps)], { clock });
});
after(async () => { await env?.close(); });

const nodes = () => env.client.resource({ group: '', version: 'v1', resource: 'nodes' });
const leases = () => env.client.resource({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases' }).namespace('kube-node-lease');
const pods = () => env.client.resource({ group: '', version: 'v1', resource: 'pods' }).namespace('default');

const readyCondition = (): NodeCondition => ({
  type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status',
  lastHeartbeatTime: rfc3339(clock.now()), lastTransitionTime: rfc3339(clock.now()),
});

async function registerNode(name: string): Promise<void> {
  await nodes().create({ apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {}, status: { conditions: [readyCondition()] } });
  await leases().create({
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: rfc3339Micro(clock.now()) },
  });
}

async function renewLease(name: string): Promise<void> {
  const lease = await leases().get(name);
  await leases().update({ ...lease, spec: { ...(lease.spec as object), renewTime: rfc3339Micro(clock.now()) } });
}

/** Moves the fake clock in 10 s steps, renewing the healthy node's lease as its kubelet would. */
async function advance(ms: number, healthy: string): Promise<void> {
  for (let left = ms; left > 0; left -= 10_000) {
    clock.advance(Math.min(10_000, left));
    await renewLease(healthy);
  }
}

const taintsOf = (n: KubeObject) => ((n.spec as { taints?: Taint[] }).taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();
const conditionOf = (o: KubeObject, type: string) => ((o.status as { conditions?: NodeCondition[] }).conditions ?? []).find((c) => c.type === type);

async function evicted(name: string): Promise<boolean> {
  try {
    return !!(await pods().get(name)).metadata.deletionTimestamp;
  } catch (e) {
    if ((e as { code?: number }).code === 404) return true;
    throw e;
  }
}

test('an unreachable node is tainted and its pods evicted after their tolerationSeconds', async () => {
  await registerNode('n1');
  await registerNode('n2');
  const onN1 = { nodeName: 'n1' };
  // Every pod gets DefaultTolerationSeconds' 300 s unreachable toleration unless it brings one of
  // its own, as in kube: a pod evicted at once tolerates the taint for 0 s.
  await pods().create(podManifest('intolerant', { spec: { ...onN1, tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }] } }));
  await pods().create(podManifest('tolerant', { spec: { ...onN1, tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }] } }));
  await pods().create(podManifest('forever', { spec: { ...onN1, tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }] } }));
  const tolerant = await pods().get('tolerant');
  await pods().update({ ...tolerant, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: rfc3339(clock.now()) }] } }, { subresource: 'status' });
  // The controller must have seen both nodes before time moves.
  for (const n of ['n1', 'n2']) {
    await waitFor(async () => (await env.eventsFor(await nodes().get(n))).includes(`RegisteredNode: Node ${n} event: Registered Node ${n} in Controller`), { what: `${n} registered` });
  }

  await advance(60_000, 'n2');
  const n1 = await waitFor(async () => {
    const n = await nodes().get('n1');
    return taintsOf(n).length === 2 ? n : undefined;
  }, { what: 'n1 to be tainted' });
  assert.deepEqual(taintsOf(n1), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
  const ready = conditionOf(n1, 'Ready')!;
  assert.deepEqual([ready.status, ready.reason, ready.message], ['Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.']);
  assert.equal(conditionOf(n1, 'Ready')?.lastHeartbeatTime, rfc3339(Date.UTC(2026, 0, 1)), 'the heartbeat is the kubelet\'s last');
  const n2 = await nodes().get('n2');
  assert.equal(conditionOf(n2, 'Ready')?.status, 'True', 'the renewing node stays Ready');
  assert.deepEqual(taintsOf(n2), []);

  await waitFor(() => evicted('intolerant'), { what: 'the pod without toleration to be evicted' });
  const gone = await pods().get('intolerant').catch(() => undefined);
  if (gone) assert.equal(conditionOf(gone, 'DisruptionTarget')?.reason, 'DeletionByTaintManager');
  const stillThere = await waitFor(async () => {
    const p = await pods().get('tolerant');
    return conditionOf(p, 'Ready')?.status === 'False' ? p : undefined;
  }, { what: 'the tolerant pod to be marked not ready' });
  assert.equal(stillThere.metadata.deletionTimestamp, undefined, 'a 300 s toleration is not up yet');

  await advance(310_000, 'n2');
  await waitFor(() => evicted('tolerant'), { what: 'the pod tolerating 300 s to be evicted' });
  assert.equal((await pods().get('forever')).metadata.deletionTimestamp, undefined, 'a toleration without seconds keeps the pod');
  assert.ok((await env.eventsFor(tolerant)).includes('TaintManagerEviction: Marking for deletion Pod default/tolerant'));
});

test('a node that reports again loses the unreachable taints', async () => {
  await renewLease('n1');
  const n1 = await nodes().get('n1');
  await nodes().update({ ...n1, status: { ...(n1.status as object), conditions: [readyCondition()] } }, { subresource: 'status' });
  await waitFor(async () => taintsOf(await nodes().get('n1')).length === 0, { what: 'n1 taints to be removed' });
});

test('when every node is unreachable no NoExecute taint stays (kube assumes it lost contact itself)', async () => {
  clock.advance(60_000);
  const [n1, n2] = await waitFor(async () => {
    const both = await Promise.all(['n1', 'n2'].map((n) => nodes().get(n)));
    return both.every((n) => conditionOf(n, 'Ready')?.status === 'Unknown' && taintsOf(n).join() === 'node.kubernetes.io/unreachable:NoSchedule') ? both : undefined;
  }, { what: 'both nodes Unknown with only the NoSchedule taint' });
  assert.ok(n1 && n2);
  assert.equal(await evicted('forever'), false);
});
