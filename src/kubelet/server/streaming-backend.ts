/**
 * What the kubelet's streaming server needs from the kubelet (kubelet's server.HostInterface,
 * reduced to the streaming verbs): the pods bound to the node as the kubelet last saw them, where
 * a container's CRI log is, and which runtime ids exec, attach and port-forward act on.
 *
 * The kubelet injects an implementation when it starts its server; {@link podWorkersBackend}
 * adapts the PodWorkers of a ContainerRuntime-backed node.
 */
import { containerLogPath } from '../pod-paths.ts';
import type { Pod, PodStatus } from '../pod-types.ts';
import type { PodWorkers } from '../pod-workers.ts';
import type { ContainerRuntime } from '../runtime/container-runtime.ts';

export type StreamingRuntime = Pick<ContainerRuntime, 'exec' | 'attach' | 'portForward' | 'containerStatus' | 'subscribe'>;

export interface StreamingBackend {
  /** The pod bound to this node by namespace and name (kubelet's GetPodByName), or undefined. */
  getPod(namespace: string, name: string): Pod | undefined;
  /** The pod status the kubelet last generated (its status manager's), or undefined before the first sync. */
  podStatus(pod: Pod): PodStatus | undefined;
  /**
   * The CRI log file of the container instance with runtime id `containerId` (the id part of a
   * status's `containerID`), or undefined when the runtime no longer has that instance.
   */
  logPath(pod: Pod, container: string, containerId: string): Promise<string | undefined>;
  /** The runtime id of the container's current instance (running or not), or undefined. */
  containerId(pod: Pod, container: string): string | undefined;
  /** The pod's sandbox id (port-forward), or undefined when it has none. */
  sandboxId(pod: Pod): string | undefined;
  readonly runtime: StreamingRuntime;
}

export interface PodWorkersBackendOptions {
  readonly workers: PodWorkers;
  readonly runtime: StreamingRuntime;
  /** The node's root directory (its logs/pods/… tree). */
  readonly rootDir: string;
}

/** The backend of a node whose pods run on PodWorkers over a ContainerRuntime. */
export function podWorkersBackend({ workers, runtime, rootDir }: PodWorkersBackendOptions): StreamingBackend {
  const worker = (pod: Pod) => workers.worker(pod.metadata.namespace ?? '', pod.metadata.name ?? '');
  return {
    getPod: (namespace, name) => workers.worker(namespace, name)?.currentPod,
    podStatus: (pod) => worker(pod)?.status,
    // an instance logs to <attempt>.log (BuildContainerLogsPath), its attempt the runtime's metadata
    logPath: async (pod, container, containerId) => {
      const status = await runtime.containerStatus(containerId).catch(() => undefined);
      return status ? containerLogPath(rootDir, pod, container, status.attempt) : undefined;
    },
    containerId: (pod, container) => worker(pod)?.containerId(container),
    sandboxId: (pod) => worker(pod)?.sandbox,
    runtime,
  };
}
