import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { describeBackendConformance } from '../conformance.ts';
import { bytes, collectEvents, describeEvent, text } from '../conformance/harness.ts';
import { SqliteBackend } from './sqlite-backend.ts';

const dir = mkdtempSync(join(tmpdir(), 'ekslite-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = (): string => join(dir, `state-${n++}.db`);

describeBackendConformance('sqlite', async () => {
  const backend = new SqliteBackend(freshPath());
  return { backend, cleanup: () => backend.close() };
});

describe('SqliteBackend file', () => {
  test('reopening keeps keys, history, the revision and the compact revision', async () => {
    const path = freshPath();
    const first = new SqliteBackend(path, { synchronous: 'full' });
    const { kv } = await first.create('/r/a', bytes('v1'));
    await first.update('/r/a', bytes('v2'), kv.modRevision);
    await first.create('/r/b', bytes('b1'));
    const compactAt = await first.currentRevision();
    await first.create('/r/c', bytes('c1'));
    await first.delete('/r/c');
    await first.compact(compactAt);
    const revision = await first.currentRevision();
    await first.close();

    const second = new SqliteBackend(path);
    try {
      assert.equal(await second.currentRevision(), revision);
      assert.equal(await second.compactRevision(), compactAt);
      assert.deepEqual((await second.list('/r/')).kvs.map((x) => `${x.key}=${text(x.value)}`), ['/r/a=v2', '/r/b=b1']);
      assert.equal(text((await second.get('/r/a', { revision: compactAt })).kv!.value), 'v2');
      const watch = await collectEvents(second, '/r/', compactAt + 1);
      await watch.until(2);
      assert.deepEqual(watch.events.map(describeEvent), [
        `put /r/c c1 c=${compactAt + 1} m=${compactAt + 1}`,
        `delete /r/c c=0 m=${compactAt + 2} prev=c1@${compactAt + 1}/c${compactAt + 1}`,
      ]);
      watch.controller.abort();
      assert.equal((await second.create('/r/d', bytes('d'))).revision, revision + 1, 'the next revision follows on');
    } finally {
      await second.close();
    }
  });

  test('a second backend cannot open a file that one already owns', async () => {
    const path = freshPath();
    const owner = new SqliteBackend(path);
    try {
      assert.throws(() => new SqliteBackend(path, { lockTimeoutMs: 0 }), /database is locked/);
    } finally {
      await owner.close();
    }
    const next = new SqliteBackend(path, { lockTimeoutMs: 0 });
    await next.close();
  });

  test('compaction deletes superseded rows and tombstones from the file', async () => {
    const path = freshPath();
    const backend = new SqliteBackend(path);
    let { kv } = await backend.create('/x/a', bytes('0'));
    for (let i = 1; i <= 20; i++) ({ kv } = await backend.update('/x/a', bytes(String(i)), kv.modRevision));
    await backend.create('/x/b', bytes('b'));
    await backend.delete('/x/b');
    await backend.create('/x/c', bytes('c'));
    await backend.compact(await backend.currentRevision());
    await backend.close();

    const db = new Database(path, { readonly: true });
    try {
      const names = db.prepare('SELECT name FROM log ORDER BY id').pluck().all();
      assert.deepEqual(names, ['/x/a', '/x/c'], 'only the newest row of each live key remains');
    } finally {
      db.close();
    }
  });
});
