/**
 * `ekslite up` as a process: it merges its context into an existing kubeconfig without touching
 * the others, stops cleanly on SIGTERM and SIGINT, comes back on the same data with every object,
 * and `ekslite status` / `ekslite kubeconfig` find it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { CLI, startEkslite } from '../support/ekslite-process.ts';

/** Parsed YAML/JSON read by path in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
import { kubectlAvailable, kubectlOk } from '../support/kubectl.ts';

const run = promisify(execFile);
const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

const OTHER_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: other
  cluster:
    server: https://10.0.0.1:443
contexts:
- name: other
  context:
    cluster: other
    user: other
current-context: other
users:
- name: other
  user:
    token: keep-me
`;

test('up merges its context, survives a restart with its objects, and stops on signals', { skip }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ekslite-cli-'));
  await mkdir(join(dir, 'home'), { recursive: true });
  await writeFile(join(dir, 'kubeconfig'), OTHER_KUBECONFIG);

  const first = await startEkslite({ dir, name: 'life' });
  try {
    const cfg = parseYaml(await readFile(first.kubeconfig, 'utf8')) as Loose;
    assert.deepEqual(cfg.contexts.map((c: { name: string }) => c.name).sort(), ['ekslite-life', 'other']);
    assert.equal(cfg['current-context'], 'ekslite-life');
    assert.equal(cfg.users.find((u: { name: string }) => u.name === 'other').user.token, 'keep-me');

    await kubectlOk(first, ['create', 'namespace', 'keep']);
    await kubectlOk(first, ['create', '-n', 'keep', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: survivor\ndata:\n  k: v\n');
    const status = await run(process.execPath, [CLI, 'status', '--name', 'life', '--data-dir', first.dataDir]);
    assert.match(status.stdout, /cluster "life": ready/);
    const printed = await run(process.execPath, [CLI, 'kubeconfig', '--name', 'life', '--data-dir', first.dataDir]);
    assert.match(printed.stdout, /server: https:\/\/127\.0\.0\.1:\d+/);
  } finally {
    assert.equal(await first.stop(), 0, first.output());
  }
  const stopped = await run(process.execPath, [CLI, 'status', '--name', 'life', '--data-dir', first.dataDir]).catch((e: { stdout: string }) => e);
  assert.match(stopped.stdout, /stopped/);

  const second = await startEkslite({ dir, name: 'life' });
  try {
    const data = await kubectlOk(second, ['get', 'configmap', 'survivor', '-n', 'keep', '-o', 'jsonpath={.data.k}']);
    assert.equal(data, 'v');
  } finally {
    second.child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => second.child.on('exit', resolve));
    assert.equal(code, 0);
    await second.cleanup();
  }
});
