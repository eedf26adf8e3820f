/**
 * Message-for-message relay between a client WebSocket and a kubelet WebSocket speaking the same
 * channel protocol — how kube-apiserver serves WebSocket port-forward clients that do not tunnel
 * SPDY (v4.channel.k8s.io, e.g. @kubernetes/client-node's PortForward): its UpgradeAwareHandler
 * proxies them to the kubelet's WebSocket port-forward unchanged. Closing either side closes the
 * other.
 */
import type { WebSocket } from 'ws';

export function relayWebSockets(client: WebSocket, kubelet: WebSocket): Promise<void> {
  const pipe = (from: WebSocket, to: WebSocket) => {
    from.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      if (to.readyState !== to.OPEN) return;
      from.pause();
      to.send(data as Buffer, { binary: isBinary }, () => from.resume());
    });
  };
  const closed = [client, kubelet].map((ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())));
  pipe(client, kubelet);
  pipe(kubelet, client);
  kubelet.resume(); // handed over paused by kubeletWebSocket
  return Promise.race(closed).then(async () => {
    for (const ws of [client, kubelet]) if (ws.readyState === ws.OPEN) ws.close(1000);
    await Promise.all(closed);
  });
}
