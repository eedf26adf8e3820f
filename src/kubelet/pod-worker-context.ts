/** What a PodWorker needs from its node (built by PodWorkers). */
import type { Client } from '../client/client.ts';
import type { EventRecorder } from '../controller/event-recorder.ts';
import type { PodIpam } from '../network/ipam.ts';
import type { Clock } from '../util/clock.ts';
import type { ApiObjects } from './api-objects.ts';
import type { Backoff } from './backoff.ts';
import type { Pod } from './pod-types.ts';
import type { ProbeManager } from './prober/probe-manager.ts';
import type { ContainerRuntime } from './runtime/container-runtime.ts';
import type { StatusManager } from './status-manager.ts';

export interface PodWorkerContext {
  readonly nodeName: string;
  readonly hostIP: string;
  readonly rootDir: string;
  readonly runtime: ContainerRuntime;
  readonly clock: Clock;
  readonly client: Client;
  readonly objects: ApiObjects;
  readonly ipam: PodIpam;
  readonly allocatable: Readonly<Record<string, string>>;
  readonly recorder: EventRecorder;
  readonly statuses: StatusManager;
  readonly probes: ProbeManager;
  readonly imageBackoff: Backoff;
  readonly crashBackoff: Backoff;
  readonly pulled: Set<string>;
  /** Service account tokens for projected volumes (undefined: the API issues none). */
  readonly requestToken: (namespace: string, serviceAccount: string, audience: string | undefined, expirationSeconds: number, pod: Pod) => Promise<string | undefined>;
  /** The worker is done (the pod is gone from the API and cleaned up). */
  readonly onDone: (uid: string) => void;
}
