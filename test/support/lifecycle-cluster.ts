/**
 * An in-process cluster running chosen lifecycle controllers in a Manager, as the cluster
 * composer runs them, for the controllers' integration tests. Each test starts only the
 * controllers it exercises, so what it observes is theirs.
 */
import type { KubeObject } from '../../src/api/object.ts';
import type { Client } from '../../src/client/client.ts';
import type { ControllerDeps } from '../../src/controllers/common/controller-deps.ts';
import type { Controller } from '../../src/controller/controller.ts';
import { InformerFactory } from '../../src/controller/informer-factory.ts';
import { Manager } from '../../src/controller/manager.ts';
import { type Clock, systemClock } from '../../src/util/clock.ts';
import { randomIds } from '../../src/util/ids.ts';
import { startTestCluster, type TestCluster } from './in-process-cluster.ts';

export interface LifecycleCluster {
  readonly cluster: TestCluster;
  readonly client: Client;
  readonly clock: Clock;
  /** Events whose involvedObject is `obj`, as "Reason: message". */
  eventsFor(obj: KubeObject): Promise<string[]>;
  close(): Promise<void>;
}

export async function startLifecycleCluster(
  controllers: (deps: ControllerDeps) => readonly Controller[],
  options: { clock?: Clock } = {},
): Promise<LifecycleCluster> {
  const clock = options.clock ?? systemClock;
  const cluster = await startTestCluster({ clock });
  const client = cluster.client();
  const informers = new InformerFactory(client, clock);
  const manager = new Manager(informers);
  for (const c of controllers({ client, informers, clock, ids: randomIds })) manager.add(c);
  const stop = new AbortController();
  const started = await manager.start(stop.signal);
  return {
    cluster, client, clock,
    async eventsFor(obj) {
      const events = client.resource({ group: '', version: 'v1', resource: 'events' }).namespace(obj.metadata.namespace || 'default');
      const list = await events.list();
      return (list.items as (KubeObject & { involvedObject?: { uid?: string }; reason?: string; message?: string })[])
        .filter((e) => e.involvedObject?.uid === obj.metadata.uid)
        .map((e) => `${e.reason}: ${e.message}`);
    },
    async close() {
      stop.abort();
      await started.stop();
      await cluster.close();
    },
  };
}

/** A minimal valid pod. */
export function podManifest(name: string, extra: { labels?: Record<string, string>; ownerReferences?: KubeObject['metadata']['ownerReferences']; finalizers?: string[]; spec?: Record<string, unknown> } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, labels: extra.labels, ownerReferences: extra.ownerReferences, finalizers: extra.finalizers },
    spec: { containers: [{ name: 'c', image: 'busybox' }], ...extra.spec },
  };
}
