/**
 * The kubelet's serving certificate when none is configured: as kubelet without --tls-cert-file
 * (cert.GenerateSelfSignedCertKey), a self-signed certificate for the node's host name and
 * address, valid a year. kube-apiserver does not verify kubelet serving certificates unless it
 * is given --kubelet-certificate-authority, so this is enough for the API server to connect.
 * ECDSA P-256 keys, as the cluster PKI's (fast to generate).
 *
 * @peculiar/x509 is loaded on first use only (importing it costs ~100 ms).
 */
import { randomBytes, webcrypto } from 'node:crypto';

type X509Module = typeof import('@peculiar/x509');
let x509Module: Promise<X509Module> | undefined;

function loadX509(): Promise<X509Module> {
  x509Module ??= (async () => {
    await import('reflect-metadata'); // @peculiar/x509 needs it loaded first (tsyringe)
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    return x509;
  })();
  return x509Module;
}

const DAY_MS = 86_400_000;
const isIp = (s: string) => /^[\d.]+$/.test(s) || s.includes(':');

export interface SelfSignedOptions {
  /** Host names and addresses the certificate is for; the first is its CN. */
  readonly hosts: readonly string[];
  /** Issuing time, ms since the epoch. */
  readonly now: number;
}

export async function selfSignedServingCert(options: SelfSignedOptions): Promise<{ certPem: string; keyPem: string }> {
  const x509 = await loadX509();
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // a positive serial number
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    // kubelet names it "<host>@<unix seconds>"
    name: [{ CN: [`${options.hosts[0]}@${Math.floor(options.now / 1000)}`] }],
    notBefore: new Date(options.now - 5 * 60_000),
    notAfter: new Date(options.now + 365 * DAY_MS),
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension(options.hosts.map((h) => (isIp(h) ? { type: 'ip' as const, value: h } : { type: 'dns' as const, value: h })), false),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
  return { certPem: cert.toString('pem'), keyPem };
}
