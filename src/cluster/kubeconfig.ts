/**
 * Kubeconfig files, written the way `aws eks update-kubeconfig` and `kubectl config` write them:
 * one cluster, one user and one context are added or replaced by name, and everything else in
 * the file (other entries, unknown fields, comments) is left as it was.
 *
 * The file is parsed as YAML 1.1 because kubectl reads it with go-yaml v2 (1.1 rules): values
 * keep the meaning kubectl gave them, and new strings such as a namespace called `yes` are quoted.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Document, isMap, isScalar, isSeq, parseDocument } from 'yaml';

/** A kubeconfig `users[].user.exec` plugin, e.g. `aws eks get-token`. */
export interface KubeconfigExec {
  readonly command: string;
  readonly args?: readonly string[];
  readonly env?: readonly { readonly name: string; readonly value: string }[];
  /** @default 'client.authentication.k8s.io/v1beta1', what `aws eks update-kubeconfig` writes */
  readonly apiVersion?: string;
  /** Required by kubectl for the `v1` API. @default 'Never' for v1, absent for v1beta1 */
  readonly interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
  readonly provideClusterInfo?: boolean;
}

/** How the user authenticates: a client certificate, a bearer token, or an exec plugin. */
export type KubeconfigUser =
  | { readonly clientCertPem: string; readonly clientKeyPem: string }
  | { readonly token: string }
  | { readonly exec: KubeconfigExec };

export interface KubeconfigEntry {
  readonly contextName: string;
  readonly clusterName: string;
  /** The `users[].name`. @default contextName */
  readonly userName?: string;
  /** e.g. `https://127.0.0.1:6443` */
  readonly server: string;
  /** The cluster CA, PEM; written base64-encoded as `certificate-authority-data`. */
  readonly caPem: string;
  readonly user: KubeconfigUser;
  /** The context's default namespace. @default none (kubectl then uses `default`) */
  readonly namespace?: string;
  /** Make this the `current-context`. @default true */
  readonly setCurrent?: boolean;
}

/**
 * The kubeconfig file to write, as kubectl chooses it: `explicit` (a `--kubeconfig` flag), else
 * the first path of `$KUBECONFIG` (kubectl and `aws eks update-kubeconfig` write new entries to
 * the first file of the list), else `$HOME/.kube/config`. Empty list elements are skipped.
 */
export function resolveKubeconfigPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return explicit;
  const first = (env.KUBECONFIG ?? '').split(path.delimiter).find((p) => p !== '');
  if (first) return first;
  return path.join(env.HOME || os.homedir(), '.kube', 'config');
}

/** The YAML of a kubeconfig holding only `entry`, for `ekslite kubeconfig` to print. */
export function renderKubeconfig(entry: KubeconfigEntry): string {
  return mergeKubeconfig('', entry);
}

/**
 * `existing` (kubeconfig YAML; empty for none) with `entry`'s cluster, user and context added,
 * or replaced whole when an entry of the same name exists. Throws when `existing` is not a
 * kubeconfig mapping, rather than overwrite a file it cannot read.
 */
export function mergeKubeconfig(existing: string, entry: KubeconfigEntry): string {
  const doc: Document = parseDocument(existing, { version: '1.1' });
  if (doc.errors.length > 0) throw new Error(`kubeconfig is not valid YAML: ${doc.errors[0].message}`);
  if (doc.contents === null) {
    doc.contents = doc.createNode({
      apiVersion: 'v1', clusters: [], contexts: [], 'current-context': '', kind: 'Config', preferences: {}, users: [],
    });
  } else if (!isMap(doc.contents)) {
    throw new Error('kubeconfig is not a YAML mapping');
  } else {
    if (!doc.has('apiVersion')) doc.set('apiVersion', 'v1');
    if (!doc.has('kind')) doc.set('kind', 'Config');
  }
  const userName = entry.userName ?? entry.contextName;
  upsertNamed(doc, 'clusters', {
    cluster: { 'certificate-authority-data': base64(entry.caPem), server: entry.server },
    name: entry.clusterName,
  });
  upsertNamed(doc, 'contexts', {
    context: { cluster: entry.clusterName, ...(entry.namespace ? { namespace: entry.namespace } : {}), user: userName },
    name: entry.contextName,
  });
  upsertNamed(doc, 'users', { name: userName, user: userFields(entry.user) });
  if (entry.setCurrent ?? true) doc.set('current-context', entry.contextName);
  return doc.toString({ indentSeq: false, lineWidth: 0 });
}

/**
 * Adds or replaces `entry` in the kubeconfig `file` (see {@link mergeKubeconfig}), creating the
 * file (mode 0600) and its directory (0700) when absent. The file is replaced atomically
 * (temp + rename; a symlinked kubeconfig has its target replaced), under kubectl's own lock
 * protocol: `<file>.lock` created exclusively, so a concurrent `kubectl config` write cannot
 * interleave. A held lock is an error, as in kubectl.
 */
export async function writeKubeconfigContext(file: string, entry: KubeconfigEntry): Promise<void> {
  const target = await realpath(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return path.resolve(file);
    throw err;
  });
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const lockFile = `${target}.lock`;
  const lock = await open(lockFile, 'wx').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EEXIST') throw new Error(`kubeconfig ${target} is locked: ${lockFile} exists (remove it if no kubectl is running)`);
    throw err;
  });
  try {
    const existing = await readFile(target, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '';
      throw err;
    });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, mergeKubeconfig(existing, entry), { mode: 0o600, flag: 'wx' });
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  } finally {
    await lock.close();
    await rm(lockFile, { force: true });
  }
}

function userFields(user: KubeconfigUser): Record<string, unknown> {
  if ('token' in user) return { token: user.token };
  if ('exec' in user) {
    const { command, args, env, provideClusterInfo } = user.exec;
    const apiVersion = user.exec.apiVersion ?? 'client.authentication.k8s.io/v1beta1';
    const interactiveMode = user.exec.interactiveMode ?? (apiVersion.endsWith('/v1') ? 'Never' : undefined);
    return {
      exec: {
        apiVersion,
        ...(args ? { args: [...args] } : {}),
        command,
        ...(env ? { env: env.map((e) => ({ name: e.name, value: e.value })) } : {}),
        ...(interactiveMode ? { interactiveMode } : {}),
        ...(provideClusterInfo !== undefined ? { provideClusterInfo } : {}),
      },
    };
  }
  return { 'client-certificate-data': base64(user.clientCertPem), 'client-key-data': base64(user.clientKeyPem) };
}

/**
 * Puts `value` in the list `key` in place of the first item with the same `name` (removing any
 * later duplicates), or appends it. A missing or null list becomes a new one.
 */
function upsertNamed(doc: Document, key: string, value: { readonly name: string } & Record<string, unknown>): void {
  const node = doc.createNode(value);
  const list = doc.get(key, true);
  if (list === undefined || (isScalar(list) && list.value === null)) {
    doc.set(key, doc.createNode([value]));
    return;
  }
  if (!isSeq(list)) throw new Error(`kubeconfig field ${key} is not a list`);
  const sameName = (item: unknown) => isMap(item) && item.get('name') === value.name;
  const index = list.items.findIndex(sameName);
  if (index === -1) {
    list.items.push(node);
    return;
  }
  list.items = list.items.filter((item, i) => i === index || !sameName(item));
  list.items[list.items.findIndex(sameName)] = node;
}

function base64(pem: string): string {
  return Buffer.from(pem, 'utf8').toString('base64');
}
