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
 */
export interface KeyValue {
  readonly key: string;
  readonly value: Uint8Array;
  /** Revision of the write that created this key (since its last deletion). */
  readonly createRevision: number;
  /** Revision of the last write to this key. */
  readonly modRevision: number;
}

export type WatchEvent =
  /** A create (prevKv absent) or an update (prevKv = the value before). */
  | { readonly type: 'put'; readonly kv: KeyValue; readonly prevKv?: KeyValue }
  /** kv.modRevision is the revision of the delete; kv.value is empty; prevKv is the last value. */
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
   * then live events. 0 means "from now". Older than the compacted revision: rejects with
   * {@link CompactedError}.
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
  /** Reads one key, optionally at a past revision. */
  get(key: string, options?: { readonly revision?: number }): Promise<{ revision: number; kv?: KeyValue }>;
  /** Lists keys that start with prefix, in key order. */
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
  /** The oldest revision still readable (everything below was compacted). */
  compactRevision(): Promise<number>;
  /** Discards history below revision (the newest value of each live key is always kept). */
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
