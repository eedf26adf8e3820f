export { newKubelet, type Kubelet, type KubeletOptions } from './kubelet.ts';
export { ec2PrivateDnsName, KUBELET_PORT, KUBELET_VERSION, type Taint } from './node-status.ts';
export type { NodeContext, PodDriver, PodHandler, PodMetrics } from './pod-handler.ts';
export { PodWorkers } from './pod-workers.ts';
export { containerLogPath, podDir, podLogsDir } from './pod-paths.ts';
export { readCriLog, parseCriLine, type LogRecord } from './runtime/cri-log.ts';
export type { ContainerRuntime, ContainerConfig, ContainerStatus, ContainerStats, ExecOptions, PodSandboxConfig } from './runtime/container-runtime.ts';
export { ImagePullError, StartContainerError } from './runtime/container-runtime.ts';
export { ProcessRuntime, type ProcessRuntimeOptions } from './runtime/process/process-runtime.ts';
export { CATALOG, DEFAULT_CATALOG_DIR } from './runtime/process/image-catalog.ts';
export { SimulatedRuntime, type SimulatedRuntimeOptions } from './runtime/simulated/simulated-runtime.ts';
export { DEFAULT_POD_STAGES, type Stage } from './runtime/simulated/stages.ts';
export {
  instanceType, listInstanceTypes, maxPodsFor, nodeResources, prefixDelegationMaxPods, type InstanceType, type NodeResources,
} from '../network/instance-types.ts';
export { NodeBlockAllocator, nodeBlock, PodIpam, processNodeBlocks, type NodeBlock } from '../network/ipam.ts';
