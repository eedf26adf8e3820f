// Runs every *.test.ts under src/ and test/ with node's test runner (tsx loads TypeScript).
// Node 20's --test does not expand globs, so the files are listed here.
// Usage: node scripts/test.mjs [path-substring ...]   (filters the file list)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = ['src', 'test'].flatMap((d) => find(d)).sort()
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
// The whole suite (no filter) also type-checks and lints: the layer rule fails the run on a wrong import.
if (filters.length === 0) {
  for (const [what, args] of [['typecheck', ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']], ['lint', ['node_modules/eslint/bin/eslint.js', 'src', 'test', 'bench', 'scripts']]]) {
    const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (r.status !== 0) { console.error(`${what} failed`); process.exit(r.status ?? 1); }
  }
}
// A hang guard, not a performance limit: a test that has not finished after 10 minutes is stuck.
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=600000', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
