/**
 * A long-running part of a cluster (storage, API server, controllers, kubelets…), after
 * controller-runtime's manager.Runnable, adapted so that the supervisor can start parts in ordered
 * groups: `start` resolves once the part is ready to be depended on and returns how to stop it.
 */
export interface Runnable {
  readonly name: string;
  start(signal: AbortSignal): Promise<Started>;
}

export interface Started {
  /** Stops the part and resolves when it has released its resources. */
  stop(): Promise<void>;
}
