import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeBackendConformance } from '../conformance.ts';
import { EtcdBackend } from './etcd-backend.ts';
import { etcdUnavailableReason, startEtcdTestServer, type EtcdTestServer } from './etcd-test-server.ts';

const unavailable = etcdUnavailableReason();

if (unavailable) {
  test('etcd backend conformance', { skip: `cannot start etcd: ${unavailable}` }, () => {});
} else {
  let server: EtcdTestServer;
  before(async () => {
    server = await startEtcdTestServer();
  });
  after(async () => {
    await server?.stop();
  });
  // Run first, on the fresh server: the revision numbering memory and sqlite copy is etcd's.
  test('a fresh etcd is at revision 1, compacted at 1, and its first write gets revision 2', async () => {
    const backend = new EtcdBackend({ endpoints: [server.endpoint] });
    try {
      assert.equal(await backend.currentRevision(), 1);
      assert.equal(await backend.compactRevision(), 1);
      assert.equal((await backend.create('/fresh', new Uint8Array([1]))).revision, 2);
      assert.deepEqual((await backend.list('')).kvs.map((kv) => kv.key), ['/fresh'], 'no prefix: the whole key space');
      assert.equal((await backend.count('')).count, 1);
      await backend.delete('/fresh');
    } finally {
      await backend.close();
    }
  });
  let n = 0;
  // One etcd for the whole file; each test gets an empty key space under its own prefix, which
  // shares etcd's revision counter with the earlier tests (hence sharedRevision).
  describeBackendConformance('etcd', async () => {
    const backend = new EtcdBackend({ endpoints: [server.endpoint], prefix: `/conformance-${n++}` });
    return { backend, cleanup: () => backend.close() };
  }, { sharedRevision: true });
}
