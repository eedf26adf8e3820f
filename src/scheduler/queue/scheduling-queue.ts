/**
 * The scheduling queue, after kube-scheduler's PriorityQueue (internal/queue/scheduling_queue.go):
 *
 * - activeQ: pods ready to be tried, ordered by the profile's QueueSort (PrioritySort: priority,
 *   then time in queue), arrival order breaking ties;
 * - backoffQ: pods waiting out their backoff (1s doubling per attempt up to 10s) before activeQ;
 * - unschedulable pods: rejected pods parked until a cluster event that one of the plugins that
 *   rejected them registered (EnqueueExtensions + queueing hints), or for at most 5 minutes;
 * - gated pods: rejected by PreEnqueue (scheduling gates) until the pod itself changes.
 *
 * Events that arrive while a pod is being scheduled are remembered (kube's in-flight events):
 * if one of them could have helped, the pod goes to backoffQ instead of waiting for another.
 * Time comes from the injected clock; timers fire through it.
 */
import type { KubeObject } from '../../api/object.ts';
import type { Clock } from '../../util/clock.ts';
import type { Pod } from '../api-types.ts';
import { type ClusterEvent, EVENT_UNSCHEDULABLE_TIMEOUT, eventMatches } from '../framework/events.ts';
import type { ClusterEventWithHint, QueuedPodInfo, QueueSortPlugin } from '../framework/interface.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import type { Status } from '../framework/status.ts';
import { KeyedHeap } from './keyed-heap.ts';
import { Nominator } from './nominator.ts';

export interface SchedulingQueueOptions {
  readonly clock: Clock;
  readonly queueSort: QueueSortPlugin;
  readonly preEnqueue: (pod: PodInfo) => Status;
  /** Events registered per plugin name. */
  readonly registeredEvents: ReadonlyMap<string, readonly ClusterEventWithHint[]>;
  /** @default 1000 (DefaultPodInitialBackoffDuration) */
  readonly initialBackoffMs?: number;
  /** @default 10000 (DefaultPodMaxBackoffDuration) */
  readonly maxBackoffMs?: number;
  /** @default 300000 (DefaultPodMaxInUnschedulablePodsDuration) */
  readonly maxInUnschedulableMs?: number;
}

interface InFlightEvent { readonly seq: number; readonly event: ClusterEvent; readonly oldObj?: KubeObject; readonly newObj?: KubeObject }

/** The flush period of pods left unschedulable (flushUnschedulablePodsLeftover runs every 30s). */
const UNSCHEDULABLE_FLUSH_MS = 30_000;

export class SchedulingQueue {
  readonly nominator = new Nominator();
  private readonly clock: Clock;
  private readonly o: SchedulingQueueOptions;
  private readonly activeQ: KeyedHeap<QueuedPodInfo>;
  private readonly backoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly inFlightPods = new Map<string, number>();
  private inFlightEvents: InFlightEvent[] = [];
  private eventSeq = 0;
  private seq = 0;
  /** Incremented by every pop (SchedulingCycle). */
  schedulingCycle = 0;
  private waiters: (() => void)[] = [];
  private cancelBackoffTimer: (() => void) | undefined;
  private backoffTimerAt = Infinity;
  private cancelFlushTimer: (() => void) | undefined;
  private closed = false;

  constructor(o: SchedulingQueueOptions) {
    this.o = o;
    this.clock = o.clock;
    const less = (a: QueuedPodInfo, b: QueuedPodInfo) => {
      if (o.queueSort.less(a, b)) return true;
      if (o.queueSort.less(b, a)) return false;
      return a.seq < b.seq;
    };
    this.activeQ = new KeyedHeap((q) => q.podInfo.uid, less);
    this.backoffQ = new KeyedHeap((q) => q.podInfo.uid, (a, b) => {
      const ea = this.backoffExpiry(a);
      const eb = this.backoffExpiry(b);
      return ea < eb || (ea === eb && a.seq < b.seq);
    });
  }

  /** Starts the periodic flush of long-unschedulable pods. */
  run(): void {
    const tick = () => {
      if (this.closed) return;
      this.flushUnschedulablePodsLeftover();
      this.cancelFlushTimer = this.clock.setTimer(tick, UNSCHEDULABLE_FLUSH_MS);
    };
    this.cancelFlushTimer = this.clock.setTimer(tick, UNSCHEDULABLE_FLUSH_MS);
  }

  close(): void {
    this.closed = true;
    this.cancelBackoffTimer?.();
    this.cancelFlushTimer?.();
    for (const w of this.waiters.splice(0)) w();
  }

  private newQueued(podInfo: PodInfo): QueuedPodInfo {
    return { podInfo, timestamp: this.clock.now(), attempts: 0, initialAttemptTimestamp: undefined, unschedulablePlugins: new Set(), gated: false, seq: this.seq++ };
  }

  /** Add: a new unscheduled pod. PreEnqueue decides between activeQ and the gated pool. */
  add(podInfo: PodInfo): void {
    const uid = podInfo.uid;
    if (this.activeQ.has(uid) || this.backoffQ.has(uid) || this.unschedulable.has(uid) || this.inFlightPods.has(uid)) {
      this.update(undefined, podInfo);
      return;
    }
    this.enqueue(this.newQueued(podInfo));
    const nominated = podInfo.pod.status?.nominatedNodeName;
    if (nominated) this.nominator.add(podInfo, nominated);
  }

  /** Runs PreEnqueue and puts the pod in activeQ, or in the pool as gated. */
  private enqueue(q: QueuedPodInfo): void {
    const s = this.o.preEnqueue(q.podInfo);
    if (!s.isSuccess()) {
      q.gated = true;
      q.unschedulablePlugins = new Set(s.plugin ? [s.plugin] : []);
      this.unschedulable.set(q.podInfo.uid, q);
      return;
    }
    q.gated = false;
    this.unschedulable.delete(q.podInfo.uid);
    this.activeQ.addOrUpdate(q);
    this.notify();
  }

  /** Update of an unscheduled pod: refresh where it sits; a real change releases it from the pool. */
  update(oldPod: Pod | undefined, podInfo: PodInfo): void {
    const uid = podInfo.uid;
    this.nominator.update(podInfo);
    for (const heap of [this.activeQ, this.backoffQ]) {
      const q = heap.get(uid);
      if (q) { q.podInfo = podInfo; heap.addOrUpdate(q); return; }
    }
    const q = this.unschedulable.get(uid);
    if (q) {
      const changed = !oldPod || isPodUpdated(oldPod, podInfo.pod);
      q.podInfo = podInfo;
      if (!changed) return;
      if (q.gated) { this.enqueue(q); return; }
      this.unschedulable.delete(uid);
      if (this.isBackingOff(q)) this.addToBackoff(q); else { this.activeQ.addOrUpdate(q); this.notify(); }
      return;
    }
    if (this.inFlightPods.has(uid)) return;
    this.enqueue(this.newQueued(podInfo));
  }

  delete(uid: string): void {
    this.activeQ.delete(uid);
    this.backoffQ.delete(uid);
    this.unschedulable.delete(uid);
    this.nominator.delete(uid);
  }

  /** Pop: the next pod to schedule, or undefined. The pod is in flight until done(). */
  pop(): QueuedPodInfo | undefined {
    const q = this.activeQ.pop();
    if (!q) return undefined;
    q.attempts++;
    q.initialAttemptTimestamp ??= this.clock.now();
    this.schedulingCycle++;
    this.inFlightPods.set(q.podInfo.uid, this.eventSeq);
    return q;
  }

  get activeCount(): number { return this.activeQ.size; }

  /** Resolves once activeQ has a pod or the queue is closed. */
  waitForPod(): Promise<void> {
    if (this.activeQ.size > 0 || this.closed) return Promise.resolve();
    return new Promise((r) => this.waiters.push(r));
  }

  private notify(): void {
    if (this.waiters.length) for (const w of this.waiters.splice(0)) w();
  }

  /** Done: the pod's scheduling attempt is over; events seen during it are no longer needed. */
  done(uid: string): void {
    if (!this.inFlightPods.delete(uid)) return;
    if (this.inFlightPods.size === 0) { this.inFlightEvents = []; return; }
    let min = Infinity;
    for (const s of this.inFlightPods.values()) min = Math.min(min, s);
    let drop = 0;
    while (drop < this.inFlightEvents.length && this.inFlightEvents[drop].seq <= min) drop++;
    if (drop > 0) this.inFlightEvents = this.inFlightEvents.slice(drop);
  }

  /**
   * AddUnschedulableIfNotPresent: a failed attempt. Errors (no rejecting plugin) and pods an event
   * during the attempt may have helped go to backoffQ; the rest wait in the unschedulable pool.
   */
  addUnschedulableIfNotPresent(q: QueuedPodInfo): void {
    const uid = q.podInfo.uid;
    const since = this.inFlightPods.get(uid);
    let helped = q.unschedulablePlugins.size === 0;
    if (!helped && since !== undefined) {
      for (const e of this.inFlightEvents) if (e.seq > since && this.podMatchesEvent(q, e.event, e.oldObj, e.newObj)) { helped = true; break; }
    }
    this.done(uid);
    if (this.activeQ.has(uid) || this.backoffQ.has(uid) || this.unschedulable.has(uid)) return;
    q.timestamp = this.clock.now();
    if (helped) this.addToBackoff(q); else this.unschedulable.set(uid, q);
  }

  /**
   * MoveAllToActiveOrBackoffQueue: pods in the pool that `event` may help move to activeQ, or to
   * backoffQ while their backoff lasts. `preCheck` narrows the pods considered.
   */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, oldObj?: KubeObject, newObj?: KubeObject, preCheck?: (q: QueuedPodInfo) => boolean): void {
    if (this.inFlightPods.size > 0) this.inFlightEvents.push({ seq: ++this.eventSeq, event, oldObj, newObj });
    if (this.unschedulable.size === 0) return;
    let moved = false;
    for (const [uid, q] of this.unschedulable) {
      if (q.gated) continue;
      if (preCheck && !preCheck(q)) continue;
      if (!this.podMatchesEvent(q, event, oldObj, newObj)) continue;
      this.unschedulable.delete(uid);
      if (this.isBackingOff(q)) this.addToBackoff(q); else { this.activeQ.addOrUpdate(q); moved = true; }
    }
    if (moved) this.notify();
  }

  private podMatchesEvent(q: QueuedPodInfo, event: ClusterEvent, oldObj?: KubeObject, newObj?: KubeObject): boolean {
    if (event === EVENT_UNSCHEDULABLE_TIMEOUT || q.unschedulablePlugins.size === 0) return true;
    for (const plugin of q.unschedulablePlugins) {
      for (const reg of this.o.registeredEvents.get(plugin) ?? []) {
        if (!eventMatches(reg.event, event)) continue;
        if (!reg.hint) return true;
        try { if (reg.hint(q.podInfo, oldObj, newObj) === 'Queue') return true; } catch { return true; }
      }
    }
    return false;
  }

  /** calculateBackoffDuration: 0 before any attempt, then initial × 2^(attempts-1), capped. */
  backoffDuration(q: QueuedPodInfo): number {
    if (q.attempts === 0) return 0;
    const initial = this.o.initialBackoffMs ?? 1000;
    const max = this.o.maxBackoffMs ?? 10_000;
    let d = initial;
    for (let i = 1; i < q.attempts; i++) {
      if (d > max - d) return max;
      d += d;
    }
    return Math.min(d, max);
  }

  private backoffExpiry(q: QueuedPodInfo): number { return q.timestamp + this.backoffDuration(q); }

  isBackingOff(q: QueuedPodInfo): boolean { return this.backoffExpiry(q) > this.clock.now(); }

  private addToBackoff(q: QueuedPodInfo): void {
    if (!this.isBackingOff(q)) { this.activeQ.addOrUpdate(q); this.notify(); return; }
    this.backoffQ.addOrUpdate(q);
    this.armBackoffTimer();
  }

  private armBackoffTimer(): void {
    const head = this.backoffQ.peek();
    if (!head || this.closed) return;
    const at = this.backoffExpiry(head);
    if (at >= this.backoffTimerAt) return;
    this.cancelBackoffTimer?.();
    this.backoffTimerAt = at;
    this.cancelBackoffTimer = this.clock.setTimer(() => {
      this.backoffTimerAt = Infinity;
      this.cancelBackoffTimer = undefined;
      this.flushBackoffQCompleted();
    }, at - this.clock.now());
  }

  /** flushBackoffQCompleted: pods whose backoff is over go to activeQ. */
  flushBackoffQCompleted(): void {
    let moved = false;
    for (;;) {
      const head = this.backoffQ.peek();
      if (!head || this.backoffExpiry(head) > this.clock.now()) break;
      this.backoffQ.pop();
      this.activeQ.addOrUpdate(head);
      moved = true;
    }
    if (moved) this.notify();
    this.armBackoffTimer();
  }

  /** flushUnschedulablePodsLeftover: pods parked longer than the maximum get another try. */
  flushUnschedulablePodsLeftover(): void {
    const now = this.clock.now();
    const max = this.o.maxInUnschedulableMs ?? 300_000;
    const stale = new Set<string>();
    for (const [uid, q] of this.unschedulable) if (!q.gated && now - q.timestamp > max) stale.add(uid);
    if (stale.size > 0) this.moveAllToActiveOrBackoffQueue(EVENT_UNSCHEDULABLE_TIMEOUT, undefined, undefined, (q) => stale.has(q.podInfo.uid));
  }

  /** Where each pending pod waits (PendingPods), for tests and diagnostics. */
  pendingPods(): { active: string[]; backoff: string[]; unschedulable: string[]; gated: string[] } {
    const keys = (qs: Iterable<QueuedPodInfo>) => [...qs].map((q) => q.podInfo.key).sort();
    const parked = [...this.unschedulable.values()];
    return {
      active: keys(this.activeQ.values()),
      backoff: keys(this.backoffQ.values()),
      unschedulable: keys(parked.filter((q) => !q.gated)),
      gated: keys(parked.filter((q) => q.gated)),
    };
  }
}

/**
 * isPodUpdated: a change other than resourceVersion, generation, managedFields, finalizers or
 * status — so the scheduler's own status patches never requeue a pod.
 */
export function isPodUpdated(oldPod: Pod, newPod: Pod): boolean {
  const strip = (p: Pod) => {
    const { resourceVersion: _rv, generation: _g, managedFields: _m, finalizers: _f, ...meta } = p.metadata;
    return JSON.stringify([meta, p.spec]);
  };
  return strip(oldPod) !== strip(newPod);
}
