/**
 * The WebSocket channel framing of Kubernetes streaming (apimachinery wsstream, "channel.k8s.io"):
 * every binary message starts with one byte naming its channel. Remote command channels follow
 * the POSIX descriptors (0 stdin, 1 stdout, 2 stderr) plus 3 for the error/status and 4 for
 * terminal resizes; v5.channel.k8s.io adds the message `[255, n]` that half-closes channel n
 * (client-go's stream Close). Port-forward channels come in pairs per port (data 2i, error 2i+1).
 */
import { Writable } from 'node:stream';
import type { WebSocket } from 'ws';

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const RESIZE = 4;
/** v5.channel.k8s.io: `[CLOSE, n]` half-closes channel n. */
export const CLOSE = 255;

export const V5_PROTOCOL = 'v5.channel.k8s.io';
export const V4_PROTOCOL = 'v4.channel.k8s.io';

export function channelMessage(channel: number, data: Uint8Array | string = Buffer.alloc(0)): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const msg = Buffer.allocUnsafe(body.length + 1);
  msg[0] = channel;
  msg.set(body, 1);
  return msg;
}

/** The message payload as one Buffer, whatever `ws` delivered. */
export function messageBytes(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

/**
 * A Writable whose chunks go out as messages of one channel, in order, each write completing
 * when `ws` has handed the message to the socket (backpressure). `end()` resolves once every
 * chunk was handed over, so a status written after it never overtakes output.
 */
export class ChannelWriter extends Writable {
  constructor(private readonly ws: WebSocket, private readonly channel: number) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.ws.readyState !== this.ws.OPEN) { callback(); return; } // the client left: discard
    this.ws.send(channelMessage(this.channel, chunk), { binary: true }, () => callback());
  }
}
