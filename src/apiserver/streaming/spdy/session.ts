/**
 * A SPDY/3.1 session over a byte-stream transport (an upgraded socket, or a WebSocket tunnel
 * made a Duplex), in the role kube's httpstream/spdy connection plays: the peer opens streams,
 * each SYN_STREAM becomes a `stream` event carrying a {@link SpdyStream} that the handler must
 * answer (`reply()`) or `reset()`. The session also
 * - echoes the peer's PINGs (client-go pings every 5 s and expects the echo);
 * - remembers the peer's GOAWAY (`goaway` event) and refuses streams opened after it;
 * - answers a malformed frame with GOAWAY(PROTOCOL_ERROR) and closes;
 * - pauses the transport while a stream's reader is behind (backpressure reaches the peer as TCP
 *   flow control, as with spdystream, whose per-stream channels block its single frame reader).
 *
 * Flow control: the peer kubectl runs (moby/spdystream) neither sends WINDOW_UPDATE nor honours
 * one, so this session never blocks a send on the peer's window — waiting for an update that
 * never comes would stall every stream after 64 KiB. It does send WINDOW_UPDATE (stream and
 * session level, SPDY/3.1) for what it received, so a peer that does flow control never stalls.
 *
 * Stream ids: the client opens odd ids, the server even ones (§2.3.2); ids must increase.
 */
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import {
  encodeFrame, FrameDecoder, GoAwayStatus, RstStatus, SETTINGS_INITIAL_WINDOW_SIZE, type SpdyFrame,
} from './frames.ts';
import { HeaderCompressor, HeaderDecompressor, type SpdyHeaders, SpdyProtocolError } from './header-block.ts';
import { SpdyStream, type StreamOwner } from './stream.ts';

/** SPDY/3.1's initial stream and session window (§2.6.8). */
export const DEFAULT_WINDOW = 64 * 1024;
/** DATA frames are cut at this size (Go's io.Copy writes 32 KiB at a time too). */
const MAX_DATA_CHUNK = 32 * 1024;

export interface SpdySessionOptions {
  /** Server side of the session: it opens even stream ids and the peer odd ones. */
  readonly server: boolean;
}

export interface SpdySessionEvents {
  stream: [SpdyStream];
  goaway: [status: number, lastGoodStreamId: number];
  close: [error?: Error];
}

export class SpdySession extends EventEmitter<SpdySessionEvents> implements StreamOwner {
  private readonly compressor = new HeaderCompressor();
  private readonly decoder = new FrameDecoder(new HeaderDecompressor());
  private readonly streams = new Map<number, SpdyStream>();
  private readonly server: boolean;
  private lastPeerStreamId = 0;
  private nextStreamId: number;
  private nextPingId: number;
  private readonly pings = new Map<number, () => void>();
  private unacked = new Map<number, number>();
  private goAwaySent = false;
  /** Set when the peer sent GOAWAY. */
  peerGoneAway = false;
  private closed = false;
  private paused = 0;
  /** The peer's initial stream window (SETTINGS); recorded, not enforced (see the file comment). */
  peerInitialWindow = DEFAULT_WINDOW;

  constructor(private readonly transport: Duplex, options: SpdySessionOptions) {
    super();
    this.server = options.server;
    this.nextStreamId = this.server ? 2 : 1;
    this.nextPingId = this.server ? 2 : 1;
    transport.on('data', (chunk: Buffer) => this.onBytes(chunk));
    transport.on('end', () => this.shutdown());
    transport.on('close', () => this.shutdown());
    transport.on('error', (e: Error) => this.shutdown(e));
  }

  /** Streams open now. */
  get openStreams(): number { return this.streams.size; }
  get isClosed(): boolean { return this.closed; }

  /** Feeds bytes that arrived before the session took over the transport (an upgrade's `head`). */
  receive(chunk: Buffer): void { this.onBytes(chunk); }

  /** Opens a stream (SYN_STREAM). Used in the client role and by tests. */
  openStream(headers: SpdyHeaders, options: { fin?: boolean } = {}): SpdyStream {
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    const stream = new SpdyStream(this, id, headers, false);
    this.streams.set(id, stream);
    this.send({ type: 'syn_stream', streamId: id, associatedStreamId: 0, priority: 0, slot: 0, fin: !!options.fin, unidirectional: false, headers });
    if (options.fin) stream.end();
    return stream;
  }

  /** Sends a PING and resolves when the peer echoes it. */
  ping(): Promise<void> {
    const id = this.nextPingId;
    this.nextPingId += 2;
    return new Promise((resolve) => {
      this.pings.set(id, resolve);
      this.send({ type: 'ping', id });
    });
  }

  /** Sends GOAWAY once: no new streams are accepted afterwards. */
  goAway(status: number = GoAwayStatus.OK): void {
    if (this.goAwaySent || this.closed) return;
    this.goAwaySent = true;
    this.send({ type: 'goaway', lastGoodStreamId: this.lastPeerStreamId, status });
  }

  /** GOAWAY, then a graceful end of the transport (queued frames are still delivered). */
  end(): void {
    this.goAway();
    if (!this.closed) this.transport.end();
  }

  /** Tears the transport down at once. */
  destroy(error?: Error): void {
    this.transport.destroy();
    this.shutdown(error);
  }

  // ---- StreamOwner ----

  sendReply(stream: SpdyStream, headers: SpdyHeaders): void {
    this.send({ type: 'syn_reply', streamId: stream.id, fin: false, headers });
  }

  sendData(streamId: number, data: Buffer, fin: boolean, done: (err?: Error | null) => void): void {
    // After the session closed, writes are dropped: the stream's owner learns of it by 'close'
    // (an error here would surface as an unhandled stream 'error').
    if (this.closed) { done(); return; }
    let ok = true;
    if (data.length === 0) {
      ok = this.send({ type: 'data', streamId, fin, data });
    } else {
      for (let off = 0; off < data.length; off += MAX_DATA_CHUNK) {
        const end = Math.min(off + MAX_DATA_CHUNK, data.length);
        ok = this.send({ type: 'data', streamId, fin: fin && end === data.length, data: data.subarray(off, end) });
      }
    }
    if (ok) { done(); return; }
    const settle = () => { this.transport.off('drain', settle); this.off('close', settle); done(); };
    this.transport.on('drain', settle);
    this.on('close', settle);
  }

  sendReset(streamId: number, status: number): void {
    if (!this.closed) this.send({ type: 'rst_stream', streamId, status });
  }

  readWanted(): void {
    if (this.paused === 0) return;
    this.paused--;
    if (this.paused === 0) this.transport.resume();
  }

  forget(stream: SpdyStream): void {
    if (this.streams.get(stream.id) === stream) this.streams.delete(stream.id);
    if (stream.backpressured) { stream.backpressured = false; this.readWanted(); }
    this.unacked.delete(stream.id);
  }

  // ---- internals ----

  private send(frame: SpdyFrame): boolean {
    if (this.closed || this.transport.destroyed || this.transport.writableEnded) return true;
    return this.transport.write(encodeFrame(frame, this.compressor));
  }

  private onBytes(chunk: Buffer): void {
    if (this.closed) return;
    let frames: SpdyFrame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (e) {
      this.protocolError(e as Error);
      return;
    }
    for (const frame of frames) {
      if (this.closed) return;
      this.onFrame(frame);
    }
  }

  private onFrame(frame: SpdyFrame): void {
    switch (frame.type) {
      case 'syn_stream': return this.onSynStream(frame);
      case 'syn_reply': {
        this.streams.get(frame.streamId)?.onReply(frame.fin);
        return;
      }
      case 'data': {
        const stream = this.streams.get(frame.streamId);
        // Data for a stream already gone (reset, or finished) is dropped, as spdystream drops it.
        if (!stream) return;
        const wasBackpressured = stream.backpressured;
        stream.onData(frame.data, frame.fin);
        if (stream.backpressured && !wasBackpressured) {
          if (this.paused++ === 0) this.transport.pause();
        }
        this.acknowledge(frame.streamId, frame.data.length);
        return;
      }
      case 'rst_stream': {
        this.streams.get(frame.streamId)?.onReset(frame.status);
        return;
      }
      case 'headers': {
        const stream = this.streams.get(frame.streamId);
        if (!stream) return;
        stream.emit('headers', frame.headers);
        if (frame.fin) stream.onRemoteFin();
        return;
      }
      case 'ping': {
        const peerId = (frame.id % 2 === 1) === this.server;
        if (peerId) this.send({ type: 'ping', id: frame.id });
        else { this.pings.get(frame.id)?.(); this.pings.delete(frame.id); }
        return;
      }
      case 'goaway': {
        this.peerGoneAway = true;
        this.emit('goaway', frame.status, frame.lastGoodStreamId);
        return;
      }
      case 'settings': {
        const w = frame.entries.find((e) => e.id === SETTINGS_INITIAL_WINDOW_SIZE);
        if (w) this.peerInitialWindow = w.value;
        return;
      }
      case 'window_update':
      case 'unknown':
        return;
    }
  }

  private onSynStream(frame: Extract<SpdyFrame, { type: 'syn_stream' }>): void {
    const peerParity = this.server ? 1 : 0;
    if (frame.streamId === 0 || frame.streamId % 2 !== peerParity || frame.streamId <= this.lastPeerStreamId) {
      // as spdystream's validateStreamId: a bad id is reset with PROTOCOL_ERROR
      this.send({ type: 'rst_stream', streamId: frame.streamId, status: RstStatus.PROTOCOL_ERROR });
      return;
    }
    this.lastPeerStreamId = frame.streamId;
    if (this.goAwaySent || this.peerGoneAway) {
      this.send({ type: 'rst_stream', streamId: frame.streamId, status: RstStatus.REFUSED_STREAM });
      return;
    }
    const stream = new SpdyStream(this, frame.streamId, frame.headers, true);
    this.streams.set(frame.streamId, stream);
    if (frame.fin) stream.onRemoteFin();
    if (frame.unidirectional) stream.end();
    this.emit('stream', stream);
  }

  /** Batches WINDOW_UPDATEs: one per half window received, per stream and for the session. */
  private acknowledge(streamId: number, bytes: number): void {
    if (bytes === 0) return;
    for (const id of [streamId, 0]) {
      const n = (this.unacked.get(id) ?? 0) + bytes;
      if (n >= DEFAULT_WINDOW / 2) {
        this.unacked.set(id, 0);
        this.send({ type: 'window_update', streamId: id, delta: n });
      } else {
        this.unacked.set(id, n);
      }
    }
  }

  private protocolError(e: Error): void {
    this.goAway(e instanceof SpdyProtocolError ? GoAwayStatus.PROTOCOL_ERROR : GoAwayStatus.INTERNAL_ERROR);
    this.transport.end();
    this.shutdown(e);
  }

  private shutdown(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of [...this.streams.values()]) stream.destroy();
    this.streams.clear();
    for (const resolve of this.pings.values()) resolve();
    this.pings.clear();
    if (this.paused > 0) { this.paused = 0; this.transport.resume(); }
    this.emit('close', error);
  }
}
