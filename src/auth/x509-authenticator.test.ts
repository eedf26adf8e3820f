import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { isStatusError } from '../api/status.ts';
import { tlsPeerOf } from './authenticator.ts';
import { type CertificateAndKey, createCertificateAuthority, issueCertificate } from './certificate-issuer.ts';
import { type ClusterPki, issueClientCertificate, loadOrCreateClusterPki } from './pki.ts';
import { X509Authenticator } from './x509-authenticator.ts';

/**
 * A real TLS server configured as the apiserver will be (cluster CA as `ca`, requestCert,
 * rejectUnauthorized false) that answers each request with what the authenticator decided.
 */
describe('X509Authenticator over TLS', () => {
  const authenticator = new X509Authenticator();
  let dir: string;
  let pki: ClusterPki;
  let server: https.Server;
  let port: number;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ekslite-x509-'));
    pki = await loadOrCreateClusterPki(dir);
    server = https.createServer({
      cert: pki.server.certPem, key: pki.server.keyPem, ca: pki.ca.certPem, requestCert: true, rejectUnauthorized: false,
    }, (req, res) => {
      authenticator.authenticate({ headers: req.headers, tls: tlsPeerOf(req.socket as TLSSocket) }).then(
        (user) => res.end(JSON.stringify({ user: user ?? null })),
        (err: unknown) => res.end(JSON.stringify({ code: isStatusError(err) ? err.code : 500, message: String(err) })),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  function call(client?: CertificateAndKey): Promise<{ user?: unknown; code?: number }> {
    return new Promise((resolve, reject) => {
      https.get({
        host: '127.0.0.1', port, path: '/', ca: pki.ca.certPem, agent: false,
        ...(client ? { cert: client.certPem, key: client.keyPem } : {}),
      }, (res) => {
        let data = '';
        res.setEncoding('utf8').on('data', (c: string) => { data += c; }).on('end', () => resolve(JSON.parse(data)));
      }).on('error', reject);
    });
  }

  it('maps the admin certificate to CN, O groups, system:authenticated and its credential id', async () => {
    const fingerprint = createHash('sha256').update(new X509Certificate(pki.admin.certPem).raw).digest('hex');
    assert.deepEqual(await call(pki.admin), {
      user: {
        username: 'kubernetes-admin',
        groups: ['system:masters', 'system:authenticated'],
        extra: { 'authentication.kubernetes.io/credential-id': [`X509SHA256=${fingerprint}`] },
      },
    });
  });

  it('maps a node certificate to its node identity', async () => {
    const node = await issueClientCertificate(pki, { commonName: 'system:node:n1', organizations: ['system:nodes'] });
    const { user } = await call(node);
    assert.deepEqual((user as { username: string; groups: string[] }).username, 'system:node:n1');
    assert.deepEqual((user as { groups: string[] }).groups, ['system:nodes', 'system:authenticated']);
  });

  it('does not apply when the client sends no certificate', async () => {
    assert.deepEqual(await call(), { user: null });
  });

  it('rejects a certificate from another CA with 401', async () => {
    const otherCa = await createCertificateAuthority({ commonName: 'other', days: 1, now: Date.now() });
    const stranger = await issueClientCertificate({ ca: otherCa }, { commonName: 'kubernetes-admin', organizations: ['system:masters'] });
    assert.equal((await call(stranger)).code, 401);
  });

  it('rejects a certificate without the clientAuth usage with 401', async () => {
    assert.equal((await call(pki.server)).code, 401);
  });

  it('does not apply to a verified certificate without a common name', async () => {
    const anonymous = await issueCertificate(pki.ca, { commonName: '', days: 1, extendedKeyUsages: ['clientAuth'], now: Date.now() });
    assert.deepEqual(await call(anonymous), { user: null });
  });
});

describe('X509Authenticator with parsed certificates', () => {
  const authenticator = new X509Authenticator();
  let dir: string;
  let pki: ClusterPki;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ekslite-x509-'));
    pki = await loadOrCreateClusterPki(dir);
  });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('accepts an X509Certificate the TLS layer verified', async () => {
    const user = await authenticator.authenticate({
      headers: {}, tls: { certificate: new X509Certificate(pki.admin.certPem), authorized: true },
    });
    assert.equal(user?.username, 'kubernetes-admin');
    assert.deepEqual(user?.groups, ['system:masters', 'system:authenticated']);
  });

  it('throws 401 Unauthorized for a certificate that failed verification', async () => {
    await assert.rejects(
      authenticator.authenticate({
        headers: {}, tls: { certificate: new X509Certificate(pki.admin.certPem), authorized: false, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
      }),
      (err: unknown) => isStatusError(err) && err.code === 401 && err.reason === 'Unauthorized',
    );
  });

  it('does not apply to requests without TLS', async () => {
    assert.equal(await authenticator.authenticate({ headers: { authorization: 'Bearer x' } }), undefined);
  });
});
