/**
 * Controller expectations, after kube-controller-manager's ControllerExpectations and
 * UIDTrackingControllerExpectations (pkg/controller/controller_utils.go). A controller that has
 * just created or deleted pods records how many add/delete watch events it expects; until its
 * informer has observed them (or the record is 5 minutes old) the controller does not act on its
 * cache again, because a lagging cache would make it create or delete the same pods twice.
 */
import type { Clock } from '../../util/clock.ts';

/** as kube's ExpectationsTimeout: after this an unobserved expectation no longer blocks a sync. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  timestamp: number;
}

export interface ControllerExpectationsOptions {
  readonly clock: Clock;
  /** @default {@link EXPECTATIONS_TIMEOUT_MS} */
  readonly timeoutMs?: number;
}

/** Counts of expected creations and deletions per controller key ("namespace/name"). */
export class ControllerExpectations {
  private readonly records = new Map<string, Expectation>();
  private readonly clock: Clock;
  private readonly timeoutMs: number;

  constructor(options: ControllerExpectationsOptions) {
    this.clock = options.clock;
    this.timeoutMs = options.timeoutMs ?? EXPECTATIONS_TIMEOUT_MS;
  }

  /**
   * Whether the controller may sync: true when nothing is recorded (a new controller, or one
   * whose expectations were deleted), when everything expected was observed, or when the record
   * expired (events can be lost; a stuck controller is worse than a rare double action).
   */
  satisfiedExpectations(key: string): boolean {
    const e = this.records.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.clock.now() - e.timestamp > this.timeoutMs;
  }

  /** Replaces the record: `adds` creations expected from now. */
  expectCreations(key: string, adds: number): void { this.set(key, adds, 0); }

  /** Replaces the record: `dels` deletions expected from now. */
  expectDeletions(key: string, dels: number): void { this.set(key, 0, dels); }

  /** Adds to a record that exists (controller.RaiseExpectations). */
  raiseExpectations(key: string, add: number, del: number): void {
    const e = this.records.get(key);
    if (e) { e.add += add; e.del += del; }
  }

  /** Lowers a record that exists (controller.LowerExpectations); missing records stay missing. */
  lowerExpectations(key: string, add: number, del: number): void {
    const e = this.records.get(key);
    if (e) { e.add -= add; e.del -= del; }
  }

  creationObserved(key: string): void { this.lowerExpectations(key, 1, 0); }

  deletionObserved(key: string): void { this.lowerExpectations(key, 0, 1); }

  deleteExpectations(key: string): void { this.records.delete(key); }

  /** The outstanding counts, for tests and logs. */
  get(key: string): { add: number; del: number } | undefined {
    const e = this.records.get(key);
    return e ? { add: e.add, del: e.del } : undefined;
  }

  private set(key: string, add: number, del: number): void {
    this.records.set(key, { add, del, timestamp: this.clock.now() });
  }
}

/**
 * Expectations that also remember WHICH pods are expected to go (by "namespace/name"), so a
 * deletion is counted once whether it is observed as the deletionTimestamp update or as the
 * delete event, and deletions of other pods are not counted (UIDTrackingControllerExpectations).
 */
export class UIDTrackingControllerExpectations extends ControllerExpectations {
  private readonly pending = new Map<string, Set<string>>();

  /** Expects exactly these pods to be deleted; replaces earlier expectations. */
  expectDeletionsOf(key: string, podKeys: readonly string[]): void {
    const existing = this.pending.get(key);
    if (existing && existing.size > 0) {
      console.error(`expectations: clobbering ${existing.size} pending delete keys of ${key}`);
    }
    this.pending.set(key, new Set(podKeys));
    this.expectDeletions(key, podKeys.length);
  }

  /** Counts the deletion of podKey if it was expected; repeated observations are ignored. */
  deletionObservedOf(key: string, podKey: string): void {
    const keys = this.pending.get(key);
    if (keys?.delete(podKey)) this.lowerExpectations(key, 0, 1);
  }

  /** The pod keys still expected to be deleted. */
  pendingDeletions(key: string): ReadonlySet<string> {
    return this.pending.get(key) ?? new Set();
  }

  override deleteExpectations(key: string): void {
    this.pending.delete(key);
    super.deleteExpectations(key);
  }
}
