/**
 * The level-triggered controller contract, after controller-runtime's reconcile package:
 * `reconcile(key)` reads the world (through listers and the client) and converges it. Throwing
 * requeues the key with back-off; a {@link TerminalError} is logged and not retried; a result
 * with `requeueAfterMs` schedules the next look.
 */
export interface ReconcileResult {
  readonly requeueAfterMs?: number;
}

export interface Reconciler {
  reconcile(key: string, signal: AbortSignal): Promise<ReconcileResult | void>;
}

/** An error that retrying cannot fix (invalid spec…): the key is dropped until the next event. */
export class TerminalError extends Error {
  override name = 'TerminalError';
}
