/**
 * One pod's serialized state machine, after kubelet's pod workers (pod_workers.go: SyncPod,
 * SyncTerminatingPod, SyncTerminatedPod) and kuberuntime's SyncPod/computePodActions. Every
 * trigger (a pod update, a container event, a probe result, a back-off ending, the periodic
 * resync) marks the worker dirty; one sync runs at a time and a dirty worker syncs again.
 *
 * States: syncing → terminating (deletion, or a restartPolicy that ends the pod) → terminated.
 * A deleted pod's worker, once its containers are stopped and its sandbox, address and volumes
 * released, writes the final status and deletes the pod with gracePeriodSeconds 0 (the status
 * manager's final delete), then cleans the pod's directories.
 */
import { rm } from 'node:fs/promises';
import { formatDuration } from './backoff.ts';
import type { ContainerRecord } from './container-record.ts';
import { startContainer } from './container-starter.ts';
import { runLifecycleHandler } from './lifecycle-handler.ts';
import { podDir, podLogsDir } from './pod-paths.ts';
import { PodSandbox, SANDBOX_RETRY_MS } from './pod-sandbox.ts';
import type { PodWorkerContext } from './pod-worker-context.ts';
export type { PodWorkerContext } from './pod-worker-context.ts';
import { allContainersDone, crashBackoffKey, crashLoopWait, shouldRestart } from './restart-policy.ts';
import { type ContainerView, generatePodStatus } from './pod-status.ts';
import { type Container, formatPod, isRestartableInit, type Pod, type PodStatus, PODS } from './pod-types.ts';

/** kubelet's minimumGracePeriodInSeconds. */
const MIN_GRACE_SECONDS = 2;
/** kubelet's syncFrequency: volumes are refreshed and the pod re-checked this often. */
const RESYNC_MS = 60_000;

export class PodWorker {
  private state: 'syncing' | 'terminating' | 'terminated' = 'syncing';
  private readonly records = new Map<string, ContainerRecord>();
  private readonly sandboxState: PodSandbox;
  private startTime?: number;
  private lastStatus?: PodStatus;
  private finished = false;
  private running = false;
  private dirty = false;
  private gone = false;
  private seen = false;
  private wake?: { at: number; cancel: () => void };
  private failure?: { reason: string; message: string };

  constructor(private pod: Pod, private readonly ctx: PodWorkerContext) {
    this.startTime = pod.status?.startTime ? Date.parse(pod.status.startTime) : undefined;
    this.sandboxState = new PodSandbox(ctx, pod.metadata.uid!);
  }

  private get sandboxId(): string | undefined { return this.sandboxState.id; }
  private get podIP(): string | undefined { return this.sandboxState.podIP; }

  get uid(): string { return this.pod.metadata.uid!; }
  get currentPod(): Pod { return this.pod; }
  get sandbox(): string | undefined { return this.sandboxId; }
  containerId(name: string): string | undefined { return this.records.get(name)?.current?.id; }

  /**
   * A new version of the pod. As kubelet's pod config, changes of status alone (most of them
   * this kubelet's own writes) do not trigger a sync; spec and metadata changes do.
   */
  update(pod: Pod): void {
    const before = this.pod;
    this.pod = pod;
    const meta = (p: Pod) => JSON.stringify([p.spec, p.metadata.labels, p.metadata.annotations, p.metadata.deletionTimestamp, p.metadata.deletionGracePeriodSeconds]);
    if (!this.seen || meta(before) !== meta(pod)) { this.seen = true; this.kick(); }
  }

  /** The pod is gone from the API (deleted, possibly forcefully). */
  remove(): void { this.gone = true; this.kick(); }

  kick(): void {
    if (this.running) { this.dirty = true; return; }
    this.running = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.dirty = false;
        try {
          await this.sync();
        } catch (e) {
          console.error(`kubelet: sync of pod ${formatPod(this.pod)}: ${(e as Error).stack ?? e}`);
          this.wakeAt(this.ctx.clock.now() + SANDBOX_RETRY_MS);
        }
      } while (this.dirty);
    } finally {
      this.running = false;
    }
  }

  private wakeAt(at: number): void {
    if (this.wake && this.wake.at <= at) return;
    this.wake?.cancel();
    const cancel = this.ctx.clock.setTimer(() => { this.wake = undefined; this.kick(); }, Math.max(0, at - this.ctx.clock.now()));
    this.wake = { at, cancel };
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string, c?: Container): void {
    const isInit = c && (this.pod.spec.initContainers ?? []).some((x) => x.name === c.name);
    const fieldPath = c ? `spec.${isInit ? 'initContainers' : 'containers'}{${c.name}}` : undefined;
    this.ctx.recorder.event(this.pod, type, reason, message, fieldPath);
  }

  private async sync(): Promise<void> {
    if (this.state === 'terminated') {
      if (this.gone || this.pod.metadata.deletionTimestamp) await this.finish();
      return;
    }
    await this.refreshContainers();
    if (this.gone || this.pod.metadata.deletionTimestamp || this.state === 'terminating') {
      await this.terminate();
      return;
    }
    await this.syncPod();
  }

  private async refreshContainers(): Promise<void> {
    for (const rec of this.records.values()) {
      if (rec.current) rec.current = await this.ctx.runtime.containerStatus(rec.current.id).catch(() => rec.current);
    }
  }

  private rec(name: string): ContainerRecord {
    let r = this.records.get(name);
    if (!r) { r = { restartCount: 0 }; this.records.set(name, r); }
    return r;
  }

  private async syncPod(): Promise<void> {
    const { ctx, pod } = this;
    const now = ctx.clock.now();
    this.startTime ??= now;
    this.wakeAt(now + RESYNC_MS);
    const deadline = pod.spec.activeDeadlineSeconds;
    if (deadline !== undefined && now - this.startTime >= deadline * 1000) {
      this.failure = { reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' };
      this.event('Normal', 'DeadlineExceeded', this.failure.message);
      this.state = 'terminating';
      await this.terminate();
      return;
    }
    if (deadline !== undefined) this.wakeAt(this.startTime + deadline * 1000);
    const report = (type: 'Normal' | 'Warning', reason: string, message: string) => this.event(type, reason, message);
    if (!this.sandboxId) {
      this.publish();
      if (!(await this.sandboxState.create(pod, report))) {
        this.wakeAt(ctx.clock.now() + SANDBOX_RETRY_MS);
        this.publish();
        return;
      }
    } else if (now - this.sandboxState.lastVolumeSync >= RESYNC_MS) {
      await this.sandboxState.mountVolumes(pod, report);
    }
    const services = await this.sandboxState.services(pod);
    const start = (c: Container) => startContainer({
      pod, container: c, record: this.rec(c.name), sandboxId: this.sandboxId!, podIP: this.podIP!, hostIP: ctx.hostIP,
      runtime: ctx.runtime, clock: ctx.clock, objects: ctx.objects, rootDir: ctx.rootDir, allocatable: ctx.allocatable, services,
      volumes: this.sandboxState.volumes, imageBackoff: ctx.imageBackoff, pulled: ctx.pulled,
      event: (type, reason, message) => this.event(type, reason, message, c), wakeAt: (at) => this.wakeAt(at),
    });

    // init containers, one at a time, in order (sidecars stay running)
    let initDone = true;
    for (const c of pod.spec.initContainers ?? []) {
      const r = this.rec(c.name);
      const cur = r.current;
      if (isRestartableInit(c)) {
        if (cur?.state === 'running') { await this.checkProbes(c, r); if (this.started(c, r)) continue; initDone = false; break; }
        if (!cur || (await this.mayRestart(c, r, true))) await this.startOrRestart(c, r, start);
        initDone = false;
        break;
      }
      if (cur?.state === 'exited' && cur.exitCode === 0) continue;
      initDone = false;
      if (cur?.state === 'running') break;
      if (cur?.state === 'exited') {
        if ((pod.spec.restartPolicy ?? 'Always') === 'Never') { this.state = 'terminating'; await this.terminate(); return; }
        if (await this.mayRestart(c, r, true)) await this.startOrRestart(c, r, start);
        break;
      }
      await start(c);
      break;
    }

    if (initDone) {
      for (const c of pod.spec.containers) {
        const r = this.rec(c.name);
        if (r.current?.state === 'running') { await this.checkProbes(c, r); continue; }
        if (!r.current) { await start(c); continue; }
        if (await this.mayRestart(c, r, false)) await this.startOrRestart(c, r, start);
      }
      if (allContainersDone(pod, (n) => this.records.get(n)?.current)) { this.state = 'terminating'; await this.terminate(); return; }
    }
    this.publish();
  }

  /** Whether an exited container restarts now (restart-policy.ts); sets CrashLoopBackOff when it must wait. */
  private async mayRestart(c: Container, r: ContainerRecord, isInit: boolean): Promise<boolean> {
    const cur = r.current;
    if (!cur || cur.state !== 'exited') return false;
    if (!shouldRestart(this.pod, c, cur, isInit)) { if (r.waiting?.reason !== 'RunContainerError') r.waiting = undefined; return false; }
    const finished = cur.finishedAt ?? this.ctx.clock.now();
    const wait = crashLoopWait(this.ctx.crashBackoff, crashBackoffKey(this.pod, c), finished);
    if (wait === undefined) return true;
    this.event('Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${formatPod(this.pod)}`, c);
    r.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${formatDuration(wait)} restarting failed container=${c.name} pod=${formatPod(this.pod)}` };
    this.wakeAt(finished + wait);
    return false;
  }

  private async startOrRestart(c: Container, r: ContainerRecord, start: (c: Container) => Promise<boolean>): Promise<void> {
    if (r.current) {
      if (r.previous) await this.ctx.runtime.removeContainer(r.previous.id).catch(() => {});
      r.previous = r.current;
      r.current = undefined;
      r.restartCount++;
    }
    await start(c);
  }

  /** Kills a container whose liveness or startup probe failed (kuberuntime computePodActions). */
  private async checkProbes(c: Container, r: ContainerRecord): Promise<void> {
    const cur = r.current!;
    this.ctx.probes.observe(this.uid, c.name, { containerId: cur.id, running: true, startedAt: cur.startedAt }, this.podIP!);
    let which: string | undefined;
    if (this.ctx.probes.result(this.uid, c.name, 'liveness', cur.id) === 'failure') which = 'liveness';
    else if (this.ctx.probes.result(this.uid, c.name, 'startup', cur.id) === 'failure') which = 'startup';
    if (!which) return;
    this.event('Normal', 'Killing', `Container ${c.name} failed ${which} probe, will be restarted`, c);
    const probe = which === 'liveness' ? c.livenessProbe : c.startupProbe;
    const grace = probe?.terminationGracePeriodSeconds ?? this.pod.spec.terminationGracePeriodSeconds ?? 30;
    await this.stopContainer(c, r, grace);
    // the restart itself happens in the next sync, as for any exited container
    this.kick();
  }

  private started(c: Container, r: ContainerRecord): boolean {
    const cur = r.current;
    if (cur?.state !== 'running') return false;
    return !c.startupProbe || this.ctx.probes.result(this.uid, c.name, 'startup', cur.id) === 'success';
  }

  private ready(c: Container, r: ContainerRecord): boolean {
    const cur = r.current;
    if (cur?.state !== 'running' || !this.started(c, r)) return false;
    return !c.readinessProbe || this.ctx.probes.result(this.uid, c.name, 'readiness', cur.id) === 'success';
  }

  private async stopContainer(c: Container, r: ContainerRecord, graceSeconds: number): Promise<void> {
    const cur = r.current;
    if (!cur || cur.state !== 'running') return;
    const deadline = this.ctx.clock.now() + graceSeconds * 1000;
    if (c.lifecycle?.preStop) {
      const ac = new AbortController();
      const cancel = this.ctx.clock.setTimer(() => ac.abort(), graceSeconds * 1000);
      const failed = await runLifecycleHandler(c.lifecycle.preStop, { runtime: this.ctx.runtime, containerId: cur.id, container: c, podIP: this.podIP!, clock: this.ctx.clock, signal: ac.signal });
      cancel();
      if (failed) this.event('Warning', 'FailedPreStopHook', `PreStopHook failed: ${failed}`, c);
    }
    const remaining = Math.max(MIN_GRACE_SECONDS, Math.ceil((deadline - this.ctx.clock.now()) / 1000));
    await this.ctx.runtime.stopContainer(cur.id, remaining);
    r.current = await this.ctx.runtime.containerStatus(cur.id);
  }

  /** SyncTerminatingPod then SyncTerminatedPod: stop everything, release the node's resources. */
  private async terminate(): Promise<void> {
    const { ctx, pod } = this;
    this.state = 'terminating';
    const requested = this.gone ? 0 : pod.metadata.deletionGracePeriodSeconds ?? (pod.metadata.deletionTimestamp ? pod.spec.terminationGracePeriodSeconds ?? 30 : 0);
    const grace = Math.max(MIN_GRACE_SECONDS, requested);
    const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
    const running = all.filter((c) => this.records.get(c.name)?.current?.state === 'running');
    for (const c of running) this.event('Normal', 'Killing', `Stopping container ${c.name}`, c);
    await Promise.all(running.map((c) => this.stopContainer(c, this.rec(c.name), grace)));
    for (const r of this.records.values()) if (r.current?.state === 'exited') r.waiting = undefined;
    await this.sandboxState.release();
    this.state = 'terminated';
    this.wake?.cancel();
    this.wake = undefined;
    this.publish();
    await ctx.statuses.flush(this.uid);
    if (this.gone || pod.metadata.deletionTimestamp) await this.finish();
  }

  /** The final delete (status manager's canBeDeleted → Delete with grace 0) and directory cleanup. */
  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const { ctx, pod } = this;
    if (!this.gone) {
      try {
        await ctx.client.resource(PODS).namespace(pod.metadata.namespace ?? 'default').delete(pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: this.uid } });
      } catch (e) {
        const code = (e as { code?: number }).code;
        if (code !== 404 && code !== 409) throw e;
      }
    }
    if (this.sandboxId) await ctx.runtime.removePodSandbox(this.sandboxId);
    await rm(podDir(ctx.rootDir, this.uid), { recursive: true, force: true });
    await rm(podLogsDir(ctx.rootDir, pod), { recursive: true, force: true });
    ctx.statuses.forget(this.uid);
    ctx.crashBackoff.resetPrefix(crashBackoffKey(pod, { name: '' }));
    ctx.imageBackoff.resetPrefix(`${this.uid}_`);
    this.gone = true;
    ctx.onDone(this.uid);
  }

  /** Computes the API status and hands it to the status manager (unless the pod is gone). */
  private publish(): void {
    if (this.gone) return;
    const views = new Map<string, ContainerView>();
    for (const c of [...(this.pod.spec.initContainers ?? []), ...this.pod.spec.containers]) {
      const r = this.records.get(c.name);
      if (!r) continue;
      views.set(c.name, { ...r, ready: this.ready(c, r), started: this.started(c, r) });
    }
    const status = generatePodStatus({
      pod: this.pod, views, runtimeName: this.ctx.runtime.name, hostIP: this.ctx.hostIP, podIP: this.podIP,
      startTime: this.startTime, sandboxReady: !!this.sandboxId && this.state === 'syncing', terminal: this.state !== 'syncing',
      previous: this.lastStatus, now: this.ctx.clock.now(),
    });
    if (this.failure) { status.phase = 'Failed'; status.reason = this.failure.reason; status.message = this.failure.message; }
    this.lastStatus = status;
    this.ctx.statuses.setPodStatus(this.pod, status);
  }

  /** Latest computed status (for tests and the metrics API). */
  get status(): PodStatus | undefined { return this.lastStatus; }
}
