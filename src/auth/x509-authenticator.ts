import { createHash, X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import { unauthorized } from '../api/status.ts';
import type { Authenticator, AuthRequest } from './authenticator.ts';
import { CREDENTIAL_ID_KEY, type UserInfo, withAuthenticatedGroup } from './user.ts';

const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const EKU_ANY = '2.5.29.37.0';

/**
 * Client-certificate authentication, as kube-apiserver's x509 authenticator with
 * `CommonNameUserConversion`: username = subject CN, groups = subject O values (plus
 * `system:authenticated`), extra `authentication.kubernetes.io/credential-id` =
 * `X509SHA256=<hex sha256 of the DER>`.
 *
 * Chain verification is the TLS layer's: the server runs with the cluster CA as `ca`,
 * `requestCert: true, rejectUnauthorized: false`, and node sets `authorized` only when the chain
 * verified (OpenSSL checks the `ssl_client` purpose, i.e. the clientAuth EKU, and validity).
 * Outcomes:
 * - no TLS or no client certificate → `undefined` (another authenticator may apply);
 * - a certificate that failed verification, or whose EKU excludes clientAuth → 401, as kube
 *   answers a certificate from an unknown authority (the body says only "Unauthorized");
 * - a verified certificate with an empty CN → `undefined`, as kube's conversion does.
 */
export class X509Authenticator implements Authenticator {
  async authenticate(request: AuthRequest): Promise<UserInfo | undefined> {
    const peer = request.tls;
    if (!peer?.certificate) return undefined;
    const cert = legacyForm(peer.certificate);
    if (!peer.authorized) throw unauthorized();
    const eku = cert.ext_key_usage;
    if (eku && eku.length > 0 && !eku.includes(EKU_CLIENT_AUTH) && !eku.includes(EKU_ANY)) throw unauthorized();
    const username = attributeValues(cert.subject?.CN)[0] ?? '';
    if (username === '') return undefined;
    const fingerprint = createHash('sha256').update(cert.raw).digest('hex');
    return withAuthenticatedGroup({
      username,
      groups: attributeValues(cert.subject?.O),
      extra: { [CREDENTIAL_ID_KEY]: [`X509SHA256=${fingerprint}`] },
    });
  }
}

/** Both certificate forms as node's legacy object, whose `subject` is already split by attribute. */
function legacyForm(cert: PeerCertificate | X509Certificate): PeerCertificate {
  return cert instanceof X509Certificate ? (cert.toLegacyObject() as PeerCertificate) : cert;
}

/** Node gives one value as a string and repeated attributes (several O) as an array. */
function attributeValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}
