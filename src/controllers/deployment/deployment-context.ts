/**
 * What the deployment sync steps share: the client they write with, the clock, the recorder for
 * the Deployment's Events, the ReplicaSet cache, and how to look at a Deployment again later
 * (progress-deadline checks). The Deployment they receive is the reconciler's private,
 * defaulted copy; they update its status in place, as kube's sync functions do.
 */
import type { Client } from '../../client/client.ts';
import type { EventRecorder } from '../../controller/event-recorder.ts';
import type { Informer } from '../../controller/informer.ts';
import type { Clock } from '../../util/clock.ts';

export interface DeploymentContext {
  readonly client: Client;
  readonly clock: Clock;
  readonly recorder: EventRecorder;
  readonly rsInformer: Informer;
  readonly podInformer: Informer;
  readonly enqueueAfter: (key: string, delayMs: number) => void;
  readonly enqueueRateLimited: (key: string) => void;
}
