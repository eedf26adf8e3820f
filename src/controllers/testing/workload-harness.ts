/**
 * Test support for the workload controllers (imported by *.test.ts only): an in-process cluster
 * with the deployment, replicaset and replicationcontroller controllers running in a Manager, as
 * the cluster composer runs them, plus helpers to wait for conditions, stand in for the kubelet
 * (marking pods Ready through the status subresource) and read what the controllers wrote.
 */
import { waitFor } from '../../../test/support/wait-for.ts';
import { startTestCluster, type TestCluster } from '../../../test/support/in-process-cluster.ts';
import type { KubeObject } from '../../api/object.ts';
import type { Client, NamespacedResourceClient } from '../../client/client.ts';
import { InformerFactory } from '../../controller/informer-factory.ts';
import { Manager } from '../../controller/manager.ts';
import { type Clock, FakeClock, rfc3339, systemClock } from '../../util/clock.ts';
import { randomIds } from '../../util/ids.ts';
import type { Started } from '../../util/runnable.ts';
import { getControllerOf } from '../common/controller-ref.ts';
import type { Deployment, Pod, ReplicaSet } from '../common/workload-types.ts';
import { registerWorkloadControllers } from '../workloads.ts';

export interface WorkloadHarness {
  readonly cluster: TestCluster;
  readonly client: Client;
  readonly clock: Clock;
  readonly deployments: NamespacedResourceClient;
  readonly replicaSets: NamespacedResourceClient;
  readonly replicationControllers: NamespacedResourceClient;
  readonly pods: NamespacedResourceClient;
  /**
   * Polls `probe` until it returns something other than undefined or false, failing after the
   * deadline with the last value seen. With a FakeClock, each poll also advances it by `tickMs`.
   */
  waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, options?: { timeoutMs?: number; tickMs?: number }): Promise<T>;
  getDeployment(name: string): Promise<Deployment>;
  /** ReplicaSets controlled by the Deployment, by creationTimestamp (second precision) then name. */
  replicaSetsOf(d: KubeObject): Promise<ReplicaSet[]>;
  /** Active (not being deleted) pods controlled by the owner. */
  podsOf(owner: KubeObject): Promise<Pod[]>;
  /** Plays the kubelet: Running and Ready (lastTransitionTime now) through pods/status. */
  markReady(pods: readonly Pod[]): Promise<void>;
  /** Events about the object, oldest first, as "Reason: message". */
  eventsFor(obj: KubeObject): Promise<string[]>;
  close(): Promise<void>;
}

export async function startWorkloadHarness(options: { clock?: Clock } = {}): Promise<WorkloadHarness> {
  const clock = options.clock ?? systemClock;
  const cluster = await startTestCluster({ clock });
  const client = cluster.client();
  const informers = new InformerFactory(client, clock);
  const manager = new Manager(informers);
  registerWorkloadControllers(manager, { client, informers, clock, ids: randomIds });
  const stop = new AbortController();
  const started: Started = await manager.start(stop.signal);
  const ns = (resource: string, group = '') => client.resource({ group, version: 'v1', resource }).namespace('default');
  const deployments = ns('deployments', 'apps');
  const replicaSets = ns('replicasets', 'apps');
  const pods = ns('pods');
  const events = ns('events');

  const harness: WorkloadHarness = {
    cluster, client, clock, deployments, replicaSets, pods,
    replicationControllers: ns('replicationcontrollers'),
    waitFor(what, probe, o = {}) {
      return waitFor(probe, {
        what, timeoutMs: o.timeoutMs ?? 20_000, intervalMs: 10,
        between: () => { if (clock instanceof FakeClock) clock.advance(o.tickMs ?? 100); },
      });
    },
    async getDeployment(name) {
      return await deployments.get(name) as Deployment;
    },
    async replicaSetsOf(d) {
      const list = await replicaSets.list();
      return (list.items as ReplicaSet[])
        .filter((rs) => getControllerOf(rs)?.uid === d.metadata.uid)
        .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || a.metadata.name!.localeCompare(b.metadata.name!));
    },
    async podsOf(owner) {
      const list = await pods.list();
      return (list.items as Pod[]).filter((p) => getControllerOf(p)?.uid === owner.metadata.uid && !p.metadata.deletionTimestamp);
    },
    async markReady(list) {
      const now = rfc3339(clock.now());
      await Promise.all(list.map((p) => pods.patch(p.metadata.name!, {
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] },
      }, { type: 'merge', subresource: 'status' })));
    },
    async eventsFor(obj) {
      const list = await events.list({ fieldSelector: `involvedObject.uid=${obj.metadata.uid}` });
      return (list.items as (KubeObject & { reason?: string; message?: string; firstTimestamp?: string })[])
        .sort((a, b) => (a.firstTimestamp ?? '').localeCompare(b.firstTimestamp ?? '') || Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
        .map((e) => `${e.reason}: ${e.message}`);
    },
    async close() {
      stop.abort();
      await started.stop();
      await cluster.close();
    },
  };
  return harness;
}

/** A Deployment manifest: app=<name>, one nginx container. */
export function deploymentManifest(name: string, spec: Partial<NonNullable<Deployment['spec']>> & { image?: string } = {}): Deployment {
  const { image = 'nginx:1.27', ...rest } = spec;
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image }] } },
      ...rest,
    },
  };
}

/** The image of the first container of a Deployment's or ReplicaSet's template. */
export function imageOf(obj: Deployment | ReplicaSet): string | undefined {
  const containers = (obj.spec?.template?.spec as { containers?: { image?: string }[] } | undefined)?.containers;
  return containers?.[0]?.image;
}
