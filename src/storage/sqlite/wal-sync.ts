import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StorageError } from '../backend.ts';

/** Told once the commits it waited for are durable (no argument), or that they may not be (the failure). Must not throw. */
export type SyncWaiter = (failure?: StorageError) => void;

export interface WalSyncOptions {
  /**
   * Makes the WAL's written data durable. A test seam: a test holds a sync open or fails it.
   * @default (wal) => wal.datasync(): fdatasync(2), run on libuv's thread pool
   */
  readonly datasync?: (wal: FileHandle) => Promise<void>;
}

/**
 * Group commit across fdatasync for a SQLite WAL file that SQLite itself does not sync at commit
 * (`synchronous=NORMAL`): the committer calls {@link WalSync.afterCommit} after each commit and
 * is told once an fdatasync that started after that call has completed.
 *
 * At most one fdatasync is in flight; commits made while it runs wait for the next one, which
 * starts as soon as it ends and covers all of them (as etcd batches its WAL syncs). Waiters are
 * told in the order they were registered. fdatasync of any descriptor of the file flushes the
 * file's data and the size it needs to be read back, and runs off the event loop, which keeps
 * serving and committing meanwhile.
 *
 * A failed sync is final (fail-stop, as etcd panics when its WAL fsync fails): after it, which
 * commits are durable is unknown, so every current and later waiter gets the same StorageError.
 *
 * The file is opened at the first sync, not before (SQLite may create it at the first write
 * transaction), and kept open: SQLite keeps the same file while the database is open in
 * exclusive locking mode, and restarts it in place after checkpoints.
 */
export class WalSync {
  readonly #path: string;
  readonly #datasync: (wal: FileHandle) => Promise<void>;
  #wal: Promise<FileHandle> | undefined;
  /** Waiters registered since the running sync started: the next sync covers them. */
  #next: SyncWaiter[] = [];
  #running = false;
  #failure: StorageError | undefined;

  constructor(walPath: string, options: WalSyncOptions = {}) {
    this.#path = walPath;
    this.#datasync = options.datasync ?? ((wal) => wal.datasync());
  }

  /** The failure that stopped syncing, if one did. */
  get failure(): StorageError | undefined {
    return this.#failure;
  }

  /** Calls done once everything written to the WAL before this call is durable, or could not be made so. */
  afterCommit(done: SyncWaiter): void {
    if (this.#failure) return done(this.#failure);
    this.#next.push(done);
    if (!this.#running) this.#start();
  }

  /**
   * Resolves once every waiter registered so far has been told (a final sync covers them), then
   * closes the file. Never rejects: a sync failure was told to the waiters.
   */
  async close(): Promise<void> {
    if (this.#running) await new Promise<void>((resolve) => this.afterCommit(() => resolve()));
    const wal = await this.#wal?.catch(() => undefined);
    await wal?.close();
  }

  #start(): void {
    const covered = this.#next;
    this.#next = [];
    this.#running = true;
    this.#syncOnce().then(() => {
      this.#running = false;
      if (this.#next.length > 0) this.#start(); // before telling the waiters: the disk never idles while commits wait
      for (const done of covered) done();
    }, (error: unknown) => {
      this.#running = false;
      this.#failure = new StorageError(`sqlite: fdatasync of ${this.#path} failed, so the durability of committed `
        + `writes is unknown; the backend refuses further calls: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error });
      const waiting = [...covered, ...this.#next];
      this.#next = [];
      for (const done of waiting) done(this.#failure);
    });
  }

  async #syncOnce(): Promise<void> {
    this.#wal ??= openDurably(this.#path);
    await this.#datasync(await this.#wal);
  }
}

/**
 * Opens an existing file and fsyncs its directory: a new file's directory entry is metadata that
 * fdatasync of the file does not cover, and without it a power loss could lose the whole file.
 */
async function openDurably(path: string): Promise<FileHandle> {
  const file = await open(path, 'r'); // Linux fdatasyncs read-only descriptors; 'r' never creates the file
  try {
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch (error) {
    await file.close();
    throw error;
  }
  return file;
}
