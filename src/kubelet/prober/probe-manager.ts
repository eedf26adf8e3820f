/**
 * Periodic liveness, readiness and startup probing, as kubelet's prober manager and workers
 * (pkg/kubelet/prober/worker.go): one worker per container and probe type, ticking every
 * periodSeconds on the injected clock.
 *
 * Rules kept from the kubelet:
 * - results belong to one container instance (its id): a restarted container starts over from
 *   the initial values — readiness failure, liveness success, startup unknown;
 * - no probing before initialDelaySeconds after the container started, nor of liveness and
 *   readiness until the startup probe has succeeded; the startup worker stops once it has;
 * - a result is published after failureThreshold consecutive failures or successThreshold
 *   consecutive successes; after a liveness or startup failure the worker holds until the
 *   container is restarted;
 * - every failed attempt is reported (kubelet's Unhealthy event: "Liveness probe failed: …").
 */
import type { Clock } from '../../util/clock.ts';
import type { Container, Pod, Probe } from '../pod-types.ts';
import type { ContainerRuntime } from '../runtime/container-runtime.ts';
import type { ProbeOutcome, ProbeResult } from './probe-result.ts';
import { runProbe } from './prober.ts';

export type ProbeType = 'liveness' | 'readiness' | 'startup';

const TITLE: Record<ProbeType, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };
const INITIAL: Record<ProbeType, ProbeOutcome> = { liveness: 'success', readiness: 'failure', startup: 'unknown' };

/** What the pod worker knows of a container right now. */
export interface ContainerObservation {
  readonly containerId?: string;
  readonly running: boolean;
  readonly startedAt?: number;
}

export interface ProbeManagerOptions {
  readonly clock: Clock;
  readonly runtime: ContainerRuntime;
  /** A published result changed: the pod needs a sync. */
  readonly onChange: (podUid: string) => void;
  /** A probe attempt failed (or errored): the Unhealthy event. */
  readonly onUnhealthy?: (pod: Pod, container: Container, message: string) => void;
}

class ProbeWorker {
  containerId?: string;
  published: ProbeOutcome;
  private observation: ContainerObservation = { running: false };
  private lastResult?: ProbeOutcome;
  private run = 0;
  private onHold = false;
  private cancel?: () => void;
  private stopped = false;
  private busy = false;

  constructor(
    private readonly manager: ProbeManager,
    readonly pod: Pod,
    private podIP: string,
    readonly container: Container,
    readonly type: ProbeType,
    private readonly probe: Probe,
  ) {
    this.published = INITIAL[type];
    this.schedule(0);
  }

  observe(o: ContainerObservation, podIP: string): void {
    this.podIP = podIP;
    if (o.containerId && o.containerId !== this.containerId) {
      this.containerId = o.containerId;
      this.onHold = false;
      this.lastResult = undefined;
      this.run = 0;
      this.published = INITIAL[this.type];
    }
    this.observation = o;
  }

  stop(): void { this.stopped = true; this.cancel?.(); }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.cancel = this.manager.options.clock.setTimer(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.busy) return;
    this.busy = true;
    try {
      await this.doProbe();
    } finally {
      this.busy = false;
      this.schedule((this.probe.periodSeconds ?? 10) * 1000);
    }
  }

  private async doProbe(): Promise<void> {
    const o = this.observation;
    if (!o.running || !o.containerId || o.containerId !== this.containerId || this.onHold) return;
    const m = this.manager;
    if (m.options.clock.now() - (o.startedAt ?? 0) < (this.probe.initialDelaySeconds ?? 0) * 1000) return;
    if (this.type !== 'startup' && m.result(this.pod.metadata.uid!, this.container.name, 'startup', o.containerId) === 'unknown') return;
    if (this.type === 'startup' && this.published === 'success') return;
    const containerId = o.containerId;
    const r: ProbeResult = await runProbe(this.probe, { podIP: this.podIP, container: this.container, containerId, runtime: m.options.runtime });
    if (this.stopped || containerId !== this.containerId) return;
    if (r.result !== 'success') {
      m.options.onUnhealthy?.(this.pod, this.container, `${TITLE[this.type]} probe ${r.result === 'unknown' ? 'errored' : 'failed'}: ${r.output}`);
      if (r.result === 'unknown') return;
    }
    if (this.lastResult === r.result) this.run++; else { this.lastResult = r.result; this.run = 1; }
    if (r.result === 'failure' && this.run < (this.probe.failureThreshold ?? 3)) return;
    if (r.result === 'success' && this.run < (this.probe.successThreshold ?? 1)) return;
    const changed = this.published !== r.result;
    this.published = r.result;
    if (r.result === 'failure' && (this.type === 'liveness' || this.type === 'startup')) { this.onHold = true; this.run = 0; }
    if (changed) m.options.onChange(this.pod.metadata.uid!);
  }
}

export class ProbeManager {
  private readonly pods = new Map<string, Map<string, ProbeWorker>>();

  constructor(readonly options: ProbeManagerOptions) {}

  /** Starts workers for the pod's probed containers (regular containers and sidecars). */
  addPod(pod: Pod, podIP: string): void {
    const uid = pod.metadata.uid!;
    if (this.pods.has(uid)) return;
    const workers = new Map<string, ProbeWorker>();
    const containers = [...pod.spec.containers, ...(pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
    for (const c of containers) {
      for (const [type, probe] of [['liveness', c.livenessProbe], ['readiness', c.readinessProbe], ['startup', c.startupProbe]] as const) {
        if (probe) workers.set(`${c.name}/${type}`, new ProbeWorker(this, pod, podIP, c, type, probe));
      }
    }
    this.pods.set(uid, workers);
  }

  removePod(uid: string): void {
    for (const w of this.pods.get(uid)?.values() ?? []) w.stop();
    this.pods.delete(uid);
  }

  observe(uid: string, containerName: string, o: ContainerObservation, podIP: string): void {
    for (const type of ['liveness', 'readiness', 'startup'] as const) this.pods.get(uid)?.get(`${containerName}/${type}`)?.observe(o, podIP);
  }

  /**
   * The published result for this container instance; undefined when the container has no such
   * probe. A container the worker has not seen yet gets the initial value.
   */
  result(uid: string, containerName: string, type: ProbeType, containerId: string): ProbeOutcome | undefined {
    const w = this.pods.get(uid)?.get(`${containerName}/${type}`);
    if (!w) return undefined;
    return w.containerId === containerId ? w.published : INITIAL[type];
  }

  close(): void {
    for (const uid of [...this.pods.keys()]) this.removePod(uid);
  }
}
