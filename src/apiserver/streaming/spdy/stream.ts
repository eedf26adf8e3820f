/**
 * One SPDY stream as a node Duplex: what the peer sends on it (DATA) is readable, ending at the
 * peer's FIN; what is written goes out as DATA frames, and `end()` sends the local FIN (a
 * half-close, as spdystream's Stream.Close). `reset()` aborts both directions with RST_STREAM,
 * as spdystream's Stream.Reset. A stream the peer opened must be answered with SYN_REPLY before
 * any DATA: `reply()` sends it, and the first write sends it if nobody did.
 */
import { Duplex } from 'node:stream';
import { RstStatus } from './frames.ts';
import type { SpdyHeaders } from './header-block.ts';

/** What a stream needs from its session; implemented by SpdySession. */
export interface StreamOwner {
  sendReply(stream: SpdyStream, headers: SpdyHeaders): void;
  sendData(streamId: number, data: Buffer, fin: boolean, done: (err?: Error | null) => void): void;
  sendReset(streamId: number, status: number): void;
  /** The stream's reader wants more: resume reading the transport if it was paused for it. */
  readWanted(stream: SpdyStream): void;
  /** The stream is closed in both directions or reset; forget it. */
  forget(stream: SpdyStream): void;
}

export class SpdyStream extends Duplex {
  /** Set once the stream was answered (incoming) or the peer answered it (outgoing). */
  replied: boolean;
  /** The RST_STREAM status that ended the stream, when one did (either side). */
  resetStatus?: number;
  /** True while this stream's reader is behind and the transport is paused on its account. */
  backpressured = false;
  private localFin = false;
  private remoteFin = false;
  private readonly replyWaiters: (() => void)[] = [];

  constructor(
    private readonly owner: StreamOwner,
    readonly id: number,
    /** SYN_STREAM headers: the peer's for an incoming stream, ours for an outgoing one. */
    readonly headers: SpdyHeaders,
    /** Whether the peer opened the stream. */
    readonly incoming: boolean,
  ) {
    super({ allowHalfOpen: true });
    this.replied = false;
  }

  /** Answers an incoming stream with SYN_REPLY (once). */
  reply(headers: SpdyHeaders = {}): void {
    if (this.replied || !this.incoming || this.resetStatus !== undefined) return;
    this.replied = true;
    this.owner.sendReply(this, headers);
    for (const w of this.replyWaiters.splice(0)) w();
  }

  /** Resolves when the stream is replied (an outgoing stream: when the peer's SYN_REPLY arrived). */
  whenReplied(): Promise<void> {
    return this.replied ? Promise.resolve() : new Promise((r) => this.replyWaiters.push(r));
  }

  /** RST_STREAM: tells the peer the stream is abandoned, and destroys it locally. */
  reset(status: number = RstStatus.CANCEL): void {
    if (this.resetStatus !== undefined || this.destroyed) return;
    this.resetStatus = status;
    this.owner.sendReset(this.id, status);
    this.destroy();
  }

  /** @internal the peer's SYN_REPLY for an outgoing stream. */
  onReply(fin: boolean): void {
    if (this.replied) return;
    this.replied = true;
    for (const w of this.replyWaiters.splice(0)) w();
    if (fin) this.onRemoteFin();
  }

  /** @internal DATA from the peer. */
  onData(data: Buffer, fin: boolean): void {
    if (this.remoteFin) return;
    if (data.length > 0 && !this.push(data)) this.backpressured = true;
    if (fin) this.onRemoteFin();
  }

  /** @internal the peer's FIN. */
  onRemoteFin(): void {
    if (this.remoteFin) return;
    this.remoteFin = true;
    this.push(null);
    this.maybeClosed();
  }

  /** @internal the peer's RST_STREAM. */
  onReset(status: number): void {
    if (this.resetStatus !== undefined) return;
    this.resetStatus = status;
    this.emit('reset', status);
    this.destroy();
  }

  /** True once the local side sent its FIN. */
  get localClosed(): boolean { return this.localFin; }
  /** True once the peer sent its FIN. */
  get remoteClosed(): boolean { return this.remoteFin; }

  override _read(): void {
    if (this.backpressured) {
      this.backpressured = false;
      this.owner.readWanted(this);
    }
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.incoming) this.reply();
    this.owner.sendData(this.id, chunk, false, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.incoming) this.reply();
    this.localFin = true;
    this.owner.sendData(this.id, Buffer.alloc(0), true, (err) => {
      callback(err);
      this.maybeClosed();
    });
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // A stream torn down locally before both FINs (e.g. its consumer failed) is reset, so the
    // peer does not wait on it forever.
    if (this.resetStatus === undefined && !(this.localFin && this.remoteFin)) {
      this.resetStatus = RstStatus.CANCEL;
      this.owner.sendReset(this.id, RstStatus.CANCEL);
    }
    this.owner.forget(this);
    callback(error);
  }

  private maybeClosed(): void {
    if (this.localFin && this.remoteFin) this.owner.forget(this);
  }
}
