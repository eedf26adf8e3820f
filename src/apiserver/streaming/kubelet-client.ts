/**
 * The API server's side of the kubelet connection (kube's pkg/kubelet/client): where a node's
 * kubelet listens — its InternalIP and status.daemonEndpoints.kubeletEndpoint.Port, as EKS
 * configures --kubelet-preferred-address-types with InternalIP first — and the two kinds of
 * request made to it: a plain GET (container logs) and a WebSocket (exec, attach, port-forward;
 * the kubelet's streaming protocols, see src/kubelet/server/kubelet-server.ts).
 *
 * TLS: the kubelet's serving certificate is verified only when `caPem` is given, as
 * kube-apiserver verifies it only with --kubelet-certificate-authority; a client certificate
 * (--kubelet-client-certificate) is presented when given.
 */
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { WebSocket } from 'ws';
import type { KubeObject } from '../../api/object.ts';

export interface KubeletClientOptions {
  /** Client certificate and key presented to kubelets. @default none */
  readonly certPem?: string;
  readonly keyPem?: string;
  /** CA verifying kubelet serving certificates. @default not verified */
  readonly caPem?: string;
}

export interface KubeletLocation {
  readonly nodeName: string;
  readonly host: string;
  readonly port: number;
}

/** kubelet's default port, used when the Node reports none (kube's KubeletPort default). */
const DEFAULT_KUBELET_PORT = 10250;
const PREFERRED_ADDRESS_TYPES = ['InternalIP', 'ExternalIP', 'InternalDNS', 'Hostname'];

/** Where a node's kubelet listens, or undefined when the Node has no usable address. */
export function kubeletLocation(node: KubeObject): KubeletLocation | undefined {
  const status = (node.status ?? {}) as {
    addresses?: { type?: string; address?: string }[];
    daemonEndpoints?: { kubeletEndpoint?: { Port?: number } };
  };
  const addresses = status.addresses ?? [];
  for (const type of PREFERRED_ADDRESS_TYPES) {
    const a = addresses.find((x) => x.type === type && x.address);
    if (a) return { nodeName: node.metadata.name ?? '', host: a.address!, port: status.daemonEndpoints?.kubeletEndpoint?.Port || DEFAULT_KUBELET_PORT };
  }
  return undefined;
}

export function kubeletUrl(location: KubeletLocation, path: string, query: URLSearchParams, scheme: 'https' | 'wss' = 'https'): string {
  const host = location.host.includes(':') ? `[${location.host}]` : location.host;
  const q = query.toString();
  return `${scheme}://${host}:${location.port}${path}${q ? `?${q}` : ''}`;
}

function tlsOptions(options: KubeletClientOptions) {
  return {
    rejectUnauthorized: !!options.caPem,
    ...(options.caPem ? { ca: options.caPem } : {}),
    ...(options.certPem && options.keyPem ? { cert: options.certPem, key: options.keyPem } : {}),
  };
}

/** GET on the kubelet; resolves with the response (any status) once its head arrived. */
export function kubeletGet(url: string, options: KubeletClientOptions, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', ...tlsOptions(options), signal }, resolve);
    req.on('error', reject);
    req.end();
  });
}

/** The kubelet refused the WebSocket handshake: its status code and (text) body. */
export class KubeletUpgradeError extends Error {
  override name = 'KubeletUpgradeError';
  constructor(readonly code: number, readonly body: string) { super(body); }
}

/**
 * Opens a WebSocket to the kubelet with one subprotocol; rejects with KubeletUpgradeError on a
 * non-101 answer. The socket is handed over paused, so that nothing the kubelet sends is lost
 * before the caller listens: call `resume()` once the 'message' listener is on.
 */
export function kubeletWebSocket(url: string, protocol: string, options: KubeletClientOptions): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, [protocol], { ...tlsOptions(options), perMessageDeflate: false });
    ws.once('open', () => { ws.pause(); ws.removeAllListeners('error'); ws.on('error', () => {}); resolve(ws); });
    ws.once('unexpected-response', (req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        reject(new KubeletUpgradeError(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8').trim()));
        req.destroy();
      });
      res.on('error', () => reject(new KubeletUpgradeError(res.statusCode ?? 0, '')));
    });
    ws.once('error', reject);
  });
}
