/**
 * The node's pod workers (kubelet's podWorkers + PLEG wiring): one PodWorker per pod uid, fed by
 * pod events, runtime container events (evented PLEG) and probe results. Also answers what the
 * node's other surfaces need: a pod's containers for exec/logs/port-forward and per-container
 * usage for the metrics API.
 */
import type { EventRecorder } from '../controller/event-recorder.ts';
import type { IdSource } from '../util/ids.ts';
import { ApiObjects } from './api-objects.ts';
import { Backoff } from './backoff.ts';
import type { NodeContext, PodHandler, PodMetrics } from './pod-handler.ts';
import { containerLogPath } from './pod-paths.ts';
import { type Pod, SERVICEACCOUNTS } from './pod-types.ts';
import { PodWorker } from './pod-worker.ts';
import { ProbeManager } from './prober/probe-manager.ts';
import type { Duplex } from 'node:stream';
import type { ContainerRuntime, ExecOptions } from './runtime/container-runtime.ts';

export interface PodWorkersOptions {
  readonly runtime: ContainerRuntime;
  readonly node: NodeContext;
  readonly ids: IdSource;
}

export class PodWorkers implements PodHandler {
  private readonly workers = new Map<string, PodWorker>();
  private readonly probes: ProbeManager;
  private readonly unsubscribe: () => void;
  private readonly objects: ApiObjects;
  private readonly imageBackoff: Backoff;
  private readonly crashBackoff: Backoff;
  private readonly pulled = new Set<string>();
  private readonly probeEvents: EventRecorder;

  constructor(private readonly options: PodWorkersOptions) {
    const { runtime, node } = options;
    this.objects = new ApiObjects(node.client);
    this.imageBackoff = new Backoff(node.clock);
    this.crashBackoff = new Backoff(node.clock);
    this.probeEvents = node.recorder;
    this.probes = new ProbeManager({
      clock: node.clock, runtime,
      onChange: (uid) => this.workers.get(uid)?.kick(),
      onUnhealthy: (pod, c, message) => this.probeEvents.event(pod, 'Warning', 'Unhealthy', message, `spec.containers{${c.name}}`),
    });
    this.unsubscribe = runtime.subscribe((e) => {
      for (const w of this.workers.values()) if (w.sandbox === e.sandboxId) w.kick();
    });
  }

  onPod(pod: Pod): void {
    const uid = pod.metadata.uid!;
    let w = this.workers.get(uid);
    if (!w) {
      // a pod that already finished (before a kubelet restart) is not run again
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
        if (!pod.metadata.deletionTimestamp) return;
      }
      w = this.newWorker(pod);
      this.workers.set(uid, w);
    }
    w.update(pod);
  }

  onPodDeleted(pod: Pod): void {
    this.workers.get(pod.metadata.uid!)?.remove();
  }

  private newWorker(pod: Pod): PodWorker {
    const { runtime, node } = this.options;
    return new PodWorker(pod, {
      nodeName: node.nodeName, hostIP: node.hostIP, rootDir: node.rootDir, runtime, clock: node.clock, client: node.client,
      objects: this.objects, ipam: node.ipam, allocatable: node.allocatable, recorder: node.recorder, statuses: node.statuses,
      probes: this.probes, imageBackoff: this.imageBackoff, crashBackoff: this.crashBackoff, pulled: this.pulled,
      requestToken: (ns, sa, audience, expirationSeconds, p) => this.requestToken(ns, sa, audience, expirationSeconds, p),
      onDone: (uid) => { this.workers.delete(uid); },
    });
  }

  /** TokenRequest for a projected serviceAccountToken, bound to the pod; undefined when the API issues none. */
  private async requestToken(namespace: string, serviceAccount: string, audience: string | undefined, expirationSeconds: number, pod: Pod): Promise<string | undefined> {
    try {
      const res = await this.options.node.client.resource(SERVICEACCOUNTS).namespace(namespace).create({
        apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: { name: serviceAccount, namespace },
        spec: { audiences: audience ? [audience] : [], expirationSeconds, boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid } },
      }, { subresource: 'token' });
      return (res.status as { token?: string } | undefined)?.token;
    } catch (e) {
      const code = (e as { code?: number }).code;
      if (code === 404 || code === 405) return undefined;
      throw e;
    }
  }

  /** The worker of a pod by namespace and name (for exec, logs, port-forward). */
  worker(namespace: string, name: string): PodWorker | undefined {
    for (const w of this.workers.values()) {
      const m = w.currentPod.metadata;
      if (m.namespace === namespace && m.name === name) return w;
    }
    return undefined;
  }

  /** Where a container's current log is (`kubectl logs`), or undefined. */
  logPath(namespace: string, name: string, container: string, previous = false): string | undefined {
    const w = this.worker(namespace, name);
    const status = [...(w?.status?.containerStatuses ?? []), ...(w?.status?.initContainerStatuses ?? [])].find((s) => s.name === container);
    if (!w || !status) return undefined;
    const n = status.restartCount - (previous ? 1 : 0);
    return n < 0 ? undefined : containerLogPath(this.options.node.rootDir, w.currentPod, container, n);
  }

  /** `kubectl exec`: runs a command in a running container of a pod of this node. */
  exec(namespace: string, name: string, container: string, options: ExecOptions): Promise<number> {
    const id = this.worker(namespace, name)?.containerId(container);
    if (!id) return Promise.reject(new Error(`container ${container} of pod ${namespace}/${name} is not running on this node`));
    return this.options.runtime.exec(id, options);
  }

  /** `kubectl port-forward`: a stream to a port of the pod. */
  portForward(namespace: string, name: string, port: number): Promise<Duplex> {
    const sandbox = this.worker(namespace, name)?.sandbox;
    if (!sandbox) return Promise.reject(new Error(`pod ${namespace}/${name} has no sandbox on this node`));
    return this.options.runtime.portForward(sandbox, port);
  }

  async podMetrics(): Promise<PodMetrics[]> {
    const out: PodMetrics[] = [];
    for (const w of this.workers.values()) {
      const containers = [];
      for (const c of w.currentPod.spec.containers) {
        const id = w.containerId(c.name);
        const s = id ? await this.options.runtime.containerStats(id) : undefined;
        if (s) containers.push({ name: c.name, cpuNanoCores: s.cpuNanoCores, memoryWorkingSetBytes: s.memoryWorkingSetBytes });
      }
      if (containers.length === 0) continue;
      const m = w.currentPod.metadata;
      out.push({ namespace: m.namespace!, name: m.name!, timestamp: this.options.node.clock.now(), windowSeconds: 15, containers });
    }
    return out;
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    this.probes.close();
  }
}

