/** What the streaming subresources need from the API server. */
import type { Registry } from '../../registry/registry.ts';
import type { KubeletClientOptions } from './kubelet-client.ts';

export interface StreamingDeps {
  /** Pods and nodes are read from here (the pod to stream from, its node's kubelet address). */
  readonly registry: Registry;
  /** TLS towards kubelets. @default no client certificate, kubelet certificates not verified */
  readonly kubeletClient?: KubeletClientOptions;
}

/** metav1.Status as it travels on a remote command's error channel (no kind/apiVersion, as kube writes it). */
export interface StreamStatus {
  readonly metadata: Record<string, never>;
  readonly status: 'Success' | 'Failure';
  readonly message?: string;
  readonly reason?: string;
  readonly details?: { readonly causes?: readonly { readonly reason?: string; readonly message?: string }[] };
  readonly code?: number;
}

export const STREAM_SUCCESS: StreamStatus = { metadata: {}, status: 'Success' };

/** apierrors.NewInternalError as it goes on the error channel. */
export function internalStreamStatus(message: string): StreamStatus {
  return { metadata: {}, status: 'Failure', message: `Internal error occurred: ${message}`, reason: 'InternalError', details: { causes: [{ message }] }, code: 500 };
}
