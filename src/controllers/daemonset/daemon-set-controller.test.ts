/**
 * The DaemonSet controller on an in-process cluster, with the scheduler running so that the
 * daemon pods' node affinity actually binds them. No kubelet runs: tests mark pods Ready and
 * finish graceful deletions through the API, as a kubelet would.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { rfc3339 } from '../../util/clock.ts';
import { newScheduler } from '../../scheduler/scheduler.ts';
import type { Pod } from '../common/workload-types.ts';
import { type BatchAndSetsHarness, startBatchAndSetsHarness } from '../job/testing/batch-and-sets-harness.ts';
import type { ControllerRevision, DaemonSet, Node, Taint } from './daemon-set-types.ts';

function node(name: string, o: { labels?: Record<string, string>; taints?: Taint[] } = {}): Node {
  const resources = { cpu: '4', memory: '8Gi', pods: '110' };
  const now = rfc3339(Date.now());
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...o.labels } },
    spec: o.taints ? { taints: o.taints } : {},
    status: {
      capacity: resources, allocatable: resources,
      conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletReady', message: 'kubelet is posting ready status' } as never],
    },
  };
}

function daemonSet(name: string, podSpec: Record<string, unknown> = {}, image = 'fluent-bit:3.0'): DaemonSet {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }], ...podSpec } },
    },
  };
}

const imageOf = (p: Pod) => (p.spec?.containers as { image: string }[])[0].image;

describe('DaemonSet controller', () => {
  let h: BatchAndSetsHarness;
  before(async () => {
    h = await startBatchAndSetsHarness({ runnables: ({ client, clock }) => [newScheduler({ client, clock })] });
    await h.nodes.create(node('node-a', { labels: { role: 'gpu' } }));
    await h.nodes.create(node('node-b'));
    await h.nodes.create(node('node-c', { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] }));
  });
  after(async () => { await h?.close(); });
  const daemonSets = () => h.ns('daemonsets', 'apps');
  const boundPods = (ds: DaemonSet, count: number) => h.waitFor(`${count} bound pods of ${ds.metadata.name}`, async () => {
    const pods = await h.podsOf(ds);
    return pods.length === count && pods.every((p) => p.spec?.nodeName) && pods;
  });

  test('one pod per eligible node, pinned by node affinity, with the daemon tolerations, bound by the scheduler', async () => {
    const ds = await daemonSets().create(daemonSet('logs')) as DaemonSet;
    const pods = await boundPods(ds, 2);
    // node-c's NoSchedule taint is not tolerated.
    assert.deepEqual(pods.map((p) => p.spec?.nodeName).sort(), ['node-a', 'node-b']);
    for (const p of pods) {
      assert.equal(p.metadata.generateName, 'logs-');
      assert.deepEqual((p.spec?.affinity as { nodeAffinity: unknown }).nodeAffinity, {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec?.nodeName] }] }] },
      });
      assert.deepEqual(p.spec?.tolerations, [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
      ]);
      assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'logs', uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    const [revision] = (await h.ns('controllerrevisions', 'apps').list()).items as ControllerRevision[];
    const hash = revision.metadata.labels?.['controller-revision-hash'];
    assert.equal(revision.metadata.name, `logs-${hash}`);
    assert.equal(revision.revision, 1);
    assert.ok(pods.every((p) => p.metadata.labels?.['controller-revision-hash'] === hash));

    await h.markReady(pods);
    const status = await h.waitFor('2 ready', async () => {
      const cur = await daemonSets().get('logs') as DaemonSet;
      return cur.status?.numberAvailable === 2 && cur.status;
    });
    assert.deepEqual(status, {
      currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 2,
      observedGeneration: 1, updatedNumberScheduled: 2, numberAvailable: 2,
    });
    const events = await h.waitFor('2 SuccessfulCreate', async () => {
      const e = (await h.eventsFor(ds)).filter((x) => x.startsWith('SuccessfulCreate'));
      return e.length === 2 && e;
    });
    assert.deepEqual(events.sort(), pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort());
  });

  test('nodeSelector and tolerations choose the nodes', async () => {
    const gpu = await daemonSets().create(daemonSet('gpu-driver', { nodeSelector: { role: 'gpu' } })) as DaemonSet;
    const everywhere = await daemonSets().create(daemonSet('node-exporter', { tolerations: [{ key: 'dedicated', operator: 'Exists' }] })) as DaemonSet;
    assert.deepEqual((await boundPods(gpu, 1)).map((p) => p.spec?.nodeName), ['node-a']);
    assert.deepEqual((await boundPods(everywhere, 3)).map((p) => p.spec?.nodeName).sort(), ['node-a', 'node-b', 'node-c']);
    // The node loses the label: its driver pod is deleted.
    await h.nodes.patch('node-a', { metadata: { labels: { role: null } } }, { type: 'merge' });
    await h.waitFor('the gpu pod deleted', async () => (await h.podsOf(gpu)).length === 0);
    await h.waitFor('desired 0', async () => ((await daemonSets().get('gpu-driver')) as DaemonSet).status?.desiredNumberScheduled === 0);
  });

  test('RollingUpdate replaces one pod at a time with the new revision', async () => {
    const before = await h.podsOf(await daemonSets().get('logs'));
    await daemonSets().patch('logs', { spec: { template: { spec: { containers: [{ name: 'main', image: 'fluent-bit:3.1' }] } } } }, { type: 'strategic' });
    const ds = await daemonSets().get('logs') as DaemonSet;
    const revisions = await h.waitFor('a second revision', async () => {
      const list = ((await h.ns('controllerrevisions', 'apps').list()).items as ControllerRevision[]).filter((r) => r.metadata.name!.startsWith('logs-'));
      return list.length === 2 && list.sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
    });
    const newHash = revisions[1].metadata.labels?.['controller-revision-hash'];
    assert.equal(revisions[1].revision, 2);
    // maxUnavailable 1: exactly one old pod is being deleted, the other keeps running.
    const terminating = await h.waitFor('one old pod terminating', async () => {
      const pods = (await h.podsOf(ds, { terminating: true })).filter((p) => p.metadata.deletionTimestamp);
      return pods.length === 1 && pods;
    });
    assert.ok(before.some((p) => p.metadata.name === terminating[0].metadata.name));
    assert.equal((await h.podsOf(ds)).filter((p) => imageOf(p) === 'fluent-bit:3.0').length, 1);
    for (let round = 0; round < 2; round++) {
      await h.finishTerminating();
      const fresh = await h.waitFor('a new pod bound', async () => {
        const pods = (await h.podsOf(ds)).filter((p) => imageOf(p) === 'fluent-bit:3.1' && p.spec?.nodeName && p.status?.phase !== 'Running');
        return pods.length === 1 && pods;
      });
      assert.equal(fresh[0].metadata.labels?.['controller-revision-hash'], newHash);
      await h.markReady(fresh);
      if (round === 0) await h.waitFor('the second old pod terminating', async () => (await h.podsOf(ds, { terminating: true })).some((p) => p.metadata.deletionTimestamp));
    }
    const status = await h.waitFor('all updated and available', async () => {
      const cur = await daemonSets().get('logs') as DaemonSet;
      return cur.status?.updatedNumberScheduled === 2 && cur.status.numberAvailable === 2 && cur.status;
    });
    assert.equal(status.observedGeneration, 2);
    const events = await h.eventsFor(ds);
    assert.equal(events.filter((e) => e.startsWith('SuccessfulDelete: Deleted pod: logs-')).length, 2);
  });
});
