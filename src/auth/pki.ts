/**
 * The per-cluster PKI, laid out like kubeadm's /etc/kubernetes/pki (ARCHITECTURE.md decision 4:
 * each cluster has its own CA and service-account signing key).
 *
 * Every artifact is validated independently on each start and only the invalid ones are
 * regenerated, so the function also heals interrupted or partial writes:
 * - CA: reused while its key matches and it is valid now; a new CA forces new leaves.
 * - serving and admin certificates: reused while their key matches, the CA issued them, they are
 *   more than {@link RENEW_BEFORE_DAYS} from expiry, and (serving) their SANs cover every name
 *   and IP requested now. A new serving certificate never invalidates kubeconfigs: they pin the CA.
 * - service-account key pair: reused while `sa.key` parses as RSA; `sa.pub` is re-derived from it.
 *
 * Files are written atomically (temp + rename), keys with mode 0600. Two processes creating the
 * same directory at once may mix artifacts; the next start detects and repairs that.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, X509Certificate } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  type CertificateAndKey, createCertificateAuthority, issueCertificate, keyMatchesCertificate,
  preloadCertificateLibrary,
} from './certificate-issuer.ts';
import { SYSTEM_MASTERS } from './user.ts';

export type { CertificateAndKey } from './certificate-issuer.ts';

/** A PEM key pair: PKCS#8 private key and SPKI public key. */
export interface KeyPairPem {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

export interface ClusterPki {
  readonly dir: string;
  readonly ca: CertificateAndKey;
  /** The API server's serving certificate. */
  readonly server: CertificateAndKey;
  /** `CN=kubernetes-admin, O=system:masters`, for the admin kubeconfig. */
  readonly admin: CertificateAndKey;
  /** RSA-2048, for signing and verifying service-account tokens (RS256). */
  readonly serviceAccount: KeyPairPem;
  /** The file names (see {@link PKI_FILES}) this call wrote; empty when everything was reused. */
  readonly written: readonly string[];
}

/** Milliseconds since the epoch; the shape of an injected clock's `now`. */
export interface PkiClock {
  now(): number;
}

export interface ClusterPkiOptions {
  /** Names the CA `ekslite-<name>-ca`. @default CA named `kubernetes`, as kubeadm's */
  readonly clusterName?: string;
  /** Extra DNS SANs for the serving certificate, beyond {@link DEFAULT_SERVER_NAMES}. @default [] */
  readonly serverNames?: readonly string[];
  /** Extra IP SANs for the serving certificate, beyond 127.0.0.1. @default [] */
  readonly serverIps?: readonly string[];
  /** @default the system clock */
  readonly clock?: PkiClock;
}

export const PKI_FILES = {
  caCert: 'ca.crt', caKey: 'ca.key',
  serverCert: 'server.crt', serverKey: 'server.key',
  adminCert: 'admin.crt', adminKey: 'admin.key',
  serviceAccountKey: 'sa.key', serviceAccountPub: 'sa.pub',
} as const;

/** The names kube-apiserver's serving certificate always carries (kubeadm's apiserver cert SANs). */
export const DEFAULT_SERVER_NAMES: readonly string[] = Object.freeze([
  'localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local',
]);
export const DEFAULT_SERVER_IPS: readonly string[] = Object.freeze(['127.0.0.1']);

export const ADMIN_USERNAME = 'kubernetes-admin';
export const CA_DAYS = 3650;
export const LEAF_DAYS = 365;
/** Leaves this close to expiry are reissued on start, so a long-lived cluster never serves an expired one. */
export const RENEW_BEFORE_DAYS = 30;

const DAY_MS = 86_400_000;
const systemClock: PkiClock = { now: () => Date.now() };
const generateKeyPairAsync = promisify(generateKeyPair);

/** Loads the PKI in `dir`, creating or repairing what is missing or no longer valid. */
export async function loadOrCreateClusterPki(dir: string, options: ClusterPkiOptions = {}): Promise<ClusterPki> {
  const now = (options.clock ?? systemClock).now();
  const dnsNames = unique([...DEFAULT_SERVER_NAMES, ...(options.serverNames ?? [])]);
  const ipAddresses = unique([...DEFAULT_SERVER_IPS, ...(options.serverIps ?? [])]);
  const file = (name: string) => path.join(dir, name);

  await mkdir(dir, { recursive: true, mode: 0o700 });
  const f = await readAll(dir);
  const written: string[] = [];
  const save = async (name: string, data: string, mode: number) => {
    await writeFileAtomic(file(name), data, mode);
    written.push(name);
  };

  // The service-account key is independent of the CA: generate it (on the libuv thread pool)
  // concurrently with everything below.
  const serviceAccount = loadOrCreateServiceAccountKey(f.serviceAccountKey, f.serviceAccountPub, save);
  serviceAccount.catch(() => { /* awaited below; this only keeps an early CA failure from leaving it unhandled */ });

  let ca = validCa(f.caCert, f.caKey, now);
  const caX509 = ca ? new X509Certificate(ca.certPem) : undefined;
  const serverOk = caX509 && validLeaf(f.serverCert, f.serverKey, caX509, now, (c) => coversSans(c, dnsNames, ipAddresses));
  const adminOk = caX509 && validLeaf(f.adminCert, f.adminKey, caX509, now, (c) => hasSubject(c, ADMIN_USERNAME, [SYSTEM_MASTERS]));
  if (!ca || !serverOk || !adminOk) preloadCertificateLibrary();

  if (!ca) {
    const commonName = options.clusterName ? `ekslite-${options.clusterName}-ca` : 'kubernetes';
    ca = await createCertificateAuthority({ commonName, days: CA_DAYS, now });
    await save(PKI_FILES.caKey, ca.keyPem, 0o600);
    await save(PKI_FILES.caCert, ca.certPem, 0o644);
  }
  const issuer = ca;
  const server = serverOk ? { certPem: f.serverCert!, keyPem: f.serverKey! } : issueCertificate(issuer, {
    commonName: 'kube-apiserver', days: LEAF_DAYS, extendedKeyUsages: ['serverAuth'], dnsNames, ipAddresses, now,
  }).then(async (issued) => {
    await save(PKI_FILES.serverKey, issued.keyPem, 0o600);
    await save(PKI_FILES.serverCert, issued.certPem, 0o644);
    return issued;
  });
  const admin = adminOk ? { certPem: f.adminCert!, keyPem: f.adminKey! } : issueCertificate(issuer, {
    commonName: ADMIN_USERNAME, organizations: [SYSTEM_MASTERS], days: LEAF_DAYS, extendedKeyUsages: ['clientAuth'], now,
  }).then(async (issued) => {
    await save(PKI_FILES.adminKey, issued.keyPem, 0o600);
    await save(PKI_FILES.adminCert, issued.certPem, 0o644);
    return issued;
  });

  const [serverPair, adminPair, saPair] = await Promise.all([server, admin, serviceAccount]);
  return { dir, ca, server: serverPair, admin: adminPair, serviceAccount: saPair, written };
}

export interface IssueClientCertificateOptions {
  /** Becomes the username, e.g. `system:node:ip-10-0-1-5`. */
  readonly commonName: string;
  /** Become the groups, e.g. `['system:nodes']`. @default [] */
  readonly organizations?: readonly string[];
  /** @default 365 (capped at the CA's expiry) */
  readonly days?: number;
  /** @default the system clock */
  readonly clock?: PkiClock;
}

/**
 * A client certificate (EKU clientAuth) signed by the cluster CA, for users other than the admin
 * (nodes: `CN=system:node:NAME, O=system:nodes`). Nothing is written to disk: the caller owns it.
 */
export function issueClientCertificate(pki: Pick<ClusterPki, 'ca'>, options: IssueClientCertificateOptions): Promise<CertificateAndKey> {
  return issueCertificate(pki.ca, {
    commonName: options.commonName,
    organizations: options.organizations ?? [],
    days: options.days ?? LEAF_DAYS,
    extendedKeyUsages: ['clientAuth'],
    now: (options.clock ?? systemClock).now(),
  });
}

type PkiFileContents = { [K in keyof typeof PKI_FILES]: string | undefined };

async function readAll(dir: string): Promise<PkiFileContents> {
  const entries = await Promise.all(Object.entries(PKI_FILES).map(async ([key, name]) => {
    try {
      return [key, await readFile(path.join(dir, name), 'utf8')] as const;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [key, undefined] as const;
      throw err;
    }
  }));
  return Object.fromEntries(entries) as PkiFileContents;
}

function parseCertificate(pem: string | undefined): X509Certificate | undefined {
  if (!pem) return undefined;
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

function validNow(cert: X509Certificate, now: number, renewBeforeMs: number): boolean {
  return Date.parse(cert.validFrom) <= now && now < Date.parse(cert.validTo) - renewBeforeMs;
}

function validCa(certPem: string | undefined, keyPem: string | undefined, now: number): CertificateAndKey | undefined {
  const cert = parseCertificate(certPem);
  if (!cert || !keyPem || !cert.ca || !keyMatchesCertificate(cert, keyPem) || !validNow(cert, now, 0)) return undefined;
  return { certPem: certPem!, keyPem };
}

function validLeaf(
  certPem: string | undefined, keyPem: string | undefined, ca: X509Certificate, now: number,
  fits: (cert: X509Certificate) => boolean,
): boolean {
  const cert = parseCertificate(certPem);
  return !!cert && !!keyPem && keyMatchesCertificate(cert, keyPem)
    && cert.checkIssued(ca) && cert.verify(ca.publicKey)
    && validNow(cert, now, RENEW_BEFORE_DAYS * DAY_MS) && fits(cert);
}

function coversSans(cert: X509Certificate, dnsNames: readonly string[], ipAddresses: readonly string[]): boolean {
  return dnsNames.every((name) => cert.checkHost(name, { subject: 'never', wildcards: false }) !== undefined)
    && ipAddresses.every((ip) => cert.checkIP(ip) !== undefined);
}

function hasSubject(cert: X509Certificate, commonName: string, organizations: readonly string[]): boolean {
  const subject = cert.toLegacyObject().subject as unknown as Record<string, string | string[] | undefined>;
  const o = subject.O;
  const orgs = o === undefined ? [] : Array.isArray(o) ? o : [o];
  return subject.CN === commonName && orgs.length === organizations.length && organizations.every((x) => orgs.includes(x));
}

async function loadOrCreateServiceAccountKey(
  keyPem: string | undefined, pubPem: string | undefined, save: (name: string, data: string, mode: number) => Promise<void>,
): Promise<KeyPairPem> {
  let privateKeyPem: string | undefined;
  try {
    if (keyPem && createPrivateKey(keyPem).asymmetricKeyType === 'rsa') privateKeyPem = keyPem;
  } catch { /* unparseable: regenerate */ }
  if (!privateKeyPem) {
    const pair = await generateKeyPairAsync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    privateKeyPem = pair.privateKey;
    await save(PKI_FILES.serviceAccountKey, privateKeyPem, 0o600);
  }
  const publicKeyPem = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
  if (publicKeyPem !== pubPem) await save(PKI_FILES.serviceAccountPub, publicKeyPem, 0o644);
  return { privateKeyPem, publicKeyPem };
}

/** Write to a sibling temp file with `mode`, then rename over the target, so readers never see a torn file. */
async function writeFileAtomic(file: string, data: string, mode: number): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data, { mode, flag: 'wx' });
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
