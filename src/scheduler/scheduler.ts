/**
 * The scheduler: a profile's framework, the cache and the queue, fed by cluster events (the
 * handlers kube-scheduler's eventhandlers.go installs) and drained by the scheduling loop.
 *
 * `newScheduler` wires it to the API: its own informers (pods, nodes, and what plugins read), the
 * binding/status/event writes through the client. `new Scheduler` with other listers and writer
 * runs the same framework elsewhere — benchmarks use an in-memory cluster.
 *
 * Pods whose spec.schedulerName is not the profile's are ignored; assigned pods feed the cache,
 * unassigned ones the queue; terminal pods (Succeeded, Failed) are neither.
 */
import { setMaxListeners } from 'node:events';
import type { KubeObject } from '../api/object.ts';
import type { Client } from '../client/client.ts';
import { EventRecorder } from '../controller/event-recorder.ts';
import { InformerFactory } from '../controller/informer-factory.ts';
import type { Clock } from '../util/clock.ts';
import { randomIds } from '../util/ids.ts';
import type { Runnable, Started } from '../util/runnable.ts';
import { ApiClusterWriter } from './api-writer.ts';
import type { Node, Pod } from './api-types.ts';
import { SchedulerCache } from './cache/scheduler-cache.ts';
import {
  ActionType, EVENT_ASSIGNED_POD_ADD, EVENT_ASSIGNED_POD_DELETE, EVENT_NODE_ADD, type EventResource, clusterEvent, nodeUpdateActions, podUpdateActions,
} from './framework/events.ts';
import { Framework } from './framework/framework.ts';
import type { ClusterWriter, Listers, PluginFactory, Profile } from './framework/interface.ts';
import { PodInfo } from './framework/pod-info.ts';
import { InformerListers, schedulerInformers } from './informer-listers.ts';
import { inTreeRegistry, defaultProfile } from './plugins/registry.ts';
import { podPriority } from './priority.ts';
import { SchedulingQueue } from './queue/scheduling-queue.ts';
import { type SchedulerContext, scheduleOne } from './schedule-one.ts';

export interface SchedulerCoreOptions {
  readonly clock: Clock;
  /** Uniform in [0, 1): host tie-breaks, preemption offsets. @default Math.random */
  readonly random?: () => number;
  readonly writer: ClusterWriter;
  readonly listers: Listers;
  /** @default defaultProfile */
  readonly profile?: Profile;
  /** @default inTreeRegistry */
  readonly registry?: Readonly<Record<string, PluginFactory>>;
  /** Backoff and pool limits; kube's defaults otherwise. */
  readonly queue?: { readonly initialBackoffMs?: number; readonly maxBackoffMs?: number; readonly maxInUnschedulableMs?: number };
  /** Pods scheduled before yielding to the event loop. @default 64 */
  readonly batchSize?: number;
  /** Connects event sources before the loop starts (newScheduler: informers started and synced). */
  readonly connect?: (signal: AbortSignal) => Promise<void>;
}

const TERMINAL = new Set(['Succeeded', 'Failed']);
const assigned = (p: Pod) => !!p.spec.nodeName;
const terminal = (p: Pod) => TERMINAL.has(p.status?.phase ?? '');

export class Scheduler implements SchedulerContext, Runnable {
  readonly name = 'scheduler';
  readonly framework: Framework;
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly writer: ClusterWriter;
  readonly listers: Listers;
  readonly clock: Clock;
  readonly random: () => number;
  nextStartNodeIndex = 0;
  private readonly bindings = new Set<Promise<void>>();
  private readonly batchSize: number;

  constructor(private readonly o: SchedulerCoreOptions) {
    this.clock = o.clock;
    this.random = o.random ?? Math.random;
    this.writer = o.writer;
    this.listers = o.listers;
    this.batchSize = o.batchSize ?? 64;
    const queueRef: { q?: SchedulingQueue } = {};
    this.framework = new Framework({
      profile: o.profile ?? defaultProfile,
      registry: o.registry ?? inTreeRegistry,
      clock: o.clock, random: this.random, snapshot: this.cache, listers: o.listers, writer: o.writer,
      nominator: { nominatedPodsForNode: (n) => queueRef.q?.nominator.nominatedPodsForNode(n) ?? [] },
      namespaceLabels: (ns) => o.listers.namespace(ns)?.metadata.labels,
    });
    this.queue = new SchedulingQueue({
      clock: o.clock,
      queueSort: this.framework.queueSort,
      preEnqueue: (p) => this.framework.runPreEnqueuePlugins(p),
      registeredEvents: this.framework.registeredEvents,
      ...o.queue,
    });
    queueRef.q = this.queue;
  }

  get schedulerName(): string { return this.framework.schedulerName; }

  podInfoFor(pod: Pod): PodInfo { return new PodInfo(pod, podPriority(pod, this.listers)); }

  private responsible(p: Pod): boolean { return (p.spec.schedulerName || this.schedulerName) === this.schedulerName; }

  // ---- event handlers (eventhandlers.go) ----

  onNodeAdd(node: Node): void {
    this.cache.addNode(node);
    this.queue.moveAllToActiveOrBackoffQueue(EVENT_NODE_ADD, undefined, node);
  }

  onNodeUpdate(oldNode: Node, newNode: Node): void {
    this.cache.updateNode(newNode);
    const actions = nodeUpdateActions(oldNode, newNode);
    if (actions !== 0) this.queue.moveAllToActiveOrBackoffQueue(clusterEvent('Node', actions, 'NodeUpdate'), oldNode, newNode);
  }

  onNodeDelete(node: Node): void {
    this.cache.removeNode(node);
    this.queue.moveAllToActiveOrBackoffQueue(clusterEvent('Node', ActionType.Delete, 'NodeDelete'), node, undefined);
  }

  onPodAdd(pod: Pod): void {
    if (assigned(pod)) {
      if (terminal(pod)) return;
      this.queue.nominator.delete(pod.metadata.uid ?? '');
      this.cache.addPod(this.podInfoFor(pod), pod.spec.nodeName!);
      this.queue.moveAllToActiveOrBackoffQueue(EVENT_ASSIGNED_POD_ADD, undefined, pod);
    } else if (this.responsible(pod) && !terminal(pod)) {
      this.queue.add(this.podInfoFor(pod));
    }
  }

  onPodUpdate(oldPod: Pod, newPod: Pod): void {
    const uid = newPod.metadata.uid ?? '';
    if (assigned(newPod)) {
      if (!assigned(oldPod)) this.queue.delete(uid); // bound: it leaves the queue for the cache
      this.queue.nominator.delete(uid);
      if (terminal(newPod)) { this.removeAssigned(newPod); return; }
      this.cache.updatePod(this.podInfoFor(newPod), newPod.spec.nodeName!);
      const event = assigned(oldPod) ? clusterEvent('AssignedPod', podUpdateActions(oldPod, newPod), 'AssignedPodUpdate') : EVENT_ASSIGNED_POD_ADD;
      this.queue.moveAllToActiveOrBackoffQueue(event, oldPod, newPod);
      return;
    }
    if (!this.responsible(newPod)) return;
    if (terminal(newPod)) { this.queue.delete(uid); return; }
    this.queue.update(oldPod, this.podInfoFor(newPod));
  }

  onPodDelete(pod: Pod): void {
    const uid = pod.metadata.uid ?? '';
    // a pod deleted while assumed (its binding in flight) frees its node as well
    if (assigned(pod) || this.cache.nodeNameOf(uid) !== undefined) this.removeAssigned(pod);
    if (!assigned(pod)) this.queue.delete(uid);
  }

  private removeAssigned(pod: Pod): void {
    this.cache.removePod(pod.metadata.uid ?? '');
    this.queue.moveAllToActiveOrBackoffQueue(EVENT_ASSIGNED_POD_DELETE, pod, undefined);
  }

  /** Other objects plugins registered for (PVCs, PVs, StorageClasses, Namespaces…). */
  onObjectEvent(resource: EventResource, actionType: number, oldObj?: KubeObject, newObj?: KubeObject): void {
    this.queue.moveAllToActiveOrBackoffQueue(clusterEvent(resource, actionType), oldObj, newObj);
  }

  // ---- the loop ----

  /** Pops one pod and runs its scheduling cycle; false when activeQ is empty. */
  scheduleOne(): boolean {
    const q = this.queue.pop();
    if (!q) return false;
    scheduleOne(this, q);
    return true;
  }

  trackBinding(p: Promise<void>): void {
    this.bindings.add(p);
    void p.catch((e: Error) => console.error(`scheduler: binding cycle: ${e.message}`)).finally(() => this.bindings.delete(p));
  }

  /** Resolves when every binding cycle started so far has finished. */
  async bindingsSettled(): Promise<void> {
    while (this.bindings.size > 0) await Promise.allSettled([...this.bindings]);
  }

  /** Schedules until the signal aborts, yielding to the event loop every batch. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.queue.waitForPod();
      for (let n = 0; n < this.batchSize && !signal.aborted; n++) if (!this.scheduleOne()) break;
      await new Promise<void>((r) => setImmediate(r));
    }
  }

  async start(parent: AbortSignal): Promise<Started> {
    const ac = new AbortController();
    const abort = () => ac.abort();
    parent.addEventListener('abort', abort, { once: true });
    ac.signal.addEventListener('abort', () => this.queue.close(), { once: true });
    await this.o.connect?.(ac.signal);
    this.queue.run();
    const loop = this.run(ac.signal);
    return {
      stop: async () => {
        ac.abort();
        parent.removeEventListener('abort', abort);
        await loop;
        await this.bindingsSettled();
      },
    };
  }
}

export interface SchedulerOptions {
  readonly client: Client;
  /** The scheduler's own informer factory, started by start(). @default a new one on client and clock */
  readonly informers?: InformerFactory;
  readonly clock: Clock;
  readonly random?: () => number;
  /** @default an EventRecorder for "default-scheduler" */
  readonly recorder?: EventRecorder;
  readonly profile?: Profile;
}

/** kube-scheduler on the API: informers in, bindings, status patches and events out. */
export function newScheduler(o: SchedulerOptions): Scheduler {
  const factory = o.informers ?? new InformerFactory(o.client, o.clock);
  const inf = schedulerInformers(factory);
  const profile = o.profile ?? defaultProfile;
  const recorder = o.recorder ?? new EventRecorder({ client: o.client, clock: o.clock, ids: randomIds, component: profile.schedulerName });
  const sched = new Scheduler({
    clock: o.clock, random: o.random, profile,
    writer: new ApiClusterWriter(o.client, recorder),
    listers: new InformerListers(inf),
    connect: async (signal) => {
      // every informer listens on the signal: a dozen is expected, not a leak
      setMaxListeners(64, signal);
      factory.start(signal);
      await Promise.race([
        Promise.all([inf.pods.waitForSync(), inf.nodes.waitForSync()]),
        new Promise<void>((r) => signal.addEventListener('abort', () => r(), { once: true })),
      ]);
    },
  });
  inf.nodes.addEventHandler({
    onAdd: (n) => sched.onNodeAdd(n as Node),
    onUpdate: (a, b) => sched.onNodeUpdate(a as Node, b as Node),
    onDelete: (n) => sched.onNodeDelete(n as Node),
  });
  inf.pods.addEventHandler({
    onAdd: (p) => sched.onPodAdd(p as Pod),
    onUpdate: (a, b) => sched.onPodUpdate(a as Pod, b as Pod),
    onDelete: (p) => sched.onPodDelete(p as Pod),
  });
  const forward = (resource: EventResource, informer: { addEventHandler: typeof inf.pods.addEventHandler }) => informer.addEventHandler({
    onAdd: (obj) => sched.onObjectEvent(resource, ActionType.Add, undefined, obj),
    onUpdate: (a, b) => sched.onObjectEvent(resource, ActionType.UpdateOther, a, b),
    onDelete: (obj) => sched.onObjectEvent(resource, ActionType.Delete, obj, undefined),
  });
  forward('PersistentVolumeClaim', inf.persistentVolumeClaims);
  forward('PersistentVolume', inf.persistentVolumes);
  forward('StorageClass', inf.storageClasses);
  forward('Namespace', inf.namespaces);
  forward('Service', inf.services);
  return sched;
}
