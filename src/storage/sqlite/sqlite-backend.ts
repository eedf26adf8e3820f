import Database from 'better-sqlite3';
import {
  CompactedError, ConflictError, FutureRevisionError, KeyExistsError, NotFoundError, StorageError,
  type Backend, type KeyValue, type ListOptions, type ListResult, type WatchEvent, type WatchOptions,
} from '../backend.ts';
import { WatchHub } from '../watch-hub.ts';
import { EMPTY, EMPTY_BUFFER, type EventRow, type PageEntry, pageToKvs, type Row, rowToEvent, rowToKv } from './sqlite-rows.ts';
import { countSql, eventsSql, keyRange, listAtSql, listCurrentSql, pageSql, SCHEMA, SQL } from './sqlite-schema.ts';
import { WalSync, type WalSyncOptions } from './wal-sync.ts';

export interface SqliteBackendOptions {
  /**
   * Durability of an acknowledged write (the journal is always WAL, SQLite's `synchronous` is
   * always NORMAL: commits are not synced by SQLite; checkpoints sync the WAL before copying it
   * and the database file after, so the WAL restarts only over frames already durable).
   * - `'normal'`: a commit is in the WAL file (the OS page cache) before it is acknowledged and
   *   is fsynced at checkpoints. An acknowledged write survives a crash or `kill -9` of the
   *   process; a power loss or kernel crash may lose the last commits, never consistency.
   * - `'full'`: a write is acknowledged, and its watch events are published, only after an
   *   fdatasync of the WAL that started after its commit has completed, so acknowledged writes
   *   survive power loss, like etcd, which fdatasyncs its WAL before answering. The sync runs
   *   off the event loop; commits made meanwhile share the next one (group commit, as etcd
   *   batches its syncs). Reads (get, list, count, and a watch's replay of past events) see a
   *   commit at once, before its sync completes: such a write survives a process crash (it is
   *   in the OS page cache) and only a power loss in that window could lose it, taking the
   *   reader with it on a one-machine cluster. Live watch events and acknowledgements never run
   *   ahead of durability. A failed sync stops the backend: see {@link SqliteBackend}.
   *
   * The default is `'normal'`: ekslite runs a cluster on one developer machine, where the
   * process dying is the failure to survive, and `'full'` costs an fdatasync per write burst.
   * @default 'normal'
   */
  readonly synchronous?: 'normal' | 'full';
  /**
   * How long opening waits for another process to release the file before failing with
   * "database is locked" (the file has one owner; see {@link SqliteBackend}).
   * @default 5000
   */
  readonly lockTimeoutMs?: number;
  /**
   * @internal A test seam for `'full'` mode: how the WAL file is fdatasynced.
   * @default the file handle's `datasync()`
   */
  readonly datasync?: WalSyncOptions['datasync'];
}

interface PendingWrite {
  run(): unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * The SQLite Backend: one file, WAL journal, a kine-style revision log (see `sqlite-schema.ts`).
 *
 * This process is the only writer: the file is opened with `locking_mode=EXCLUSIVE`, so a second
 * process opening it fails with "database is locked". That is what lets the revision counter
 * live in memory and lets watches be notified in-process at commit, with no polling (kine polls
 * because several servers may share one database).
 *
 * Writes are queued and committed together once the event loop has run the I/O callbacks of its
 * current turn (setImmediate), one transaction per batch (group commit): the writes of all the
 * requests that arrived together share one transaction and its WAL pages, where committing at
 * the end of each microtask turn gave every API request a transaction of its own. Each write
 * keeps its own compare-and-swap outcome and revision. A promise settles only after its transaction committed, and with `synchronous: 'full'`
 * only after the WAL sync that covers it ({@link WalSync}; compact() too); promises settle and
 * events are published in commit order. A compare-and-swap failure settles with its batch, after
 * the sync, so that settlement follows commit order. Reads run at call time on the same
 * connection and see exactly the committed state.
 *
 * A failed WAL sync is fail-stop, as etcd panics when its WAL fsync fails: the writes waiting for
 * it are rejected with the sync's StorageError (their outcome is unknown), every watch ends, and
 * every later call but close() fails with that error.
 */
export class SqliteBackend implements Backend {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  readonly #hub = new WatchHub();
  readonly #commitBatch: Database.Transaction<(batch: readonly PendingWrite[]) => ({ ok: boolean; value: unknown })[]>;
  #revision: number;
  #compacted: number;
  #pending: PendingWrite[] = [];
  #flushScheduled = false;
  #events: WatchEvent[] = [];
  /** Set in 'full' mode only: the write path of 'normal' is one branch longer, nothing more. */
  readonly #walSync: WalSync | undefined;
  /** Why calls fail: closed, or a failed WAL sync. */
  #refusal: StorageError | undefined;
  #closing: Promise<void> | undefined;

  constructor(path: string, options: SqliteBackendOptions = {}) {
    this.#db = new Database(path, { timeout: options.lockTimeoutMs ?? 5000 });
    this.#db.pragma('locking_mode = EXCLUSIVE'); // before WAL: the WAL index then lives in heap memory
    const mode = this.#db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new StorageError(`sqlite: cannot use WAL journal on ${path} (got ${String(mode)})`);
    // NORMAL in both modes: 'full' syncs the WAL itself, off the event loop (see WalSync). SQLite's
    // own commit sync would block the event loop, and this build of SQLite lacks HAVE_FDATASYNC:
    // its fsync also journals the WAL's mtime on every commit, which etcd's fdatasync skips.
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('cache_size = -65536'); // 64 MiB of page cache
    this.#db.exec(SCHEMA);
    this.#db.exec('BEGIN EXCLUSIVE; COMMIT'); // take the exclusive lock now, not at the first write
    // etcd: an empty store is at revision 1, so the first write gets 2.
    this.#revision = (this.#get(SQL.maxId).pluck().get() as number | null) ?? 1;
    this.#compacted = (this.#get(SQL.getMeta).pluck().get('compact_revision') as number | undefined) ?? 1;
    this.#commitBatch = this.#db.transaction((batch: readonly PendingWrite[]) => batch.map((write) => {
      try {
        return { ok: true, value: write.run() };
      } catch (error) {
        if (error instanceof StorageError) return { ok: false, value: error };
        throw error; // an SQLite failure aborts the whole batch
      }
    }));
    if (options.synchronous === 'full') {
      // SQLite's own name of the database file (absolute, symbolic links resolved); the WAL is beside it.
      const file = this.#db.prepare("SELECT file FROM pragma_database_list WHERE name = 'main'").pluck().get() as string;
      this.#walSync = new WalSync(`${file}-wal`, { datasync: options.datasync });
    }
  }

  async get(key: string, options?: { readonly revision?: number }): Promise<{ revision: number; kv?: KeyValue }> {
    const revision = this.#readRevision(options?.revision);
    if (revision === this.#revision) {
      const row = this.#get(SQL.current).get(key) as Row | undefined;
      return { revision, kv: row && rowToKv(row) };
    }
    const row = this.#get(SQL.at).get(key, revision) as [...Row, number] | undefined;
    return { revision, kv: row && !row[4] ? rowToKv([row[0], row[1], row[2], row[3]]) : undefined };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const revision = this.#readRevision(options.revision);
    const limit = options.limit !== undefined && options.limit > 0 ? options.limit : -1;
    const fetch = limit > 0 ? limit + 1 : -1; // one more than asked tells whether more remain
    const [values, json] = (revision === this.#revision
      ? this.#all((range) => pageSql(listCurrentSql(range)), 'c.name', prefix, options.startAfter, [fetch])
      : this.#all((range) => pageSql(listAtSql(range)), 'l.name', prefix, options.startAfter, [revision, fetch]))[0] as
      [Buffer | null, string];
    const kvs = pageToKvs(values ?? EMPTY_BUFFER, JSON.parse(json) as PageEntry[]);
    const more = limit > 0 && kvs.length > limit;
    if (more) kvs.length = limit;
    return { revision, kvs, more };
  }

  async count(prefix: string): Promise<{ revision: number; count: number }> {
    this.#checkOpen();
    const range = keyRange('c.name', prefix);
    return { revision: this.#revision, count: this.#get(countSql(range.sql)).pluck().get(...range.params) as number };
  }

  create(key: string, value: Uint8Array): Promise<{ revision: number; kv: KeyValue }> {
    const copy = Buffer.from(value); // queued until the flush: the caller may reuse its array
    return this.#enqueue(() => {
      const row = this.#get(SQL.current).get(key) as Row | undefined;
      if (row) throw new KeyExistsError(key, rowToKv(row));
      const revision = ++this.#revision;
      this.#get(SQL.insert).run(revision, key, 1, 0, revision, 0, copy, null);
      this.#get(SQL.insertCurrent).run(key, revision);
      const kv: KeyValue = { key, value: copy, createRevision: revision, modRevision: revision };
      this.#events.push({ type: 'put', kv });
      return { revision, kv };
    });
  }

  update(key: string, value: Uint8Array, expectedModRevision: number): Promise<{ revision: number; kv: KeyValue }> {
    const copy = Buffer.from(value);
    return this.#enqueue(() => {
      const prevKv = this.#current(key, expectedModRevision);
      const revision = ++this.#revision;
      this.#get(SQL.insert).run(revision, key, 0, 0, prevKv.createRevision, prevKv.modRevision, copy, prevKv.value);
      this.#get(SQL.updateCurrent).run(revision, key);
      const kv: KeyValue = { key, value: copy, createRevision: prevKv.createRevision, modRevision: revision };
      this.#events.push({ type: 'put', kv, prevKv });
      return { revision, kv };
    });
  }

  delete(key: string, expectedModRevision?: number): Promise<{ revision: number; prevKv: KeyValue }> {
    return this.#enqueue(() => {
      const prevKv = this.#current(key, expectedModRevision);
      const revision = ++this.#revision;
      this.#get(SQL.insert).run(revision, key, 0, 1, prevKv.createRevision, prevKv.modRevision, EMPTY, prevKv.value);
      this.#get(SQL.deleteCurrent).run(key);
      this.#events.push({ type: 'delete', kv: { key, value: EMPTY, createRevision: 0, modRevision: revision }, prevKv });
      return { revision, prevKv };
    });
  }

  async watch(prefix: string, options: WatchOptions): Promise<void> {
    this.#checkOpen();
    const from = options.fromRevision;
    if (from !== 0 && from < this.#compacted) throw new CompactedError(from, this.#compacted);
    // Replay and registration happen in one synchronous turn: no commit can fall in between.
    // Replay reads the log up to the current revision, live events follow it: in 'full' mode, the
    // events of commits still waiting for their sync are replayed, not delivered again.
    const replay = from === 0 || from > this.#revision
      ? []
      : (this.#all(eventsSql, '+l.name', prefix, undefined, [], [from]) as EventRow[]).map(rowToEvent);
    this.#hub.add(prefix, Math.max(from, this.#revision + 1), options, replay);
  }

  async currentRevision(): Promise<number> {
    this.#checkOpen();
    return this.#revision;
  }

  async compactRevision(): Promise<number> {
    this.#checkOpen();
    return this.#compacted;
  }

  async compact(revision: number): Promise<void> {
    this.#checkOpen();
    if (revision > this.#revision) throw new FutureRevisionError(revision, this.#revision);
    if (revision <= this.#compacted) return;
    const previous = this.#compacted;
    this.#db.transaction(() => {
      this.#get(SQL.compactSuperseded).run(previous, revision);
      this.#get(SQL.compactTombstones).run(previous, revision);
      this.#get(SQL.setMeta).run('compact_revision', revision);
    }).immediate();
    this.#compacted = revision;
    const walSync = this.#walSync;
    if (walSync === undefined) return;
    await new Promise<void>((resolve, reject) => walSync.afterCommit((failure) => { // durable before resolving, as writes
      if (failure === undefined) return resolve();
      this.#failStop(failure);
      reject(failure);
    }));
  }

  /**
   * Commits the writes already queued (they are not dropped), waits until every write is settled
   * (in 'full' mode, until its sync), then ends the watches and closes the file. Calls made once
   * close() has begun fail; calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#flush();
      this.#refusal = new StorageError('sqlite backend is closed');
      await this.#walSync?.close();
      this.#hub.closeAll();
      this.#db.close();
    })();
    return this.#closing;
  }

  #enqueue<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#refusal) return reject(this.#refusal);
      this.#pending.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /**
   * Commits every queued write in one transaction, then (in 'full' mode once the WAL sync that
   * covers it completed) publishes the events and settles the promises.
   */
  #flush(): void {
    this.#flushScheduled = false;
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    if (this.#refusal) { // a sync failed after these writes were queued
      for (const write of batch) write.reject(this.#refusal);
      return;
    }
    const start = this.#revision;
    let outcomes: { ok: boolean; value: unknown }[];
    try {
      outcomes = this.#commitBatch.immediate(batch);
    } catch (error) {
      this.#revision = start; // rolled back: the revisions were never visible
      this.#events = [];
      for (const write of batch) write.reject(error);
      return;
    }
    const events = this.#events;
    this.#events = [];
    if (this.#walSync === undefined) return this.#settle(batch, outcomes, events);
    this.#walSync.afterCommit((failure) => {
      if (failure === undefined) return this.#settle(batch, outcomes, events);
      this.#failStop(failure);
      for (const write of batch) write.reject(failure);
    });
  }

  /** After a failed WAL sync: see the class comment. */
  #failStop(failure: StorageError): void {
    this.#refusal ??= failure;
    this.#hub.closeAll();
  }

  #settle(batch: readonly PendingWrite[], outcomes: readonly { ok: boolean; value: unknown }[], events: readonly WatchEvent[]): void {
    this.#hub.publish(events);
    outcomes.forEach((outcome, i) => (outcome.ok ? batch[i].resolve(outcome.value) : batch[i].reject(outcome.value)));
  }

  /** The live kv of key (inside a write transaction), checked against expectedModRevision when given. */
  #current(key: string, expectedModRevision: number | undefined): KeyValue {
    const row = this.#get(SQL.current).get(key) as Row | undefined;
    if (!row) throw new NotFoundError(key);
    const kv = rowToKv(row);
    if (expectedModRevision !== undefined && kv.modRevision !== expectedModRevision) throw new ConflictError(key, kv);
    return kv;
  }

  /** Runs a key-range query: sql(range) with parameters before, the range's, then after. */
  #all(sql: (range: string) => string, column: string, prefix: string, startAfter: string | undefined,
    after: readonly unknown[], before: readonly unknown[] = []): unknown[] {
    const range = keyRange(column, prefix, startAfter);
    return this.#get(sql(range.sql)).all(...before, ...range.params, ...after);
  }

  #get(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      if (statement.reader) statement.raw(true);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #readRevision(revision: number | undefined): number {
    this.#checkOpen();
    if (!revision) return this.#revision;
    if (revision > this.#revision) throw new FutureRevisionError(revision, this.#revision);
    if (revision < this.#compacted) throw new CompactedError(revision, this.#compacted);
    return revision;
  }

  #checkOpen(): void {
    if (this.#refusal) throw this.#refusal;
  }
}
