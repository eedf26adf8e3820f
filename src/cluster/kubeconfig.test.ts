import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { tlsPeerOf } from '../auth/authenticator.ts';
import { loadOrCreateClusterPki } from '../auth/pki.ts';
import { X509Authenticator } from '../auth/x509-authenticator.ts';
import {
  type KubeconfigEntry, mergeKubeconfig, renderKubeconfig, resolveKubeconfigPath, writeKubeconfigContext,
} from './kubeconfig.ts';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const entry: KubeconfigEntry = {
  contextName: 'ekslite-demo', clusterName: 'ekslite-demo', server: 'https://127.0.0.1:6443', caPem: CA,
  user: { clientCertPem: 'CERT', clientKeyPem: 'KEY' },
};

/** Another tool's kubeconfig, with comments, flow style, unknown fields and go-yaml 1.1 scalars. */
const OTHER = `# managed by hand
apiVersion: v1
kind: Config
clusters:
  - name: prod   # production
    cluster:
      server: https://prod.example:443
      insecure-skip-tls-verify: true
      extensions:
        - name: vendor
          extension: {owner: ops, level: 3}
contexts:
  - name: prod
    context: {cluster: prod, user: prod-admin, namespace: "on"}
  - name: ekslite-demo
    context: {cluster: ekslite-demo, user: ekslite-demo}
current-context: prod
users:
  - name: prod-admin
    user:
      token: "0123"
  - name: ekslite-demo
    user:
      token: stale-token
preferences: {colors: true}
x-vendor-field: [1, 2]
`;

type Named = { name: string };
const read = (yaml: string) => parse(yaml, { version: '1.1' }) as Record<string, unknown> & {
  clusters: Named[]; contexts: Named[]; users: Named[]; 'current-context': string;
};
const without = (items: Named[], name: string) => items.filter((i) => i.name !== name);

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ekslite-kubeconfig-'));
  dirs.push(dir);
  return dir;
}
after(async () => { await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))); });

describe('renderKubeconfig', () => {
  it('renders one cluster, user and context with base64 data, current', () => {
    assert.deepEqual(read(renderKubeconfig(entry)), {
      apiVersion: 'v1', kind: 'Config', preferences: {}, 'current-context': 'ekslite-demo',
      clusters: [{ name: 'ekslite-demo', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': b64(CA) } }],
      contexts: [{ name: 'ekslite-demo', context: { cluster: 'ekslite-demo', user: 'ekslite-demo' } }],
      users: [{ name: 'ekslite-demo', user: { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') } }],
    });
  });

  it('renders a token user, a namespace and a separate user name', () => {
    const doc = read(renderKubeconfig({ ...entry, userName: 'ekslite-demo-admin', user: { token: 't0k' }, namespace: 'yes' }));
    assert.deepEqual(doc.users, [{ name: 'ekslite-demo-admin', user: { token: 't0k' } }]);
    // `yes` is a boolean to go-yaml v2 unless quoted; read back as 1.1 it must stay a string.
    assert.deepEqual(doc.contexts, [{ name: 'ekslite-demo', context: { cluster: 'ekslite-demo', namespace: 'yes', user: 'ekslite-demo-admin' } }]);
  });

  it('renders an exec user as aws eks update-kubeconfig does', () => {
    const doc = read(renderKubeconfig({ ...entry, user: { exec: { command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'demo'] } } }));
    assert.deepEqual(doc.users, [{ name: 'ekslite-demo', user: { exec: {
      apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'demo'],
    } } }]);
  });

  it('defaults interactiveMode to Never for the v1 exec API, which requires it', () => {
    const doc = read(renderKubeconfig({ ...entry, user: { exec: { command: 'x', apiVersion: 'client.authentication.k8s.io/v1' } } }));
    assert.deepEqual(doc.users[0], { name: 'ekslite-demo', user: { exec: {
      apiVersion: 'client.authentication.k8s.io/v1', command: 'x', interactiveMode: 'Never',
    } } });
  });

  it('leaves current-context empty when asked not to set it', () => {
    assert.equal(read(renderKubeconfig({ ...entry, setCurrent: false }))['current-context'], '');
  });
});

describe('mergeKubeconfig', () => {
  it('keeps other entries and unknown fields, replaces our own entries, and switches the context', () => {
    const before = read(OTHER);
    const merged = mergeKubeconfig(OTHER, entry);
    const afterDoc = read(merged);
    for (const key of ['clusters', 'contexts', 'users'] as const) {
      assert.deepEqual(without(afterDoc[key], 'ekslite-demo'), without(before[key], 'ekslite-demo'), key);
      assert.equal(afterDoc[key].filter((i) => i.name === 'ekslite-demo').length, 1, key);
    }
    assert.deepEqual(afterDoc.users.find((u) => u.name === 'ekslite-demo'),
      { name: 'ekslite-demo', user: { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') } });
    assert.equal(afterDoc['current-context'], 'ekslite-demo');
    assert.deepEqual(afterDoc.preferences, { colors: true });
    assert.deepEqual(afterDoc['x-vendor-field'], [1, 2]);
    assert.match(merged, /# managed by hand/);
    assert.match(merged, /# production/);
  });

  it('keeps the current context when setCurrent is false', () => {
    assert.equal(read(mergeKubeconfig(OTHER, { ...entry, setCurrent: false }))['current-context'], 'prod');
  });

  it('is idempotent', () => {
    const once = mergeKubeconfig(OTHER, entry);
    assert.equal(mergeKubeconfig(once, entry), once);
  });

  it('fills missing or null lists', () => {
    const doc = read(mergeKubeconfig('apiVersion: v1\nkind: Config\nclusters: null\n', entry));
    assert.equal(doc.clusters.length, 1);
    assert.equal(doc.users.length, 1);
    assert.equal(doc.contexts.length, 1);
  });

  it('refuses to rewrite something that is not a kubeconfig', () => {
    assert.throws(() => mergeKubeconfig('- a\n- b\n', entry), /not a YAML mapping/);
    assert.throws(() => mergeKubeconfig('clusters: [\n', entry), /not valid YAML/);
    assert.throws(() => mergeKubeconfig('clusters: {a: 1}\n', entry), /clusters is not a list/);
  });
});

describe('writeKubeconfigContext', () => {
  it('creates the file and its directory, private to the user', async () => {
    const file = path.join(await tempDir(), 'nested', '.kube', 'config');
    await writeKubeconfigContext(file, entry);
    assert.deepEqual(read(await readFile(file, 'utf8')), read(renderKubeconfig(entry)));
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await stat(path.dirname(file))).mode & 0o777, 0o700);
  });

  it('merges into an existing file and leaves no lock or temp file behind', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'config');
    await writeFile(file, OTHER);
    await writeKubeconfigContext(file, { ...entry, user: { token: 'fresh' } });
    const doc = read(await readFile(file, 'utf8'));
    assert.deepEqual(doc.users.map((u) => u.name), ['prod-admin', 'ekslite-demo']);
    assert.deepEqual(doc.users[1], { name: 'ekslite-demo', user: { token: 'fresh' } });
    assert.deepEqual(await readdir(dir), ['config']);
  });

  it('replaces the target of a symlinked kubeconfig, keeping the link', async () => {
    const dir = await tempDir();
    const real = path.join(dir, 'real-config');
    const link = path.join(dir, 'config');
    await writeFile(real, OTHER);
    await symlink(real, link);
    await writeKubeconfigContext(link, entry);
    assert.ok((await lstat(link)).isSymbolicLink());
    assert.equal(read(await readFile(real, 'utf8'))['current-context'], 'ekslite-demo');
  });

  it('fails, touching nothing, while kubectl holds the lock', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'config');
    await writeFile(file, OTHER);
    await writeFile(`${file}.lock`, '');
    await assert.rejects(writeKubeconfigContext(file, entry), /locked/);
    assert.equal(await readFile(file, 'utf8'), OTHER);
  });
});

describe('resolveKubeconfigPath', () => {
  it('prefers the explicit path', () => {
    assert.equal(resolveKubeconfigPath('/x/config', { KUBECONFIG: '/a', HOME: '/home/u' }), '/x/config');
  });

  it('takes the first path of KUBECONFIG', () => {
    assert.equal(resolveKubeconfigPath(undefined, { KUBECONFIG: '/a/one:/b/two:/c/three', HOME: '/home/u' }), '/a/one');
    assert.equal(resolveKubeconfigPath(undefined, { KUBECONFIG: '::/b/two', HOME: '/home/u' }), '/b/two');
  });

  it('falls back to ~/.kube/config', () => {
    assert.equal(resolveKubeconfigPath(undefined, { HOME: '/home/u' }), '/home/u/.kube/config');
    assert.equal(resolveKubeconfigPath(undefined, { KUBECONFIG: '', HOME: '/home/u' }), '/home/u/.kube/config');
  });
});

const kubectl = await promisify(execFile)('kubectl', ['version', '--client', '-o', 'json']).then(() => true, () => false);

describe('kubectl reads what was written', { skip: kubectl ? false : 'kubectl is not on PATH' }, () => {
  const run = async (...args: string[]) => (await promisify(execFile)('kubectl', args, { env: { ...process.env, KUBECONFIG: '' } })).stdout;

  it('parses the merged file and lists both contexts', async () => {
    const file = path.join(await tempDir(), 'config');
    await writeFile(file, OTHER);
    // A server nobody listens on: the gcloud dispatcher's version probe fails fast.
    await writeKubeconfigContext(file, { ...entry, server: 'https://127.0.0.1:1', namespace: 'off' });

    const view = JSON.parse(await run('config', 'view', '--kubeconfig', file, '--raw', '-o', 'json')) as {
      'current-context': string; clusters: { name: string; cluster: Record<string, unknown> }[];
      users: { name: string; user: Record<string, unknown> }[]; contexts: { name: string; context: Record<string, unknown> }[];
    };
    assert.equal(view['current-context'], 'ekslite-demo');
    assert.deepEqual(view.clusters.find((c) => c.name === 'ekslite-demo')?.cluster,
      { server: 'https://127.0.0.1:1', 'certificate-authority-data': b64(CA) });
    assert.deepEqual(view.users.find((u) => u.name === 'ekslite-demo')?.user,
      { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') });
    assert.deepEqual(view.contexts.find((c) => c.name === 'prod')?.context, { cluster: 'prod', user: 'prod-admin', namespace: 'on' });
    // Unquoted, go-yaml would read `off` as a boolean and kubectl would refuse the whole file.
    assert.deepEqual(view.contexts.find((c) => c.name === 'ekslite-demo')?.context,
      { cluster: 'ekslite-demo', user: 'ekslite-demo', namespace: 'off' });

    const contexts = (await run('config', 'get-contexts', '--kubeconfig', file, '-o', 'name')).trim().split('\n').sort();
    assert.deepEqual(contexts, ['ekslite-demo', 'prod']);
  });

  it('connects with the cluster PKI: kubectl trusts the serving certificate and presents the admin certificate', async () => {
    const dir = await tempDir();
    const pki = await loadOrCreateClusterPki(path.join(dir, 'pki'), { clusterName: 'demo' });
    const authenticator = new X509Authenticator();
    const seen: string[] = [];
    const server = https.createServer({
      cert: pki.server.certPem, key: pki.server.keyPem, ca: pki.ca.certPem, requestCert: true, rejectUnauthorized: false,
    }, (req, res) => {
      authenticator.authenticate({ headers: req.headers, tls: tlsPeerOf(req.socket as TLSSocket) }).then((user) => {
        seen.push(`${req.url} ${user?.username} ${user?.groups.join(',')}`);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.0', platform: 'linux/amd64' }));
      }, () => { res.statusCode = 401; res.end(); });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const file = path.join(dir, 'config');
      await writeKubeconfigContext(file, {
        ...entry, server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, caPem: pki.ca.certPem,
        user: { clientCertPem: pki.admin.certPem, clientKeyPem: pki.admin.keyPem },
      });
      const version = JSON.parse(await run('get', '--raw', '/version', '--kubeconfig', file)) as { gitVersion: string };
      assert.equal(version.gitVersion, 'v1.32.0');
      assert.ok(seen.length > 0);
      for (const line of seen) assert.match(line, / kubernetes-admin system:masters,system:authenticated$/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
