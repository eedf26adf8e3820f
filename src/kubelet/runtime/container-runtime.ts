/**
 * The container runtime contract, shaped like the CRI's RuntimeService verbs so that the process,
 * simulated and oci runtimes — and a future CRI-over-gRPC one — fit the same hole. The kubelet's
 * pod workers are the only callers. Ids are runtime-assigned strings.
 */
import type { Duplex, Readable, Writable } from 'node:stream';

export interface PodSandboxConfig {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly hostname: string;
  /** The pod IP the network plugin assigned (loopback mode: a 127/8 address). */
  readonly ip?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Directory for this pod's files (volumes, logs). */
  readonly podDir: string;
}

export interface Mount { readonly hostPath: string; readonly containerPath: string; readonly readOnly: boolean }

export interface ContainerConfig {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly workingDir?: string;
  readonly env: Readonly<Record<string, string>>;
  readonly mounts: readonly Mount[];
  readonly ports?: readonly { containerPort: number; protocol?: string; name?: string }[];
  readonly tty?: boolean;
  readonly stdin?: boolean;
  readonly stdinOnce?: boolean;
  /** Absolute path of the container's log file (CRI log format). */
  readonly logPath: string;
  readonly resources?: { readonly cpuMillis?: number; readonly memoryBytes?: number };
}

export type ContainerState = 'created' | 'running' | 'exited' | 'unknown';

export interface ContainerStatus {
  readonly id: string;
  readonly name: string;
  readonly state: ContainerState;
  readonly createdAt: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly exitCode?: number;
  /** e.g. "Completed", "Error", "OOMKilled" for exited containers. */
  readonly reason?: string;
  readonly message?: string;
  /** Resolved image reference and digest, for status.containerStatuses[].imageID. */
  readonly imageRef?: string;
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
}

export interface ContainerStats { readonly cpuNanoCores: number; readonly memoryWorkingSetBytes: number; readonly timestamp: number }

/** Why an image cannot run: the kubelet reports it as ErrImagePull / ImagePullBackOff. */
export class ImagePullError extends Error {
  override name = 'ImagePullError';
}

export interface ContainerRuntime {
  readonly name: string;
  runPodSandbox(config: PodSandboxConfig): Promise<string>;
  stopPodSandbox(sandboxId: string): Promise<void>;
  removePodSandbox(sandboxId: string): Promise<void>;
  /** Checks or fetches the image; rejects with ImagePullError when it cannot be run. */
  pullImage(image: string): Promise<string>;
  createContainer(sandboxId: string, config: ContainerConfig): Promise<string>;
  startContainer(containerId: string): Promise<void>;
  /** SIGTERM, then SIGKILL after timeoutSeconds. */
  stopContainer(containerId: string, timeoutSeconds: number): Promise<void>;
  removeContainer(containerId: string): Promise<void>;
  containerStatus(containerId: string): Promise<ContainerStatus>;
  /** Runs a command in the container; resolves with its exit code. */
  exec(containerId: string, options: ExecOptions): Promise<number>;
  /** Attaches to the container's main process stdio. */
  attach(containerId: string, options: Omit<ExecOptions, 'command'>): Promise<void>;
  /** A byte stream to a port inside the pod's network namespace. */
  portForward(sandboxId: string, port: number): Promise<Duplex>;
  containerStats(containerId: string): Promise<ContainerStats | undefined>;
}
