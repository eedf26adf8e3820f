/**
 * The storage contract every driver implements (memory, sqlite, etcd), with etcd semantics:
 * one global revision that every write advances; per key a createRevision and a modRevision;
 * compare-and-swap on modRevision; prefix lists at a revision; watches from a revision;
 * compaction, after which older revisions answer {@link CompactedError}.
 *
 * Every call returns the store revision it observed, as kine's server does, so that the API
 * layer can use it as the Kubernetes resourceVersion of lists and watches.
 *
 * Keys are strings such as `/registry/pods/default/web-1`; values are opaque bytes.
 *
 * Rules every driver follows (checked by the shared suite in `conformance.ts`):
 * - Revision numbering is etcd's: an empty store's current revision is 1, the first write gets
 *   revision 2, and every successful create, update or delete advances the revision by exactly
 *   one. Failed writes (KeyExists, NotFound, Conflict) do not advance it. Compaction does not.
 * - Key order is the byte order of the keys' UTF-8 encoding, as etcd orders its byte keys
 *   (JavaScript's `<` differs for characters above U+FFFF; use `compareKeys` from `key-range.ts`).
 * - A prefix matches a key when the key starts with it (`/a/` does not match `/ab`).
 * - Values handed to a driver are copied or serialized; values a driver returns are read-only
 *   (drivers may share them with their caches and with other callers).
 * - Watch callbacks run asynchronously, never inside the write call that caused the event.
 */
export interface KeyValue {
  readonly key: string;
  readonly value: Uint8Array;
  /** Revision of the write that created this key (since its last deletion); 0 in a delete event's kv. */
  readonly createRevision: number;
  /** Revision of the last write to this key. */
  readonly modRevision: number;
}

export type WatchEvent =
  /** A create (prevKv absent) or an update (prevKv = the value before). */
  | { readonly type: 'put'; readonly kv: KeyValue; readonly prevKv?: KeyValue }
  /**
   * kv.modRevision is the revision of the delete; kv.value is empty and kv.createRevision is 0
   * (etcd's tombstone); prevKv is the last value.
   */
  | { readonly type: 'delete'; readonly kv: KeyValue; readonly prevKv: KeyValue };

export interface ListOptions {
  /** Maximum number of keys returned; 0 or absent means no limit. */
  readonly limit?: number;
  /** Return keys strictly greater than this key (the continue token of the previous page). */
  readonly startAfter?: string;
  /** Read at this revision; absent or 0 means the current revision. */
  readonly revision?: number;
}

export interface ListResult {
  /** The revision the list was read at. */
  readonly revision: number;
  readonly kvs: readonly KeyValue[];
  /** True when keys beyond `limit` remain. */
  readonly more: boolean;
}

export interface WatchOptions {
  /**
   * Deliver every event with modRevision >= fromRevision (etcd's start_revision is inclusive),
   * then live events. 0 means "from now": only writes after the watch is established.
   * A revision above the current one is allowed (events start when the store reaches it).
   * Below the compact revision: rejects with {@link CompactedError}. Exactly the compact
   * revision is accepted, but etcd may already have dropped a delete made at that very revision
   * (its compaction keeps no tombstones), so callers watch from a listed revision + 1, as the
   * Kubernetes apiserver does.
   */
  readonly fromRevision: number;
  /** Aborting ends the watch; no event is delivered after abort. */
  readonly signal: AbortSignal;
  /** Called with batches of events in revision order. Must not throw. */
  readonly onEvents: (events: readonly WatchEvent[]) => void;
  /** Called at most once if the watch fails after it started (for example etcd disconnects). */
  readonly onError?: (error: Error) => void;
}

export interface Backend {
  /**
   * Reads one key, optionally at a past revision. Resolves with the revision read at (the given
   * one, or the current one). Rejects with {@link CompactedError} below the compact revision and
   * {@link FutureRevisionError} above the current one.
   */
  get(key: string, options?: { readonly revision?: number }): Promise<{ revision: number; kv?: KeyValue }>;
  /** Lists keys that start with prefix, in key order; same revision rules as {@link Backend.get}. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Counts keys that start with prefix at the current revision. */
  count(prefix: string): Promise<{ revision: number; count: number }>;
  /** Creates key; rejects with {@link KeyExistsError} if it exists. */
  create(key: string, value: Uint8Array): Promise<{ revision: number; kv: KeyValue }>;
  /**
   * Replaces key's value if its modRevision equals expectedModRevision.
   * Rejects with {@link NotFoundError} if absent, {@link ConflictError} (carrying the current kv) on mismatch.
   */
  update(key: string, value: Uint8Array, expectedModRevision: number): Promise<{ revision: number; kv: KeyValue }>;
  /**
   * Deletes key, if given only when its modRevision equals expectedModRevision.
   * Resolves with the deleted value; rejects with {@link NotFoundError} or {@link ConflictError}.
   */
  delete(key: string, expectedModRevision?: number): Promise<{ revision: number; prevKv: KeyValue }>;
  /** Starts a watch on a prefix; resolves once the watch is established. */
  watch(prefix: string, options: WatchOptions): Promise<void>;
  /** The newest revision. */
  currentRevision(): Promise<number>;
  /** The oldest revision still readable (everything below was compacted); 1 until the first compaction. */
  compactRevision(): Promise<number>;
  /**
   * Discards history below revision (the newest value of each live key is always kept), so that
   * reads at revision still answer and reads below it reject with {@link CompactedError}.
   * A revision at or below the compact revision is a no-op (etcd answers ErrCompacted there; the
   * outcome, history discarded, is the same); above the current revision rejects with
   * {@link FutureRevisionError}.
   */
  compact(revision: number): Promise<void>;
  /** Releases files, connections and watches. */
  close(): Promise<void>;
}

/** Base class of the closed set of storage failures. */
export class StorageError extends Error {
  override name = 'StorageError';
}
export class KeyExistsError extends StorageError {
  override name = 'KeyExistsError';
  constructor(readonly key: string, readonly kv?: KeyValue) { super(`key exists: ${key}`); }
}
export class NotFoundError extends StorageError {
  override name = 'NotFoundError';
  constructor(readonly key: string) { super(`key not found: ${key}`); }
}
export class ConflictError extends StorageError {
  override name = 'ConflictError';
  constructor(readonly key: string, readonly current: KeyValue) { super(`modRevision mismatch: ${key}`); }
}
export class CompactedError extends StorageError {
  override name = 'CompactedError';
  constructor(readonly requested: number, readonly compacted: number) {
    super(`required revision ${requested} has been compacted (oldest available: ${compacted})`);
  }
}
/** A read at a revision newer than the current one. */
export class FutureRevisionError extends StorageError {
  override name = 'FutureRevisionError';
  constructor(readonly requested: number, readonly current: number) {
    super(`revision ${requested} is newer than the current revision ${current}`);
  }
}
