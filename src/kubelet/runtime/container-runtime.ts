/**
 * The container runtime contract, shaped like the CRI's RuntimeService and ImageService verbs so
 * that the process and oci runtimes — and a future CRI-over-gRPC one — fit the same hole. The
 * kubelet's pod workers are the only callers. Ids are runtime-assigned strings; timestamps are
 * milliseconds on the clock the runtime was given (the kubelet's).
 *
 * Refinements over the CRI, each for a reason:
 * - `pullImage` takes the container's command as well as the image: the process runtime runs
 *   containers on the host, so whether an image "exists" depends on whether its entrypoint can
 *   run here (a catalog stand-in or a host binary).
 * - `subscribe` is the CRI's GetContainerEvents stream (evented PLEG): the kubelet learns of
 *   exits without polling.
 * The simulated runtime is not a ContainerRuntime: it drives pod status from stages (see
 * runtime/simulated/), since at scale no per-container work may exist.
 */
import type { Duplex, Readable, Writable } from 'node:stream';

export interface PodSandboxConfig {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly hostname: string;
  /** The pod IP the network plugin assigned (loopback mode: a 127/8 address; the node's for hostNetwork). */
  readonly ip: string;
  readonly hostNetwork?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  /** Directory for this pod's files (`<rootDir>/pods/<uid>`). */
  readonly podDir: string;
}

export interface Mount { readonly hostPath: string; readonly containerPath: string; readonly readOnly: boolean }

export interface ImageSpec {
  readonly image: string;
  /** The container's command (ENTRYPOINT override), when the manifest gives one. */
  readonly command?: readonly string[];
}

export interface PulledImage {
  /** The image as the runtime names it, for status.containerStatuses[].image ("docker.io/library/nginx:latest"). */
  readonly image: string;
  /** Repository and digest, for status.containerStatuses[].imageID. */
  readonly imageRef: string;
}

export interface ContainerConfig {
  readonly name: string;
  /** The manifest's image reference. */
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly workingDir?: string;
  readonly env: ReadonlyMap<string, string>;
  readonly mounts: readonly Mount[];
  readonly ports?: readonly { containerPort: number; protocol?: string; name?: string }[];
  readonly tty?: boolean;
  readonly stdin?: boolean;
  readonly stdinOnce?: boolean;
  /** Absolute path of the container's log file (CRI log format). */
  readonly logPath: string;
  /** The restart count this container is created for (CRI's metadata.attempt). */
  readonly attempt: number;
  /** The file behind terminationMessagePath. @default "/dev/termination-log" */
  readonly terminationMessagePath?: string;
  readonly terminationMessagePolicy?: 'File' | 'FallbackToLogsOnError';
  readonly resources?: { readonly cpuMillis?: number; readonly memoryLimitBytes?: number };
}

export type ContainerState = 'created' | 'running' | 'exited' | 'unknown';

export interface ContainerStatus {
  readonly id: string;
  readonly sandboxId: string;
  readonly name: string;
  readonly attempt: number;
  readonly state: ContainerState;
  readonly createdAt: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly exitCode?: number;
  /** "Completed", "Error", "OOMKilled", "StartError" for exited containers. */
  readonly reason?: string;
  /** The termination message (terminationMessagePath, or log tail with FallbackToLogsOnError). */
  readonly message?: string;
  readonly image: string;
  readonly imageRef: string;
}

export interface ContainerEvent {
  readonly type: 'started' | 'exited';
  readonly containerId: string;
  readonly sandboxId: string;
}

export interface ExecOptions {
  readonly command: readonly string[];
  readonly tty: boolean;
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
  /** Terminal resize events (tty only). */
  readonly resize?: AsyncIterable<{ width: number; height: number }>;
  readonly signal?: AbortSignal;
  /** Kills the command after this many seconds (exec probes). */
  readonly timeoutSeconds?: number;
}

export interface ContainerStats {
  /** CPU usage rate since the previous sample (or since start), in nanocores. */
  readonly cpuNanoCores: number;
  /** Cumulative CPU time. */
  readonly cpuUsageCoreNanoSeconds: number;
  readonly memoryWorkingSetBytes: number;
  readonly timestamp: number;
}

/** Why an image cannot run: the kubelet reports it as ErrImagePull / ImagePullBackOff. */
export class ImagePullError extends Error {
  override name = 'ImagePullError';
}

/** The container was created but its process could not start (kubelet: RunContainerError, StartError). */
export class StartContainerError extends Error {
  override name = 'StartContainerError';
}

/** An exec that ran past timeoutSeconds (exec probes report a timeout). */
export class ExecTimeoutError extends Error {
  override name = 'ExecTimeoutError';
}

export interface ContainerRuntime {
  /** The runtime's name, the scheme of containerIDs (`ekslite://…`) and of nodeInfo.containerRuntimeVersion. */
  readonly name: string;
  readonly version: string;
  runPodSandbox(config: PodSandboxConfig): Promise<string>;
  stopPodSandbox(sandboxId: string): Promise<void>;
  removePodSandbox(sandboxId: string): Promise<void>;
  /** Checks or fetches the image; rejects with ImagePullError when it cannot be run here. */
  pullImage(spec: ImageSpec): Promise<PulledImage>;
  createContainer(sandboxId: string, config: ContainerConfig): Promise<string>;
  /** Starts the process; rejects with StartContainerError when it cannot be started. */
  startContainer(containerId: string): Promise<void>;
  /** SIGTERM, then SIGKILL after timeoutSeconds; resolves once the container has exited. */
  stopContainer(containerId: string, timeoutSeconds: number): Promise<void>;
  removeContainer(containerId: string): Promise<void>;
  containerStatus(containerId: string): Promise<ContainerStatus>;
  /** Runs a command in the container; resolves with its exit code. */
  exec(containerId: string, options: ExecOptions): Promise<number>;
  /** Attaches to the container's main process stdio until the signal aborts or the container exits. */
  attach(containerId: string, options: Omit<ExecOptions, 'command'>): Promise<void>;
  /** A byte stream to a port inside the pod's network namespace. */
  portForward(sandboxId: string, port: number): Promise<Duplex>;
  containerStats(containerId: string): Promise<ContainerStats | undefined>;
  /** Container lifecycle events; returns an unsubscribe function. */
  subscribe(listener: (event: ContainerEvent) => void): () => void;
  /** Stops everything the runtime started (node shutdown). */
  close(): Promise<void>;
}
