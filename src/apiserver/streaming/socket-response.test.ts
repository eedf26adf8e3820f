import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PassThrough } from 'node:stream';
import { SocketResponse } from './socket-response.ts';

function capture(): { socket: PassThrough; text: () => string } {
  const socket = new PassThrough();
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  return { socket, text: () => Buffer.concat(chunks).toString() };
}

test('a response with a length is written as is, then the connection closes', async () => {
  const { socket, text } = capture();
  const res = new SocketResponse(socket);
  res.writeHead(404, { 'Content-Type': 'application/json', 'content-length': '2' });
  res.end('{}');
  await new Promise((r) => socket.on('end', r));
  assert.equal(text(), 'HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}');
});

test('a response without a length is chunked', async () => {
  const { socket, text } = capture();
  const res = new SocketResponse(socket);
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.write('hello');
  res.end();
  await new Promise((r) => socket.on('end', r));
  assert.equal(text(), 'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n');
});

test('once detached (the socket was upgraded) the sink writes nothing', () => {
  const { socket, text } = capture();
  const res = new SocketResponse(socket);
  res.detached = true;
  res.writeHead(500, {});
  res.end('late error');
  assert.equal(text(), '');
  assert.equal(socket.writableEnded, false);
});
