import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { EtcdBackend } from './etcd/etcd-backend.ts';
import { etcdUnavailableReason, startEtcdTestServer } from './etcd/etcd-test-server.ts';
import { MemoryBackend } from './memory/memory-backend.ts';
import { openBackend, parseBackendUrl } from './open-backend.ts';
import { SqliteBackend } from './sqlite/sqlite-backend.ts';

const dir = mkdtempSync(join(tmpdir(), 'ekslite-open-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('parseBackendUrl chooses the driver by scheme, as kine does', () => {
  const cases: [string, unknown][] = [
    ['memory:', { driver: 'memory' }],
    ['memory://', { driver: 'memory' }],
    ['sqlite:///var/lib/ekslite/state.db', { driver: 'sqlite', path: '/var/lib/ekslite/state.db', options: {} }],
    ['sqlite://data/state.db', { driver: 'sqlite', path: 'data/state.db', options: {} }],
    ['sqlite:state.db', { driver: 'sqlite', path: 'state.db', options: {} }],
    ['sqlite:///a%20b/state.db?synchronous=full', { driver: 'sqlite', path: '/a b/state.db', options: { synchronous: 'full' } }],
    ['/abs/plain.db', { driver: 'sqlite', path: '/abs/plain.db', options: {} }],
    ['./relative.db', { driver: 'sqlite', path: './relative.db', options: {} }],
    ['etcd://127.0.0.1:2379', { driver: 'etcd', options: { endpoints: ['http://127.0.0.1:2379'], prefix: '' } }],
    ['etcd://10.0.0.1:2379,10.0.0.2:2379/cluster-a/', {
      driver: 'etcd', options: { endpoints: ['http://10.0.0.1:2379', 'http://10.0.0.2:2379'], prefix: '/cluster-a' },
    }],
    ['http://localhost:2379/a/b', { driver: 'etcd', options: { endpoints: ['http://localhost:2379'], prefix: '/a/b' } }],
  ];
  for (const [url, expected] of cases) assert.deepEqual(parseBackendUrl(url), expected, url);
});

test('parseBackendUrl rejects what it cannot open, saying why', () => {
  for (const url of ['mysql://root@tcp(127.0.0.1)/kine', 'etcd://', 'etcd://host-without-port', 'etcd:127.0.0.1:2379',
    'sqlite://', 'sqlite:///x.db?journal=delete', 'sqlite:///x.db?synchronous=off']) {
    assert.throws(() => parseBackendUrl(url), /storage URL|endpoint|parameter|path/, url);
  }
});

test('openBackend opens a memory backend', async () => {
  const backend = await openBackend('memory:');
  assert.ok(backend instanceof MemoryBackend);
  assert.equal((await backend.create('/k', new Uint8Array([1]))).revision, 2);
  await backend.close();
});

test('openBackend opens the same sqlite file from a sqlite:// URL and from a plain path', async () => {
  const path = join(dir, 'state.db');
  const first = await openBackend(`sqlite://${path}?synchronous=full`);
  assert.ok(first instanceof SqliteBackend);
  await first.create('/k', new TextEncoder().encode('kept'));
  await first.close();
  const second = await openBackend(path);
  try {
    assert.equal(new TextDecoder().decode((await second.get('/k')).kv!.value), 'kept');
  } finally {
    await second.close();
  }
});

test('openBackend opens an etcd backend whose keys live under the URL prefix',
  { skip: etcdUnavailableReason() ? `cannot start etcd: ${etcdUnavailableReason()}` : false }, async () => {
    const server = await startEtcdTestServer();
    try {
      const host = new URL(server.endpoint).host;
      const backend = await openBackend(`etcd://${host}/cluster-a`);
      assert.ok(backend instanceof EtcdBackend);
      await backend.create('/registry/x', new Uint8Array([7]));
      await backend.close();
      const raw = new EtcdBackend({ endpoints: [server.endpoint] });
      try {
        assert.deepEqual((await raw.list('/')).kvs.map((kv) => kv.key), ['/cluster-a/registry/x']);
      } finally {
        await raw.close();
      }
    } finally {
      await server.stop();
    }
  });

test('openBackend rejects when no etcd answers at the URL, instead of failing at the first request', async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve())); // now nothing listens there
  await assert.rejects(openBackend(`etcd://127.0.0.1:${port}`), /UNAVAILABLE|ECONNREFUSED/);
});
