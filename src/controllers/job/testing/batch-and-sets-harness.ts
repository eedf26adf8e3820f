/**
 * Test support for the DaemonSet, StatefulSet, Job and CronJob controllers (imported by *.test.ts
 * only): an in-process cluster with {@link registerBatchAndSetControllers} running in a Manager,
 * as the cluster composer runs them, plus helpers to wait for conditions, stand in for the
 * kubelet (pod phases and readiness through pods/status, finishing graceful deletions) and read
 * what the controllers wrote. Extra controllers (the garbage collector…) and Runnables (the
 * scheduler…) are passed in by the test, which may import any layer.
 */
import { waitFor } from '../../../../test/support/wait-for.ts';
import { startTestCluster, type TestCluster } from '../../../../test/support/in-process-cluster.ts';
import type { KubeObject } from '../../../api/object.ts';
import type { Client, NamespacedResourceClient, ResourceClient } from '../../../client/client.ts';
import { InformerFactory } from '../../../controller/informer-factory.ts';
import { Manager } from '../../../controller/manager.ts';
import { type Clock, FakeClock, rfc3339, systemClock } from '../../../util/clock.ts';
import { randomIds } from '../../../util/ids.ts';
import type { Runnable, Started } from '../../../util/runnable.ts';
import { type BatchAndSetControllerDeps, type BatchAndSetControllerOptions, registerBatchAndSetControllers } from '../../batch-and-sets.ts';
import { getControllerOf } from '../../common/controller-ref.ts';
import type { Pod } from '../../common/workload-types.ts';

export interface BatchAndSetsHarness {
  readonly cluster: TestCluster;
  readonly client: Client;
  readonly clock: Clock;
  /** A resource in the "default" namespace (version v1). */
  ns(resource: string, group?: string): NamespacedResourceClient;
  readonly nodes: ResourceClient;
  readonly pods: NamespacedResourceClient;
  /**
   * Polls `probe` until it returns something other than undefined or false, failing after the
   * deadline with the last value seen. With a FakeClock, each poll also advances it by `tickMs`.
   */
  waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, options?: { timeoutMs?: number; tickMs?: number }): Promise<T>;
  /** Pods controlled by the owner, by name; those being deleted only when asked. */
  podsOf(owner: KubeObject, options?: { terminating?: boolean }): Promise<Pod[]>;
  /** Plays the kubelet: Running and Ready (lastTransitionTime now) through pods/status. */
  markReady(pods: readonly Pod[]): Promise<void>;
  /** Plays the kubelet: the pods ran to completion with this phase. */
  markFinished(pods: readonly Pod[], phase: 'Succeeded' | 'Failed'): Promise<void>;
  /** Plays the kubelet: pods being deleted gracefully are removed now. */
  finishTerminating(): Promise<void>;
  /** Events about the object, oldest first, as "Reason: message". */
  eventsFor(obj: KubeObject): Promise<string[]>;
  close(): Promise<void>;
}

export interface BatchAndSetsHarnessOptions {
  /** @default systemClock */
  readonly clock?: Clock;
  readonly controllers?: BatchAndSetControllerOptions;
  /** Adds more controllers to the manager (they share its informers). */
  readonly register?: (manager: Manager, deps: BatchAndSetControllerDeps) => void;
  /** More parts to run beside the manager, e.g. the scheduler. */
  readonly runnables?: (deps: { client: Client; clock: Clock }) => readonly Runnable[];
}

export async function startBatchAndSetsHarness(options: BatchAndSetsHarnessOptions = {}): Promise<BatchAndSetsHarness> {
  const clock = options.clock ?? systemClock;
  const cluster = await startTestCluster({ clock });
  const client = cluster.client();
  const informers = new InformerFactory(client, clock);
  const manager = new Manager(informers);
  const deps: BatchAndSetControllerDeps = { client, informers, clock, ids: randomIds };
  registerBatchAndSetControllers(manager, deps, options.controllers);
  options.register?.(manager, deps);
  const stop = new AbortController();
  const started: Started[] = [await manager.start(stop.signal)];
  for (const r of options.runnables?.({ client, clock }) ?? []) started.push(await r.start(stop.signal));
  const ns = (resource: string, group = '') => client.resource({ group, version: 'v1', resource }).namespace('default');
  const pods = ns('pods');
  const events = ns('events');
  const patchStatus = (list: readonly Pod[], status: Record<string, unknown>) => Promise.all(list.map((p) => pods.patch(p.metadata.name!, { status }, { type: 'merge', subresource: 'status' })));

  return {
    cluster, client, clock, ns, pods,
    nodes: client.resource({ group: '', version: 'v1', resource: 'nodes' }),
    waitFor(what, probe, o = {}) {
      return waitFor(probe, {
        what, timeoutMs: o.timeoutMs ?? 30_000, intervalMs: 10,
        between: () => { if (clock instanceof FakeClock) clock.advance(o.tickMs ?? 100); },
      });
    },
    async podsOf(owner, o = {}) {
      const list = await pods.list();
      return (list.items as Pod[])
        .filter((p) => getControllerOf(p)?.uid === owner.metadata.uid && (o.terminating || !p.metadata.deletionTimestamp))
        .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    },
    async markReady(list) {
      await patchStatus(list, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: rfc3339(clock.now()) }] });
    },
    async markFinished(list, phase) {
      await patchStatus(list, { phase, conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: rfc3339(clock.now()) }] });
    },
    async finishTerminating() {
      const list = await pods.list();
      await Promise.all((list.items as Pod[]).filter((p) => p.metadata.deletionTimestamp).map(async (p) => {
        try {
          await pods.delete(p.metadata.name!, { gracePeriodSeconds: 0 });
        } catch (e) {
          if ((e as { code?: number }).code !== 404) throw e;
        }
      }));
    },
    async eventsFor(obj) {
      const list = await events.list({ fieldSelector: `involvedObject.uid=${obj.metadata.uid}` });
      return (list.items as (KubeObject & { reason?: string; message?: string; firstTimestamp?: string })[])
        .sort((a, b) => (a.firstTimestamp ?? '').localeCompare(b.firstTimestamp ?? '') || Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
        .map((e) => `${e.reason}: ${e.message}`);
    },
    async close() {
      stop.abort();
      for (const s of started.reverse()) await s.stop();
      await cluster.close();
    },
  };
}
