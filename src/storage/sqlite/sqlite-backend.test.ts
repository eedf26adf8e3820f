import { mkdtempSync, rmSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { describeBackendConformance } from '../conformance.ts';
import { StorageError } from '../backend.ts';
import { bytes, collectEvents, describeEvent, rejectsWith, text, waitFor } from '../conformance/harness.ts';
import { SqliteBackend } from './sqlite-backend.ts';

const dir = mkdtempSync(join(tmpdir(), 'ekslite-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = (): string => join(dir, `state-${n++}.db`);

describeBackendConformance('sqlite', async () => {
  const backend = new SqliteBackend(freshPath());
  return { backend, cleanup: () => backend.close() };
});

describeBackendConformance('sqlite synchronous=full', async () => {
  const backend = new SqliteBackend(freshPath(), { synchronous: 'full' });
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

/** A datasync seam that holds each WAL sync until the test releases (really syncs) or fails it. */
class HeldSyncs {
  readonly started: { release(): void; fail(error: Error): void }[] = [];
  readonly datasync = (wal: FileHandle): Promise<void> => new Promise((resolve, reject) => {
    let held = true;
    const settle = (how: () => void) => () => {
      if (held) how();
      held = false;
    };
    this.started.push({
      release: settle(() => wal.datasync().then(resolve, reject)),
      fail: (error) => settle(() => reject(error))(),
    });
  });

  /** Waits until the nth sync (from 1) has started. */
  async waitForStart(n: number): Promise<void> {
    await waitFor(() => this.started.length >= n, `sync ${n} started (${this.started.length} so far)`);
  }

  /** Releases every sync started so far (a sync released or failed already stays as it is). */
  releaseAll(): void {
    for (const sync of this.started) sync.release();
  }
}

/** Lets the event loop turn a few times, so that anything not held back would have happened. */
async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Records when promises settle: `name` on resolve, `name!` on reject. */
function settlements(): { order: string[]; track<T>(name: string, promise: Promise<T>): Promise<T> } {
  const order: string[] = [];
  return {
    order,
    track: (name, promise) => {
      promise.then(() => order.push(name), () => order.push(`${name}!`));
      return promise;
    },
  };
}

describe('SqliteBackend synchronous=full', () => {
  test('acknowledgements and watch events wait for the WAL sync; reads see the commit at once', async () => {
    const syncs = new HeldSyncs();
    const backend = new SqliteBackend(freshPath(), { synchronous: 'full', datasync: syncs.datasync });
    try {
      const watch = await collectEvents(backend, '/s/', 0);
      const { order, track } = settlements();
      const created = track('a', backend.create('/s/a', bytes('1')));
      await syncs.waitForStart(1);
      await turns();
      assert.deepEqual(order, [], 'not acknowledged before its sync');
      assert.equal(watch.events.length, 0, 'no event before its sync');
      assert.equal(text((await backend.get('/s/a')).kv!.value), '1', 'a read sees the commit at once');
      assert.equal((await backend.list('/s/')).kvs.length, 1);
      syncs.started[0].release();
      const { revision } = await created;
      await watch.until(1);
      assert.deepEqual(watch.events.map(describeEvent), [`put /s/a 1 c=${revision} m=${revision}`]);
      watch.controller.abort();
    } finally {
      await closeReleasing(backend, syncs);
    }
  });

  test('writes committed while a sync is in flight share the next sync, and settle in commit order', async () => {
    const syncs = new HeldSyncs();
    const backend = new SqliteBackend(freshPath(), { synchronous: 'full', datasync: syncs.datasync });
    try {
      const watch = await collectEvents(backend, '/s/', 0);
      const { order, track } = settlements();
      const writes = [track('a', backend.create('/s/a', bytes('a')))];
      await syncs.waitForStart(1);
      // Three more batches, each committed (visible to reads) while the first sync is held.
      writes.push(track('b', backend.create('/s/b', bytes('b'))));
      await turns(1);
      writes.push(track('exists', backend.create('/s/a', bytes('again')))); // KeyExists: settles with its batch
      writes.push(track('c', backend.create('/s/c', bytes('c'))));
      await turns(1);
      writes.push(track('d', backend.create('/s/d', bytes('d'))));
      await turns();
      assert.equal((await backend.list('/s/')).kvs.length, 4, 'all committed');
      assert.equal(syncs.started.length, 1, 'one sync in flight at most');
      assert.deepEqual(order, []);

      syncs.started[0].release();
      await syncs.waitForStart(2);
      await turns();
      assert.deepEqual(order, ['a'], 'the first sync covers only what committed before it started');
      assert.equal(watch.events.length, 1);
      syncs.started[1].release();
      await Promise.allSettled(writes);
      await watch.until(4);
      assert.deepEqual(order, ['a', 'b', 'exists!', 'c', 'd'], 'settled in commit order');
      assert.deepEqual(watch.events.map((e) => e.kv.key), ['/s/a', '/s/b', '/s/c', '/s/d']);
      await turns();
      assert.equal(syncs.started.length, 2, 'the second sync covered all three batches');
      watch.controller.abort();
    } finally {
      await closeReleasing(backend, syncs);
    }
  });

  test('a failed sync rejects the writes waiting for it and every later call (fail-stop)', async () => {
    const syncs = new HeldSyncs();
    const backend = new SqliteBackend(freshPath(), { synchronous: 'full', datasync: syncs.datasync });
    const watch = await collectEvents(backend, '/s/', 0);
    const first = rejectsWith(backend.create('/s/a', bytes('a')), StorageError);
    await syncs.waitForStart(1);
    const second = rejectsWith(backend.create('/s/b', bytes('b')), StorageError);
    await turns();
    syncs.started[0].fail(new Error('EIO: i/o error, fdatasync'));
    const failure = await first;
    assert.match(failure.message, /fdatasync of .*-wal failed.*EIO/);
    assert.equal(await second, failure, 'the write waiting for the next sync too');
    assert.equal(await rejectsWith(backend.create('/s/c', bytes('c')), StorageError), failure, 'later writes');
    assert.equal(await rejectsWith(backend.get('/s/a'), StorageError), failure, 'later reads');
    assert.equal(await rejectsWith(backend.compact(1), StorageError), failure, 'compaction');
    await waitFor(() => watch.errors.length === 1, 'the watch ended through onError');
    assert.deepEqual(watch.events, [], 'no event of an unsynced write');
    assert.equal(syncs.started.length, 1, 'no sync after a failed one');
    await backend.close();
  });

  test('close() commits queued writes, waits for their sync and settles everything first', async () => {
    const syncs = new HeldSyncs();
    const path = freshPath();
    const backend = new SqliteBackend(path, { synchronous: 'full', datasync: syncs.datasync });
    const { order, track } = settlements();
    const first = track('a', backend.create('/s/a', bytes('a')));
    await syncs.waitForStart(1);
    const queued = track('b', backend.create('/s/b', bytes('b'))); // not flushed yet: close() commits it
    const closed = track('closed', backend.close());
    await rejectsWith(backend.create('/s/c', bytes('c')), StorageError);
    await turns();
    assert.deepEqual(order, [], 'close() waits for the held sync');
    syncs.started[0].release();
    await syncs.waitForStart(2);
    syncs.started[1].release();
    await Promise.all([first, queued, closed]);
    assert.deepEqual(order, ['a', 'b', 'closed']);

    const reopened = new SqliteBackend(path);
    try {
      assert.deepEqual((await reopened.list('/s/')).kvs.map((kv) => kv.key), ['/s/a', '/s/b']);
    } finally {
      await reopened.close();
    }
  });
});

/** Closes backend, releasing each sync it starts meanwhile (a failed test may leave writes waiting). */
async function closeReleasing(backend: SqliteBackend, syncs: HeldSyncs): Promise<void> {
  let done = false;
  const closing = backend.close().finally(() => (done = true));
  while (!done) {
    syncs.releaseAll();
    await turns(1);
  }
  await closing;
}
