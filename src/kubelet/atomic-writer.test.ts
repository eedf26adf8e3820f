import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeAtomically } from './atomic-writer.ts';

const f = (s: string, mode = 0o644) => ({ data: Buffer.from(s), mode });

test('files appear through ..data symlinks; an update swaps versions and drops removed keys', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'aw-'));
  try {
    assert.equal(await writeAtomically(dir, new Map([['a', f('1')], ['sub/b', f('2', 0o400)]]), Date.UTC(2026, 0, 1)), true);
    assert.equal(await readFile(join(dir, 'a'), 'utf8'), '1');
    assert.equal(await readFile(join(dir, 'sub/b'), 'utf8'), '2');
    assert.equal(await readlink(join(dir, 'a')), '..data/a');
    assert.match(await readlink(join(dir, '..data')), /^\.\.2026_01_01_00_00_00\.\d{9}$/);
    assert.equal((await stat(join(dir, 'sub/b'))).mode & 0o777, 0o400);

    assert.equal(await writeAtomically(dir, new Map([['a', f('1')], ['sub/b', f('2', 0o400)]]), Date.UTC(2026, 0, 2)), false);

    assert.equal(await writeAtomically(dir, new Map([['a', f('changed')]]), Date.UTC(2026, 0, 3)), true);
    assert.equal(await readFile(join(dir, 'a'), 'utf8'), 'changed');
    const entries = (await readdir(dir)).sort();
    assert.deepEqual(entries.filter((e) => !e.startsWith('..2026')), ['..data', 'a']);
    assert.equal(entries.filter((e) => e.startsWith('..2026')).length, 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('paths escaping the volume are refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'aw-'));
  try {
    await assert.rejects(writeAtomically(dir, new Map([['../x', f('')]]), 0), /invalid path/);
    await assert.rejects(writeAtomically(dir, new Map([['/etc/x', f('')]]), 0), /invalid path/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
