/**
 * Writes a set of files into a volume directory so that readers always see one complete version,
 * as kubelet's volume/util AtomicWriter does for configMap, secret, downwardAPI and projected
 * volumes: the files live in a timestamped `..<time>` directory, `..data` is a symlink to it
 * swapped by rename(2), and each top-level name is a symlink through `..data`. Applications that
 * watch `..data` (or re-read files) see updates the way they do on a real node.
 */
import { lstat, mkdir, readFile, readdir, readlink, rename, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface FileProjection { readonly data: Buffer; readonly mode: number }

const DATA = '..data';

/** `..2026_01_01_00_00_00.123456789`, the layout of kubelet's timestamped directories. */
function tsDirName(ms: number, seq: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const nanos = `${p(d.getUTCMilliseconds(), 3)}${p(seq % 1_000_000, 6)}`;
  return `..${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}_${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}.${nanos}`;
}

let sequence = 0;

async function currentPayload(dir: string): Promise<Map<string, Buffer> | undefined> {
  let target: string;
  try { target = await readlink(join(dir, DATA)); } catch { return undefined; }
  const out = new Map<string, Buffer>();
  const walk = async (rel: string): Promise<void> => {
    for (const e of await readdir(join(dir, target, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r); else out.set(r, await readFile(join(dir, target, r)));
    }
  };
  await walk('');
  return out;
}

function samePayload(a: Map<string, Buffer>, b: ReadonlyMap<string, FileProjection>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of b) { const o = a.get(k); if (!o || !o.equals(v.data)) return false; }
  return true;
}

/** Makes `dir` hold exactly `payload` (relative paths → contents); returns whether anything changed. */
export async function writeAtomically(dir: string, payload: ReadonlyMap<string, FileProjection>, now: number): Promise<boolean> {
  for (const path of payload.keys()) {
    if (path.startsWith('/') || path.split('/').some((s) => s === '..' || s === '') || path.startsWith('..')) {
      throw new Error(`invalid path ${JSON.stringify(path)}: must be relative and may not contain '..'`);
    }
  }
  await mkdir(dir, { recursive: true });
  const old = await currentPayload(dir);
  if (old && samePayload(old, payload)) return false;
  const oldTarget = old ? await readlink(join(dir, DATA)) : undefined;

  const tsDir = tsDirName(now, sequence++);
  await mkdir(join(dir, tsDir));
  for (const [path, f] of payload) {
    const file = join(dir, tsDir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, f.data);
    await chmod(file, f.mode);
  }
  await rm(join(dir, '..data_tmp'), { force: true });
  await symlink(tsDir, join(dir, '..data_tmp'));
  await rename(join(dir, '..data_tmp'), join(dir, DATA));

  const top = new Set([...payload.keys()].map((p) => p.split('/')[0]));
  for (const name of top) {
    const link = join(dir, name);
    const exists = await lstat(link).then(() => true, () => false);
    if (!exists) await symlink(join(DATA, name), link);
  }
  for (const e of await readdir(dir)) {
    if (e.startsWith('..') || top.has(e)) continue;
    await rm(join(dir, e), { recursive: true, force: true });
  }
  if (oldTarget) await rm(join(dir, oldTarget), { recursive: true, force: true });
  return true;
}
