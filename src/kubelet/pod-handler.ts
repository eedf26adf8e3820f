/**
 * How a kubelet hands its pods to whatever runs them: PodWorkers over a ContainerRuntime
 * (process, oci), or a simulated runtime's stage engine. The kubelet itself only registers the
 * node, keeps its lease and status, and feeds pod events (from its spec.nodeName informer) in.
 */
import type { Client } from '../client/client.ts';
import type { EventRecorder } from '../controller/event-recorder.ts';
import type { PodIpam } from '../network/ipam.ts';
import type { Clock } from '../util/clock.ts';
import type { Pod } from './pod-types.ts';
import type { StatusManager } from './status-manager.ts';

/** What a node offers the thing that runs its pods. */
export interface NodeContext {
  readonly nodeName: string;
  readonly hostIP: string;
  readonly client: Client;
  readonly clock: Clock;
  readonly ipam: PodIpam;
  readonly recorder: EventRecorder;
  readonly statuses: StatusManager;
  readonly allocatable: Readonly<Record<string, string>>;
  readonly rootDir: string;
}

/** CPU and memory of one pod's containers, for the metrics API (metrics.k8s.io PodMetrics). */
export interface PodMetrics {
  readonly namespace: string;
  readonly name: string;
  readonly timestamp: number;
  readonly windowSeconds: number;
  readonly containers: readonly { readonly name: string; readonly cpuNanoCores: number; readonly memoryWorkingSetBytes: number }[];
}

export interface PodHandler {
  /** The pod was added or changed (it is bound to this node). */
  onPod(pod: Pod): void;
  /** The pod is gone from the API. */
  onPodDeleted(pod: Pod): void;
  podMetrics(): Promise<PodMetrics[]>;
  stop(): Promise<void>;
}

/** A runtime that drives pods itself instead of through CRI verbs (the simulated runtime). */
export interface PodDriver {
  readonly kind: 'pod-driver';
  readonly name: string;
  readonly version: string;
  attach(node: NodeContext): PodHandler;
  /**
   * Delivers the pods bound to `nodeName` to `handler`, instead of the kubelet's own watch (a
   * driver serving many nodes shares one watch among them); resolves once the pods present have
   * been delivered, with a function that stops the delivery.
   */
  watchPods?(client: Client, nodeName: string, handler: PodHandler, clock: Clock): Promise<() => void>;
}
