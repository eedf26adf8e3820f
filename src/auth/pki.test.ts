import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { issueClientCertificate, loadOrCreateClusterPki, PKI_FILES } from './pki.ts';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ekslite-pki-'));
  dirs.push(dir);
  return path.join(dir, 'pki');
}
after(async () => { await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))); });

const DAY = 86_400_000;
const fixedClock = (ms: number) => ({ now: () => ms });
const legacySubject = (pem: string) => new X509Certificate(pem).toLegacyObject().subject as unknown as Record<string, unknown>;

describe('loadOrCreateClusterPki', () => {
  it('creates a CA, a serving certificate it verifies, an admin client certificate and a service-account key', async () => {
    const dir = await tempDir();
    const pki = await loadOrCreateClusterPki(dir, { clusterName: 'demo', serverNames: ['demo.local'], serverIps: ['127.0.0.2'] });

    const ca = new X509Certificate(pki.ca.certPem);
    assert.equal(ca.ca, true);
    assert.equal(ca.subject, 'CN=ekslite-demo-ca');
    assert.ok(Date.parse(ca.validTo) - Date.now() > 9.9 * 365 * DAY);

    const server = new X509Certificate(pki.server.certPem);
    assert.ok(server.checkIssued(ca));
    assert.ok(server.verify(ca.publicKey));
    assert.equal(server.ca, false);
    assert.deepEqual(server.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    for (const name of ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local', 'demo.local']) {
      assert.equal(server.checkHost(name, { subject: 'never' }), name);
    }
    assert.equal(server.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(server.checkIP('127.0.0.2'), '127.0.0.2');
    assert.equal(server.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');

    const admin = new X509Certificate(pki.admin.certPem);
    assert.ok(admin.checkIssued(ca) && admin.verify(ca.publicKey));
    assert.deepEqual(admin.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    assert.deepEqual({ ...legacySubject(pki.admin.certPem) }, { O: 'system:masters', CN: 'kubernetes-admin' });

    assert.match(pki.serviceAccount.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
    assert.match(pki.serviceAccount.publicKeyPem, /^-----BEGIN PUBLIC KEY-----/);

    assert.deepEqual([...pki.written].sort(), Object.values(PKI_FILES).sort());
    for (const name of Object.values(PKI_FILES)) {
      const mode = (await stat(path.join(dir, name))).mode & 0o777;
      assert.equal(mode, name.endsWith('.key') ? 0o600 : 0o644, name);
    }
  });

  it('names the CA kubernetes without a cluster name', async () => {
    const pki = await loadOrCreateClusterPki(await tempDir());
    assert.equal(new X509Certificate(pki.ca.certPem).subject, 'CN=kubernetes');
  });

  it('reuses everything on a second call', async () => {
    const dir = await tempDir();
    const first = await loadOrCreateClusterPki(dir, { clusterName: 'demo' });
    const second = await loadOrCreateClusterPki(dir, { clusterName: 'demo' });
    assert.deepEqual(second.written, []);
    assert.equal(second.ca.certPem, first.ca.certPem);
    assert.equal(second.ca.keyPem, first.ca.keyPem);
    assert.deepEqual(second.server, first.server);
    assert.deepEqual(second.admin, first.admin);
    assert.deepEqual(second.serviceAccount, first.serviceAccount);
  });

  it('reissues only the serving certificate when new SANs are requested', async () => {
    const dir = await tempDir();
    const first = await loadOrCreateClusterPki(dir);
    const second = await loadOrCreateClusterPki(dir, { serverNames: ['api.example.test'], serverIps: ['10.100.0.1'] });
    assert.deepEqual([...second.written].sort(), ['server.crt', 'server.key']);
    assert.equal(second.ca.certPem, first.ca.certPem);
    assert.deepEqual(second.admin, first.admin);
    const server = new X509Certificate(second.server.certPem);
    assert.equal(server.checkHost('api.example.test', { subject: 'never' }), 'api.example.test');
    assert.equal(server.checkIP('10.100.0.1'), '10.100.0.1');
    // A subset of what the certificate covers needs nothing new.
    const third = await loadOrCreateClusterPki(dir, { serverIps: ['10.100.0.1'] });
    assert.deepEqual(third.written, []);
  });

  it('repairs a missing or corrupt file without replacing the CA', async () => {
    const dir = await tempDir();
    const first = await loadOrCreateClusterPki(dir);
    await rm(path.join(dir, 'server.key'));
    await writeFile(path.join(dir, 'admin.crt'), 'garbage');
    await rm(path.join(dir, 'sa.pub'));
    const second = await loadOrCreateClusterPki(dir);
    assert.deepEqual([...second.written].sort(), ['admin.crt', 'admin.key', 'sa.pub', 'server.crt', 'server.key']);
    assert.equal(second.ca.certPem, first.ca.certPem);
    assert.equal(second.serviceAccount.publicKeyPem, first.serviceAccount.publicKeyPem);
  });

  it('replaces every certificate when the CA is replaced', async () => {
    const dir = await tempDir();
    const first = await loadOrCreateClusterPki(dir);
    await rm(path.join(dir, 'ca.key'));
    const second = await loadOrCreateClusterPki(dir);
    assert.notEqual(second.ca.certPem, first.ca.certPem);
    assert.ok(new X509Certificate(second.server.certPem).checkIssued(new X509Certificate(second.ca.certPem)));
    assert.ok(new X509Certificate(second.admin.certPem).checkIssued(new X509Certificate(second.ca.certPem)));
    assert.equal(second.serviceAccount.privateKeyPem, first.serviceAccount.privateKeyPem);
  });

  it('renews leaves that are close to expiry, keeping the CA', async () => {
    const dir = await tempDir();
    const start = Date.now();
    const first = await loadOrCreateClusterPki(dir, { clock: fixedClock(start) });
    const later = await loadOrCreateClusterPki(dir, { clock: fixedClock(start + 340 * DAY) });
    assert.deepEqual([...later.written].sort(), ['admin.crt', 'admin.key', 'server.crt', 'server.key']);
    assert.equal(later.ca.certPem, first.ca.certPem);
    assert.ok(Date.parse(new X509Certificate(later.server.certPem).validTo) > start + 700 * DAY);
  });

  it('serves TLS that accepts the admin client certificate and reports its subject', async () => {
    const pki = await loadOrCreateClusterPki(await tempDir());
    const server = https.createServer({
      cert: pki.server.certPem, key: pki.server.keyPem, ca: pki.ca.certPem,
      requestCert: true, rejectUnauthorized: false,
    }, (req, res) => {
      const socket = req.socket as TLSSocket;
      const peer = socket.getPeerCertificate();
      res.end(JSON.stringify({ authorized: socket.authorized, subject: { ...peer.subject } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const body = await new Promise<string>((resolve, reject) => {
        https.get({
          host: '127.0.0.1', port, path: '/', ca: pki.ca.certPem, cert: pki.admin.certPem, key: pki.admin.keyPem, agent: false,
        }, (res) => {
          let data = '';
          res.setEncoding('utf8').on('data', (c: string) => { data += c; }).on('end', () => resolve(data));
        }).on('error', reject);
      });
      assert.deepEqual(JSON.parse(body), { authorized: true, subject: { O: 'system:masters', CN: 'kubernetes-admin' } });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('issueClientCertificate', () => {
  it('issues a node client certificate signed by the cluster CA', async () => {
    const pki = await loadOrCreateClusterPki(await tempDir());
    const node = await issueClientCertificate(pki, { commonName: 'system:node:ip-10-0-1-5', organizations: ['system:nodes'], days: 30 });
    const cert = new X509Certificate(node.certPem);
    const ca = new X509Certificate(pki.ca.certPem);
    assert.ok(cert.checkIssued(ca) && cert.verify(ca.publicKey));
    assert.ok(cert.checkPrivateKey(createPrivateKey(node.keyPem)));
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    assert.deepEqual({ ...legacySubject(node.certPem) }, { O: 'system:nodes', CN: 'system:node:ip-10-0-1-5' });
    assert.ok(Date.parse(cert.validTo) - Date.now() <= 30 * DAY);
  });

  it('puts several organizations in the subject, each becoming a group', async () => {
    const pki = await loadOrCreateClusterPki(await tempDir());
    const issued = await issueClientCertificate(pki, { commonName: 'alice', organizations: ['dev', 'ops'] });
    assert.deepEqual(legacySubject(issued.certPem).O, ['dev', 'ops']);
  });
});
