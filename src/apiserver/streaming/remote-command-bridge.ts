/**
 * Joins a client's exec/attach session (any protocol) to the kubelet's, which speaks
 * v5.channel.k8s.io over WebSocket — the role kube-apiserver's StreamTranslatorHandler plays
 * between a WebSocket client and the kubelet's SPDY. stdin, its close and resizes go to the
 * kubelet; stdout and stderr come back; the kubelet's Status (channel 3) becomes the client's.
 */
import type { WebSocket } from 'ws';
import type { ClientSession } from './client-session.ts';
import { type KubeletClientOptions, KubeletUpgradeError, kubeletWebSocket } from './kubelet-client.ts';
import { internalStreamStatus, type StreamStatus } from './streaming-deps.ts';

export const KUBELET_REMOTE_COMMAND_PROTOCOL = 'v5.channel.k8s.io';

/** Opens the kubelet's side of an exec/attach (paused, see kubeletWebSocket). */
export function dialRemoteCommand(kubeletUrl: string, tls: KubeletClientOptions): Promise<WebSocket> {
  return kubeletWebSocket(kubeletUrl, KUBELET_REMOTE_COMMAND_PROTOCOL, tls);
}

/** How a failed dial reads in a Status, as client-go's upgrade errors word it. */
export function dialFailure(e: unknown): string {
  return e instanceof KubeletUpgradeError ? `unable to upgrade connection: ${e.body}` : `error dialing backend: ${(e as Error).message}`;
}

/**
 * Dials the kubelet for a client already upgraded (WebSocket, as kube's translator does), and
 * bridges. A kubelet that refuses (container not running, say) is reported on the client's error
 * channel as the translator reports it: InternalError `unable to upgrade connection: …`.
 */
export async function dialAndBridge(client: ClientSession, kubeletUrl: string, tls: KubeletClientOptions): Promise<void> {
  let kubelet: WebSocket;
  try {
    kubelet = await dialRemoteCommand(kubeletUrl, tls);
  } catch (e) {
    await client.finish(internalStreamStatus(dialFailure(e)));
    return;
  }
  await bridgeRemoteCommand(client, kubelet);
}

/** Bridges a client session and an open (paused) kubelet WebSocket until both are done. */
export async function bridgeRemoteCommand(client: ClientSession, kubelet: WebSocket): Promise<void> {
  let status: StreamStatus | undefined;
  const send = (channel: number, data: Buffer, cb?: () => void) => {
    if (kubelet.readyState !== kubelet.OPEN) { cb?.(); return; }
    kubelet.send(Buffer.concat([Buffer.from([channel]), data]), { binary: true }, () => cb?.());
  };
  const kubeletClosed = new Promise<void>((resolve) => kubelet.once('close', () => resolve()));

  kubelet.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    const msg = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (msg.length === 0) return;
    const body = msg.subarray(1);
    if (msg[0] === 3) {
      if (body.length === 0) return;
      try { status = JSON.parse(body.toString('utf8')) as StreamStatus; } catch { status = internalStreamStatus(body.toString('utf8')); }
      return;
    }
    const out = msg[0] === 1 ? client.stdout : msg[0] === 2 ? client.stderr : undefined;
    if (!out || body.length === 0 || out.destroyed) return;
    // a slow client holds the kubelet back (ws stops reading its socket while paused)
    if (!out.write(body)) { kubelet.pause(); out.once('drain', () => kubelet.resume()); }
  });

  client.stdin?.on('data', (chunk: Buffer) => {
    client.stdin!.pause();
    send(0, chunk, () => client.stdin!.resume());
  });
  client.stdin?.on('end', () => send(255, Buffer.from([0])));
  client.onResize((size) => send(4, Buffer.from(JSON.stringify({ Width: size.width, Height: size.height }))));
  void client.gone.then(() => {
    kubelet.resume();
    if (kubelet.readyState === kubelet.OPEN || kubelet.readyState === kubelet.CONNECTING) kubelet.close(1000);
  });

  kubelet.resume();
  await kubeletClosed;
  await client.finish(status ?? internalStreamStatus('the connection to the kubelet closed without a status'));
}
