export { type KubeletClientOptions, type KubeletLocation, kubeletLocation } from './kubelet-client.ts';
export { handleStreamingRequest, isStreamingRequest, STREAMING_SUBRESOURCES } from './streaming-request.ts';
export type { StreamingDeps, StreamStatus } from './streaming-deps.ts';
export { handleUpgrade, upgradeOf, type UpgradeContext, type UpgradeDeps } from './upgrade.ts';
