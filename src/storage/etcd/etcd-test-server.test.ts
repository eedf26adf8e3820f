import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etcdUnavailableReason, startEtcdTestServer } from './etcd-test-server.ts';

test('a missing etcd binary is reported with the reason and the package that provides it', async () => {
  const reason = etcdUnavailableReason('/nonexistent/etcd');
  assert.match(reason ?? '', /\/nonexistent\/etcd is not installed .*etcd-server/);
  await assert.rejects(startEtcdTestServer({ binary: '/nonexistent/etcd' }), /not installed/);
});
