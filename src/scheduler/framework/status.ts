/**
 * The result of running a plugin, after kube-scheduler's framework.Status (interface.go): a code
 * and reasons. Success is the shared {@link SUCCESS} value so that the hot path allocates nothing;
 * failures carry one reason per cause ("Insufficient cpu", "Insufficient memory"), counted one by
 * one in the FailedScheduling message.
 */
export type Code =
  /** The plugin ran correctly and found the pod schedulable. */
  | 'Success'
  /** An internal error: the pod goes to backoff, no preemption is tried. */
  | 'Error'
  /** The pod does not fit; preemption may help. */
  | 'Unschedulable'
  /** The pod does not fit and preemption would not help (a node label, a taint, a missing volume). */
  | 'UnschedulableAndUnresolvable'
  /** Permit: wait before binding. */
  | 'Wait'
  /** PreFilter/PreScore: nothing for this pod; skip the plugin's Filter/Score for this cycle. */
  | 'Skip'
  /** The pod waits for something outside scheduling (kube's Pending). */
  | 'Pending';

export class Status {
  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    /** The plugin that produced the status, when known. */
    readonly plugin = '',
    readonly error?: Error,
  ) {}

  isSuccess(): boolean { return this.code === 'Success'; }
  isSkip(): boolean { return this.code === 'Skip'; }
  /** Unschedulable or UnschedulableAndUnresolvable (kube's IsRejected). */
  isRejected(): boolean { return this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable' || this.code === 'Pending'; }

  /** The reasons joined by ", " (Status.Message). */
  message(): string { return this.reasons.join(', '); }

  /** The same status attributed to `plugin` (Status.WithPlugin); SUCCESS stays shared. */
  withPlugin(plugin: string): Status {
    if (this.plugin === plugin || this.code === 'Success') return this;
    return new Status(this.code, this.reasons, plugin, this.error);
  }

  asError(): Error | undefined {
    if (this.code === 'Success' || this.code === 'Skip') return undefined;
    return this.error ?? new Error(this.message());
  }
}

export const SUCCESS = new Status('Success');
export const SKIP = new Status('Skip');

export function unschedulable(...reasons: string[]): Status { return new Status('Unschedulable', reasons); }
export function unresolvable(...reasons: string[]): Status { return new Status('UnschedulableAndUnresolvable', reasons); }

/** framework.AsStatus: an Error status carrying the error and its message as the reason. */
export function asStatus(err: unknown): Status {
  const e = err instanceof Error ? err : new Error(String(err));
  return new Status('Error', [e.message], '', e);
}
