/**
 * X.509 issuance for the cluster PKI: a self-signed CA and leaf certificates signed by it.
 * Keys are ECDSA P-256 (fast to generate: ~2 ms against ~100–300 ms for RSA-2048), stored as
 * PKCS#8 PEM, which Go's `tls.X509KeyPair` (kubectl) and node's `tls` both accept.
 *
 * @peculiar/x509 is loaded on first use only: importing it costs ~100 ms, and a cluster whose
 * PKI already exists on disk never needs it (node:crypto parses and verifies).
 */
import { createPrivateKey, KeyObject, randomBytes, webcrypto, X509Certificate } from 'node:crypto';

/** A PEM certificate and the PEM (PKCS#8) private key of its public key. */
export interface CertificateAndKey {
  readonly certPem: string;
  readonly keyPem: string;
}

export type ExtendedKeyUsageName = 'serverAuth' | 'clientAuth';

export interface IssueCertificateOptions {
  readonly commonName: string;
  /** Subject O values; for client certificates these become the user's groups. @default [] */
  readonly organizations?: readonly string[];
  /** Validity from `now`, capped at the CA's own expiry. */
  readonly days: number;
  readonly extendedKeyUsages: readonly ExtendedKeyUsageName[];
  /** subjectAltName DNS entries (serving certificates). @default [] */
  readonly dnsNames?: readonly string[];
  /** subjectAltName IP entries, IPv4 or IPv6 (serving certificates). @default [] */
  readonly ipAddresses?: readonly string[];
  /** The issuing time in ms since the epoch (an injected clock's `now()`). */
  readonly now: number;
}

type X509Module = typeof import('@peculiar/x509');
let x509Module: Promise<X509Module> | undefined;

/** @peculiar/x509 needs reflect-metadata loaded before it (tsyringe) and a WebCrypto provider. */
function loadX509(): Promise<X509Module> {
  x509Module ??= (async () => {
    await import('reflect-metadata');
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    return x509;
  })();
  return x509Module;
}

/** Starts loading @peculiar/x509 so its import overlaps other work (key generation, file reads). */
export function preloadCertificateLibrary(): void {
  void loadX509();
}

const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const EC_SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;

/**
 * Clock skew allowance: notBefore is set this far before `now`, as many issuers do, so a
 * certificate issued by one process is already valid for a peer whose clock is slightly behind.
 */
const NOT_BEFORE_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/** A self-signed CA: BasicConstraints CA (critical), keyCertSign | cRLSign | digitalSignature. */
export async function createCertificateAuthority(options: { commonName: string; days: number; now: number }): Promise<CertificateAndKey> {
  const x509 = await loadX509();
  const keys = await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialNumber(),
    name: [{ CN: [options.commonName] }],
    notBefore: new Date(options.now - NOT_BEFORE_SKEW_MS),
    notAfter: new Date(options.now + options.days * DAY_MS),
    keys,
    signingAlgorithm: EC_SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await pkcs8Pem(keys.privateKey) };
}

/**
 * A leaf certificate with a fresh P-256 key, signed by `ca` (an EC or RSA CA). The subject puts
 * O before CN, as Go's pkix.Name does; each O value is its own RDN.
 */
export async function issueCertificate(ca: CertificateAndKey, options: IssueCertificateOptions): Promise<CertificateAndKey> {
  const x509 = await loadX509();
  const [keys, signer] = await Promise.all([
    webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify']),
    importSigningKey(ca.keyPem),
  ]);
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKeyId = caCert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const notAfter = Math.min(options.now + options.days * DAY_MS, caCert.notAfter.getTime());
  const sans = [
    ...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const extensions = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension(options.extendedKeyUsages.map((u) => x509.ExtendedKeyUsage[u]), false),
    ...(caKeyId ? [new x509.AuthorityKeyIdentifierExtension(caKeyId)] : []),
    ...(sans.length > 0 ? [new x509.SubjectAlternativeNameExtension(sans, false)] : []),
  ];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: [...(options.organizations ?? []).map((o) => ({ O: [o] })), { CN: [options.commonName] }],
    issuer: caCert.subjectName,
    notBefore: new Date(options.now - NOT_BEFORE_SKEW_MS),
    notAfter: new Date(notAfter),
    publicKey: keys.publicKey,
    signingKey: signer.key,
    signingAlgorithm: signer.algorithm,
    extensions,
  });
  return { certPem: cert.toString('pem'), keyPem: await pkcs8Pem(keys.privateKey) };
}

/** True when `keyPem` is the private key of the certificate `certPem`. */
export function keyMatchesCertificate(cert: X509Certificate, keyPem: string): boolean {
  try {
    return cert.checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

/** The CA's private key as a WebCrypto signing key, for an EC (P-256/384/521) or RSA CA. */
async function importSigningKey(keyPem: string): Promise<{ key: CryptoKey; algorithm: Algorithm }> {
  const keyObject = createPrivateKey(keyPem);
  const der = keyObject.export({ format: 'der', type: 'pkcs8' });
  if (keyObject.asymmetricKeyType === 'ec') {
    const curve = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' }[keyObject.asymmetricKeyDetails?.namedCurve ?? ''];
    if (!curve) throw new Error(`unsupported CA key curve ${keyObject.asymmetricKeyDetails?.namedCurve}`);
    const hash = { 'P-256': 'SHA-256', 'P-384': 'SHA-384', 'P-521': 'SHA-512' }[curve];
    const key = await webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: curve }, false, ['sign']);
    return { key, algorithm: { name: 'ECDSA', hash } as Algorithm };
  }
  if (keyObject.asymmetricKeyType === 'rsa') {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const key = await webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
    return { key, algorithm };
  }
  throw new Error(`unsupported CA key type ${keyObject.asymmetricKeyType}`);
}

async function pkcs8Pem(key: CryptoKey): Promise<string> {
  return KeyObject.from(key).export({ format: 'pem', type: 'pkcs8' }).toString();
}

/**
 * 128 random bits, positive and without a leading zero byte, so the DER INTEGER is minimal
 * (RFC 5280 §4.1.2.2 asks for positive serials of at most 20 octets, unique per CA).
 */
function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString('hex');
}
