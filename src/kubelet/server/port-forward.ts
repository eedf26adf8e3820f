/**
 * Port-forward over an accepted WebSocket, as kubelet's portforward/websocket.go: for the i-th
 * requested port, channel 2i carries the data both ways and channel 2i+1 the errors; the first
 * message on each channel from the server is the port as a little-endian uint16. Each port is
 * one connection into the pod's network namespace (ContainerRuntime.portForward); when every
 * connection is done the WebSocket is closed, which is the reader's end of stream. An error
 * (the port refuses) is written to the error channel as kubelet words it.
 *
 * Extension (not in kube's kubelet, which has no half-close here): a `[255, 2i]` message, the
 * v5.channel.k8s.io close signal, half-closes the connection to the pod, so a client's FIN on the
 * data stream reaches the pod as the FIN it is.
 */
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { channelMessage, CLOSE, messageBytes } from './ws-channels.ts';
import type { StreamingRuntime } from './streaming-backend.ts';

export interface PortForwardRequest {
  readonly ports: readonly number[];
  readonly sandboxId: string;
  /** For error messages: the pod's name and uid. */
  readonly podName: string;
  readonly podUid: string;
}

export async function servePortForward(ws: WebSocket, request: PortForwardRequest, runtime: StreamingRuntime): Promise<void> {
  const conns: (Duplex | undefined)[] = request.ports.map(() => undefined);
  const early: Buffer[][] = request.ports.map(() => []);
  const halfClosed = request.ports.map(() => false);
  let closed = false;
  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    const msg = messageBytes(data);
    if (msg.length === 0) return;
    if (msg[0] === CLOSE) {
      const i = msg[1] / 2;
      if (!Number.isInteger(i) || i >= conns.length) return;
      halfClosed[i] = true;
      conns[i]?.end();
      return;
    }
    const i = msg[0] / 2;
    if (!Number.isInteger(i) || i >= conns.length || msg.length === 1) return; // error channels are write-only
    const c = conns[i];
    if (c) c.write(msg.subarray(1));
    else early[i].push(Buffer.from(msg.subarray(1)));
  });
  ws.on('close', () => { closed = true; for (const c of conns) c?.destroy(); });

  const portBytes = (p: number) => { const b = Buffer.alloc(2); b.writeUInt16LE(p); return b; };
  request.ports.forEach((port, i) => {
    ws.send(channelMessage(2 * i, portBytes(port)));
    ws.send(channelMessage(2 * i + 1, portBytes(port)));
  });

  await Promise.all(request.ports.map(async (port, i) => {
    let conn: Duplex;
    try {
      conn = await runtime.portForward(request.sandboxId, port);
    } catch (e) {
      if (ws.readyState === ws.OPEN) {
        ws.send(channelMessage(2 * i + 1, `error forwarding port ${port} to pod ${request.podName}, uid ${request.podUid}: ${(e as Error).message}`));
      }
      return;
    }
    if (closed) { conn.destroy(); return; }
    conns[i] = conn;
    (conn as Partial<Socket>).setNoDelay?.(true);
    for (const b of early[i].splice(0)) conn.write(b);
    if (halfClosed[i]) conn.end();
    await new Promise<void>((resolve) => {
      conn.on('data', (d: Buffer) => {
        if (ws.readyState !== ws.OPEN) return;
        // pause the pod's side until ws handed the message to the socket (backpressure)
        conn.pause();
        ws.send(channelMessage(2 * i, d), () => conn.resume());
      });
      conn.on('error', (e: NodeJS.ErrnoException) => {
        // A reset or broken pipe after the client half-closed is the pod closing first, not a failure.
        if (halfClosed[i] && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) return;
        if (ws.readyState === ws.OPEN) ws.send(channelMessage(2 * i + 1, `error forwarding port ${port} to pod ${request.podName}, uid ${request.podUid}: ${e.message}`));
      });
      conn.on('close', () => resolve());
    });
  }));
  if (ws.readyState === ws.OPEN) ws.close(1000);
}
