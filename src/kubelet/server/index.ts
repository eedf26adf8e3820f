export { KubeletHttpError, logContainerId, parseLogOptions } from './container-logs.ts';
export { streamCriLog, type LogFollowControl, type ReadLogOptions } from './cri-log-stream.ts';
export { parseRoute, startKubeletServer, type KubeletServerOptions, type RunningKubeletServer } from './kubelet-server.ts';
export { podWorkersBackend, type PodWorkersBackendOptions, type StreamingBackend, type StreamingRuntime } from './streaming-backend.ts';
