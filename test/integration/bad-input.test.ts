/**
 * Bad input gets a Kubernetes Status with kube-apiserver's code and reason, over real HTTPS, and
 * never crashes or wedges the server: no credentials (401), malformed JSON and YAML (400),
 * unknown media type (415), bodies over 3 MiB (413), malformed protobuf (400), unknown resources
 * (404), a patch that cannot apply (422), stale updates (409), bad selectors (400).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:https';
import { startTestCluster, type TestCluster } from '../support/in-process-cluster.ts';

interface Reply { status: number; body: Record<string, unknown> }

describe('bad input over HTTPS', () => {
  let cluster: TestCluster;
  let admin: Agent;
  let anonymous: Agent;
  before(async () => {
    cluster = await startTestCluster();
    admin = new Agent({ ca: cluster.pki.ca.certPem, cert: cluster.pki.admin.certPem, key: cluster.pki.admin.keyPem, keepAlive: true });
    anonymous = new Agent({ ca: cluster.pki.ca.certPem });
  });
  after(async () => { admin.destroy(); anonymous.destroy(); await cluster.close(); });

  function call(method: string, path: string, options: { body?: string | Buffer; type?: string; agent?: Agent } = {}): Promise<Reply> {
    const url = new URL(path, cluster.url);
    return new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, agent: options.agent ?? admin, headers: options.type ? { 'content-type': options.type } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let body: Record<string, unknown>;
          try { body = JSON.parse(text) as Record<string, unknown>; } catch { body = { text }; }
          resolve({ status: res.statusCode ?? 0, body });
        });
      });
      req.on('error', reject);
      req.end(options.body);
    });
  }

  const expectStatus = (r: Reply, code: number, reason: string) => {
    assert.equal(r.status, code, JSON.stringify(r.body));
    assert.equal(r.body.kind, 'Status');
    assert.equal(r.body.code, code);
    assert.equal(r.body.reason, reason);
  };

  test('no credentials: 401 on resources, but /version and /healthz answer', async () => {
    expectStatus(await call('GET', '/api/v1/namespaces', { agent: anonymous }), 401, 'Unauthorized');
    assert.equal((await call('GET', '/version', { agent: anonymous })).status, 200);
    assert.equal((await call('GET', '/healthz', { agent: anonymous })).status, 200);
  });

  test('malformed JSON and YAML are 400; an unknown media type is 415', async () => {
    expectStatus(await call('POST', '/api/v1/namespaces/default/configmaps', { body: '{"apiVersion":', type: 'application/json' }), 400, 'BadRequest');
    expectStatus(await call('POST', '/api/v1/namespaces/default/configmaps', { body: 'a: [unclosed', type: 'application/yaml' }), 400, 'BadRequest');
    expectStatus(await call('POST', '/api/v1/namespaces/default/configmaps', { body: '<xml/>', type: 'application/xml' }), 415, 'UnsupportedMediaType');
    expectStatus(await call('POST', '/api/v1/namespaces/default/configmaps', { body: Buffer.from([0x6b, 0x38, 0x73, 0x00, 0xff, 0xff]), type: 'application/vnd.kubernetes.protobuf' }), 400, 'BadRequest');
    expectStatus(await call('POST', '/api/v1/namespaces/default/configmaps', { body: '[1,2]', type: 'application/json' }), 400, 'BadRequest');
  });

  test('a body over 3 MiB is 413 and the server keeps serving', async () => {
    const big = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { x: 'y'.repeat(3 * 1024 * 1024 + 10) } });
    expectStatus(await call('POST', '/api/v1/namespaces/default/configmaps', { body: big, type: 'application/json' }), 413, 'RequestEntityTooLarge');
    assert.equal((await call('GET', '/api/v1/namespaces/default/configmaps')).status, 200);
  });

  test('validation failures are 422 with causes; stale updates 409; unknown resources 404', async () => {
    const bad = await call('POST', '/api/v1/namespaces/default/pods', { body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: { containers: [] } }), type: 'application/json' });
    expectStatus(bad, 422, 'Invalid');
    const causes = (bad.body.details as { causes: { field: string }[] }).causes.map((c) => c.field);
    assert.ok(causes.includes('metadata.name') && causes.includes('spec.containers'), JSON.stringify(causes));
    const created = await call('POST', '/api/v1/namespaces/default/configmaps', { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'v' }, data: { a: '1' } }), type: 'application/json' });
    assert.equal(created.status, 201);
    const stale = { ...created.body, metadata: { ...(created.body.metadata as object), resourceVersion: '1' } };
    expectStatus(await call('PUT', '/api/v1/namespaces/default/configmaps/v', { body: JSON.stringify(stale), type: 'application/json' }), 409, 'Conflict');
    expectStatus(await call('GET', '/api/v1/namespaces/default/widgets'), 404, 'NotFound');
    expectStatus(await call('GET', '/api/v1/namespaces/default/configmaps/nope'), 404, 'NotFound');
  });

  test('a JSON patch that cannot apply is 422 and leaves the object as it was', async () => {
    const r = await call('PATCH', '/api/v1/namespaces/default/configmaps/v', { body: JSON.stringify([{ op: 'replace', path: '/data/missing/deep', value: 1 }]), type: 'application/json-patch+json' });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    const now = await call('GET', '/api/v1/namespaces/default/configmaps/v');
    assert.deepEqual(now.body.data, { a: '1' });
    expectStatus(await call('PATCH', '/api/v1/namespaces/default/configmaps/v', { body: 'not json', type: 'application/merge-patch+json' }), 400, 'BadRequest');
  });

  test('bad selectors and resource versions are 400; a watch from a compacted revision gets 410 Expired', async () => {
    expectStatus(await call('GET', '/api/v1/namespaces/default/pods?labelSelector=a%20in%20(b'), 400, 'BadRequest');
    expectStatus(await call('GET', '/api/v1/namespaces/default/pods?fieldSelector=spec.unknownField%3Dx'), 400, 'BadRequest');
    expectStatus(await call('GET', '/api/v1/namespaces/default/pods?resourceVersion=abc'), 400, 'BadRequest');
    await cluster.backend.compact(await cluster.backend.currentRevision());
    const watch = await call('GET', '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=2&timeoutSeconds=1');
    assert.equal(watch.status, 200);
    const event = JSON.parse(String((watch.body as { text?: string }).text ?? JSON.stringify(watch.body)).trim().split('\n')[0]) as { type: string; object: { code: number; reason: string } };
    assert.equal(event.type, 'ERROR');
    assert.equal(event.object.code, 410);
    assert.equal(event.object.reason, 'Expired');
  });
});
