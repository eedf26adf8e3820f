import {
  CompareResult, CompareTarget, Etcd3,
  type ICompare, type IKeyValue, type IRangeRequest, type IWatchResponse,
} from 'etcd3';
import {
  CompactedError, ConflictError, FutureRevisionError, KeyExistsError, NotFoundError, StorageError,
  type Backend, type KeyValue, type ListOptions, type ListResult, type WatchEvent, type WatchOptions,
} from '../backend.ts';
import { compareKeys } from '../key-range.ts';

export interface EtcdBackendOptions {
  /** Client URLs, e.g. `['http://127.0.0.1:2379']`. */
  readonly endpoints: readonly string[];
  /**
   * Prepended to every key, so that several clusters can share one etcd (kube-apiserver's
   * `--etcd-prefix`). Compaction and the revision counter stay shared: they are etcd's.
   * @default ''
   */
  readonly prefix?: string;
}

const EMPTY = new Uint8Array(0);
// etcd's error texts (server/mvcc ErrCompacted, ErrFutureRev), which the client passes on.
const COMPACTED = 'required revision has been compacted';
const FUTURE = 'required revision is a future revision';
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** etcd's GetPrefixRangeEnd: increment the last byte below 0xff; "\0" (every key) when none. */
function rangeEnd(start: Buffer): Buffer {
  if (start.length === 1 && start[0] === 0) return start; // "\0" stands for the empty prefix
  for (let i = start.length - 1; i >= 0; i--) {
    if (start[i] < 0xff) {
      const end = Buffer.from(start.subarray(0, i + 1));
      end[i]++;
      return end;
    }
  }
  return Buffer.from([0]);
}

/**
 * The etcd Backend: the contract maps 1:1 onto etcd v3 (it is etcd's), through the `etcd3` client.
 * - create: txn `create_revision(key) == 0` → put, else range (KeyExists with the current kv);
 * - update / delete: txn `mod_revision(key) == expected && version(key) > 0` → put / delete
 *   with prev_kv, else range (absent: NotFound; present: Conflict with the current kv);
 * - get / list / count: range with revision, limit, count_only;
 * - watch: one gRPC watch stream per watch, start_revision and prev_kv;
 * - compact: physical compaction; etcd's "required revision has been compacted" and "… is a
 *   future revision" become {@link CompactedError} and {@link FutureRevisionError}.
 *
 * The etcd3 client keeps its default fault handling: a request that failed with a network or
 * server error is retried (3 attempts) and a failing host is skipped for 5 s. So a write whose
 * response was lost may be retried and then report KeyExists or Conflict although it applied,
 * as with any etcd client; callers re-read on Conflict, as Kubernetes' storage layer does.
 * etcd itself refuses writes beyond ~5,000 pending proposals ("too many requests").
 */
export class EtcdBackend implements Backend {
  readonly #client: Etcd3;
  readonly #prefix: string;
  readonly #watchClosers = new Set<() => void>();
  #compactedHint = 1;
  #closed = false;

  constructor(options: EtcdBackendOptions) {
    this.#client = new Etcd3({
      hosts: [...options.endpoints],
      // grpc-js refuses responses above 4 MiB by default, which a list of a few thousand objects
      // exceeds; kube-apiserver's etcd client lifts the limit the same way (MaxCallRecvMsgSize).
      grpcOptions: { 'grpc.max_receive_message_length': -1 },
    });
    this.#prefix = options.prefix ?? '';
  }

  async get(key: string, options?: { readonly revision?: number }): Promise<{ revision: number; kv?: KeyValue }> {
    const revision = options?.revision || 0;
    const response = await this.#range({ key: this.#key(key), revision });
    return { revision: revision || Number(response.header.revision), kv: response.kvs[0] && this.#kv(response.kvs[0]) };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const revision = options.revision || 0;
    const after = options.startAfter;
    const start = after !== undefined && compareKeys(after, prefix) >= 0
      ? Buffer.concat([this.#key(after), Buffer.from([0])]) // the smallest key after startAfter
      : this.#key(prefix);
    const response = await this.#range({
      key: start, range_end: rangeEnd(this.#key(prefix)), revision, limit: options.limit && options.limit > 0 ? options.limit : 0,
    });
    return { revision: revision || Number(response.header.revision), kvs: response.kvs.map((kv) => this.#kv(kv)), more: response.more };
  }

  async count(prefix: string): Promise<{ revision: number; count: number }> {
    const response = await this.#range({ key: this.#key(prefix), range_end: rangeEnd(this.#key(prefix)), count_only: true });
    return { revision: Number(response.header.revision), count: Number(response.count) };
  }

  async create(key: string, value: Uint8Array): Promise<{ revision: number; kv: KeyValue }> {
    this.#checkOpen();
    const k = this.#key(key);
    const copy = Buffer.from(value);
    const response = await this.#client.kv.txn({
      compare: [{ key: k, target: CompareTarget.Create, result: CompareResult.Equal, create_revision: 0 }],
      success: [{ request_put: { key: k, value: copy } }],
      failure: [{ request_range: { key: k } }],
    });
    if (!response.succeeded) {
      const existing = response.responses[0].response_range.kvs[0];
      throw new KeyExistsError(key, existing && this.#kv(existing));
    }
    const revision = Number(response.header.revision);
    return { revision, kv: { key, value: copy, createRevision: revision, modRevision: revision } };
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number): Promise<{ revision: number; kv: KeyValue }> {
    this.#checkOpen();
    const k = this.#key(key);
    const copy = Buffer.from(value);
    const response = await this.#client.kv.txn({
      compare: this.#expect(k, expectedModRevision),
      success: [{ request_put: { key: k, value: copy, prev_kv: true } }],
      failure: [{ request_range: { key: k } }],
    });
    if (!response.succeeded) this.#failed(key, response.responses[0].response_range.kvs[0]);
    const revision = Number(response.header.revision);
    const prev = response.responses[0].response_put.prev_kv;
    return { revision, kv: { key, value: copy, createRevision: Number(prev.create_revision), modRevision: revision } };
  }

  async delete(key: string, expectedModRevision?: number): Promise<{ revision: number; prevKv: KeyValue }> {
    this.#checkOpen();
    const k = this.#key(key);
    const response = await this.#client.kv.txn({
      compare: this.#expect(k, expectedModRevision),
      success: [{ request_delete_range: { key: k, prev_kv: true } }],
      failure: [{ request_range: { key: k } }],
    });
    if (!response.succeeded) this.#failed(key, response.responses[0].response_range.kvs[0]);
    return { revision: Number(response.header.revision), prevKv: this.#kv(response.responses[0].response_delete_range.prev_kvs[0]) };
  }

  async watch(prefix: string, options: WatchOptions): Promise<void> {
    this.#checkOpen();
    if (options.signal.aborted) return;
    const from = options.fromRevision;
    const key = this.#key(prefix);
    const range_end = rangeEnd(key);
    if (from > 0) {
      // etcd accepts a watch below its compact revision and cancels it a moment later; a read at
      // that revision fails at once, so the caller gets its CompactedError from watch() itself.
      try {
        await this.#client.kv.range({ key, range_end, revision: from, count_only: true });
      } catch (error) {
        if (!messageOf(error).includes(FUTURE)) await this.#translate(error, from);
      }
    }
    const stream = await this.#client.watchClient.watch();
    await new Promise<void>((resolve, reject) => {
      let created = false;
      let done = false;
      const finish = (error?: Error): void => {
        if (done) return;
        done = true;
        this.#watchClosers.delete(closeForBackend);
        options.signal.removeEventListener('abort', onAbort);
        stream.cancel();
        if (!created) reject(error ?? new StorageError('etcd watch aborted before it was established'));
        else if (error && !options.signal.aborted) options.onError?.(error);
      };
      const onAbort = (): void => finish();
      const closeForBackend = (): void => finish(new StorageError('storage backend closed'));
      stream.on('data', (response: IWatchResponse) => {
        if (done) return;
        if (response.canceled) {
          const compacted = Number(response.compact_revision);
          finish(compacted > 0
            ? new CompactedError(from, compacted)
            : new StorageError(`etcd canceled the watch: ${response.cancel_reason}`));
          return;
        }
        if (response.created && !created) {
          created = true;
          resolve();
        }
        if (response.events.length === 0 || options.signal.aborted) return;
        try {
          options.onEvents(response.events.map((event) => this.#event(event.type, event.kv, event.prev_kv)));
        } catch (error) {
          finish(error instanceof Error ? error : new StorageError(String(error)));
        }
      });
      stream.on('error', (error: Error) => finish(error));
      stream.on('end', () => finish(new StorageError('etcd ended the watch stream')));
      options.signal.addEventListener('abort', onAbort, { once: true });
      this.#watchClosers.add(closeForBackend);
      stream.write({ create_request: { key, range_end, start_revision: from > 0 ? from : undefined, prev_kv: true } });
    });
  }

  async currentRevision(): Promise<number> {
    const response = await this.#range({ key: this.#key(''), count_only: true });
    return Number(response.header.revision);
  }

  /**
   * etcd 3.4 does not report its compact revision, but a read at revision r fails with
   * ErrCompacted exactly when r is below it, so the lowest readable revision is found by
   * bisection (about log2(revision) reads; it only grows, so the last answer bounds the next).
   */
  async compactRevision(): Promise<number> {
    let low = this.#compactedHint;
    let high = await this.currentRevision();
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      try {
        await this.#client.kv.range({ key: Buffer.from([0]), revision: mid, count_only: true });
        high = mid;
      } catch (error) {
        if (!messageOf(error).includes(COMPACTED)) throw error;
        low = mid + 1;
      }
    }
    this.#compactedHint = low;
    return low;
  }

  async compact(revision: number): Promise<void> {
    this.#checkOpen();
    try {
      await this.#client.kv.compact({ revision, physical: true });
    } catch (error) {
      if (messageOf(error).includes(COMPACTED)) return; // at or below the compact revision: a no-op
      await this.#translate(error, revision);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const close of [...this.#watchClosers]) close();
    this.#client.close();
  }

  /** The compare of update and delete: the key exists, and has modRevision expected if given. */
  #expect(key: Buffer, expected: number | undefined): ICompare[] {
    const exists: ICompare = { key, target: CompareTarget.Version, result: CompareResult.Greater, version: 0 };
    if (expected === undefined) return [exists];
    return [{ key, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: expected }, exists];
  }

  /** Turns a failed update/delete txn (its failure branch read the key) into the contract's error. */
  #failed(key: string, current: IKeyValue | undefined): never {
    if (current === undefined) throw new NotFoundError(key);
    throw new ConflictError(key, this.#kv(current));
  }

  async #range(request: IRangeRequest): Promise<Awaited<ReturnType<Etcd3['kv']['range']>>> {
    this.#checkOpen();
    try {
      return await this.#client.kv.range(request);
    } catch (error) {
      return this.#translate(error, Number(request.revision ?? 0));
    }
  }

  async #translate(error: unknown, requested: number): Promise<never> {
    const message = messageOf(error);
    if (message.includes(COMPACTED)) throw new CompactedError(requested, await this.compactRevision());
    if (message.includes(FUTURE)) throw new FutureRevisionError(requested, await this.currentRevision());
    throw error;
  }

  #checkOpen(): void {
    if (this.#closed) throw new StorageError('etcd backend is closed');
  }

  /** The etcd key of key; etcd rejects an empty key, so '' (the start of every range) becomes "\0". */
  #key(key: string): Buffer {
    const full = this.#prefix + key;
    return full === '' ? Buffer.from([0]) : Buffer.from(full);
  }

  #kv(kv: IKeyValue): KeyValue {
    return {
      key: kv.key.toString('utf8').slice(this.#prefix.length),
      value: kv.value,
      createRevision: Number(kv.create_revision),
      modRevision: Number(kv.mod_revision),
    };
  }

  #event(type: string, kv: IKeyValue, prev: IKeyValue | undefined): WatchEvent {
    const prevKv = prev ? this.#kv(prev) : undefined;
    if (type.toLowerCase() === 'put') return { type: 'put', kv: this.#kv(kv), prevKv };
    const key = kv.key.toString('utf8').slice(this.#prefix.length);
    // etcd omits prev_kv only when the previous revision was compacted away (a delete at exactly
    // the compact revision); the contract requires one, so it gets an empty placeholder.
    return {
      type: 'delete',
      kv: { key, value: EMPTY, createRevision: 0, modRevision: Number(kv.mod_revision) },
      prevKv: prevKv ?? { key, value: EMPTY, createRevision: 0, modRevision: 0 },
    };
  }
}
