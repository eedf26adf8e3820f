import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import type { Readable } from 'node:stream';
import { encodeFrame, FrameDecoder, type SpdyFrame } from './frames.ts';
import { HeaderCompressor, HeaderDecompressor } from './header-block.ts';
import { SpdySession } from './session.ts';
import type { SpdyStream } from './stream.ts';

const server = createServer();
let port = 0;
before(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as { port: number }).port;
});
after(() => { server.close(); });

async function socketPair(): Promise<[Socket, Socket]> {
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const client = connect(port, '127.0.0.1');
  const [[serverSide]] = await Promise.all([accepted, once(client, 'connect')]);
  return [client, serverSide];
}

async function sessions(): Promise<{ client: SpdySession; server: SpdySession; clientSocket: Socket; serverSocket: Socket }> {
  const [clientSocket, serverSocket] = await socketPair();
  return { client: new SpdySession(clientSocket, { server: false }), server: new SpdySession(serverSocket, { server: true }), clientSocket, serverSocket };
}

/** Reads to the end without destroying the stream (a `for await` would, resetting it). */
function readAll(r: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => resolve(Buffer.concat(chunks)));
    r.on('error', reject);
  });
}

test('an incoming stream carries its headers, is replied, and carries data both ways with half-close', async () => {
  const { client, server } = await sessions();
  const incoming = once(server, 'stream') as Promise<[SpdyStream]>;
  const out = client.openStream({ streamtype: ['data'], port: ['80'], requestid: ['0'] });
  const [stream] = await incoming;
  assert.equal(stream.id, 1);
  assert.deepEqual(stream.headers, { streamtype: ['data'], port: ['80'], requestid: ['0'] });
  stream.reply();
  await out.whenReplied();

  out.end('hello from the client');
  assert.equal((await readAll(stream)).toString(), 'hello from the client');
  stream.end('and back');
  assert.equal((await readAll(out)).toString(), 'and back');
  client.destroy();
});

test('many streams in one session: every SYN_REPLY header block decodes (one zlib stream per direction)', async () => {
  const { client, server } = await sessions();
  server.on('stream', (s) => { s.reply({ 'x-echo': [String(s.headers.streamtype)] }); s.end(`you are ${s.id}`); });
  const streams = Array.from({ length: 20 }, (_, i) => client.openStream({ streamtype: [`t${i}`] }));
  const bodies = await Promise.all(streams.map(async (s) => { await s.whenReplied(); return (await readAll(s)).toString(); }));
  assert.deepEqual(bodies, streams.map((s) => `you are ${s.id}`));
  assert.deepEqual(streams.map((s) => s.id), Array.from({ length: 20 }, (_, i) => 1 + 2 * i));
  client.destroy();
});

test('a megabyte flows without the peer ever sending WINDOW_UPDATE (spdystream sends none)', async () => {
  // A raw client: SYN_STREAM, then 1 MiB of DATA with no regard for windows, reading replies raw.
  const [raw, serverSocket] = await socketPair();
  const server = new SpdySession(serverSocket, { server: true });
  const c = new HeaderCompressor();
  const payload = Buffer.alloc(1024 * 1024, 7);
  const received = new Promise<Buffer>((resolve) => server.on('stream', (s) => { s.reply(); void readAll(s).then(resolve); }));
  raw.write(encodeFrame({ type: 'syn_stream', streamId: 1, associatedStreamId: 0, priority: 0, slot: 0, fin: false, unidirectional: false, headers: {} }, c));
  for (let off = 0; off < payload.length; off += 16384) {
    raw.write(encodeFrame({ type: 'data', streamId: 1, fin: off + 16384 >= payload.length, data: payload.subarray(off, off + 16384) }, c));
  }
  assert.deepEqual(await received, payload);

  // and the server's WINDOW_UPDATEs (stream 1 and session 0) cover what it consumed
  const decoder = new FrameDecoder(new HeaderDecompressor());
  const frames: SpdyFrame[] = [];
  raw.on('data', (b: Buffer) => frames.push(...decoder.push(b)));
  server.end();
  await once(raw, 'end');
  const acked = (id: number) => frames.filter((f) => f.type === 'window_update' && f.streamId === id).reduce((n, f) => n + (f as { delta: number }).delta, 0);
  assert.equal(acked(1), payload.length);
  assert.equal(acked(0), payload.length);
  assert.equal(frames.at(-1)?.type, 'goaway');
  raw.destroy();
});

test('PINGs from the peer are echoed; our own are answered', async () => {
  const { client, server } = await sessions();
  await client.ping();
  await server.ping();
  client.destroy();
});

test('RST_STREAM reaches the other side as a reset; GOAWAY refuses later streams', async () => {
  const { client, server } = await sessions();
  const incoming = once(server, 'stream') as Promise<[SpdyStream]>;
  const s = client.openStream({ streamtype: ['stdin'] });
  const [peer] = await incoming;
  peer.reply();
  await s.whenReplied();
  const reset = once(peer, 'reset');
  s.reset();
  assert.deepEqual(await reset, [5]);
  assert.equal(peer.resetStatus, 5);

  const goaway = once(server, 'goaway');
  client.goAway();
  await goaway;
  assert.equal(server.peerGoneAway, true);
  client.end();
  await once(server, 'close');
});

test('garbage instead of a header block closes the session with GOAWAY(PROTOCOL_ERROR)', async () => {
  const [raw, serverSocket] = await socketPair();
  const server = new SpdySession(serverSocket, { server: true });
  const closed = once(server, 'close');
  const bogus = Buffer.from([0x80, 3, 0, 1, 0, 0, 0, 14, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef]);
  const decoder = new FrameDecoder(new HeaderDecompressor());
  const frames: SpdyFrame[] = [];
  raw.on('data', (b: Buffer) => frames.push(...decoder.push(b)));
  raw.write(bogus);
  const [err] = await closed;
  assert.match(String(err), /zlib|header block/);
  await once(raw, 'end');
  assert.deepEqual(frames, [{ type: 'goaway', lastGoodStreamId: 0, status: 1 }]);
  raw.destroy();
});
