import {
  CompactedError, ConflictError, FutureRevisionError, KeyExistsError, NotFoundError, StorageError,
  type Backend, type KeyValue, type ListOptions, type ListResult, type WatchEvent, type WatchOptions,
} from '../backend.ts';
import { compareKeys, prefixEnd } from '../key-range.ts';
import { WatchHub } from '../watch-hub.ts';
import { SortedKeys } from './sorted-keys.ts';

const EMPTY = new Uint8Array(0);

/**
 * The in-memory Backend (scale mode, tests): nothing survives the process.
 *
 * State:
 * - `#live`, a map of the live keys, and `#index`, the same keys sorted, so get and list at
 *   the current revision cost a map lookup and a range scan (cheap with 30,000+ objects);
 * - `#log`, every event since the compact revision, in revision order (one per revision, as
 *   every write advances the revision by one). It serves watch replay and past reads.
 *
 * A read at a past revision R needs no per-key history: the state of a key at R is the prevKv
 * of its first event after R (absent when that event is a create), or its live value when it
 * has not changed since R. So past reads cost O(writes since R), and compaction only drops the
 * head of the log. Memory grows with the log until the owner compacts (kube-apiserver compacts
 * every 5 minutes).
 */
export class MemoryBackend implements Backend {
  #revision = 1; // etcd: an empty store is at revision 1
  #compacted = 1;
  readonly #live = new Map<string, KeyValue>();
  readonly #index = new SortedKeys();
  #log: WatchEvent[] = [];
  #logStart = 2; // revision of #log[0]
  readonly #hub = new WatchHub();
  #closed = false;

  async get(key: string, options?: { readonly revision?: number }): Promise<{ revision: number; kv?: KeyValue }> {
    const revision = this.#readRevision(options?.revision);
    return { revision, kv: revision === this.#revision ? this.#live.get(key) : this.#stateAt(key, revision) };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const revision = this.#readRevision(options.revision);
    const limit = options.limit !== undefined && options.limit > 0 ? options.limit : Infinity;
    const after = options.startAfter;
    const exclusive = after !== undefined && compareKeys(after, prefix) >= 0;
    const from = exclusive ? after : prefix;
    const kvs: KeyValue[] = [];
    let more = false;
    const take = (kv: KeyValue | undefined): boolean => {
      if (kv === undefined) return true;
      if (kvs.length === limit) {
        more = true;
        return false;
      }
      kvs.push(kv);
      return true;
    };

    if (revision === this.#revision) {
      this.#index.scan(from, exclusive, (key) => key.startsWith(prefix) && take(this.#live.get(key)));
      return { revision, kvs, more };
    }

    // Past revision: keys changed since then resolve through their first later event; keys
    // deleted since then are no longer in the index, so they are merged in from the log.
    const inRange = (key: string): boolean =>
      key.startsWith(prefix) && (exclusive ? compareKeys(key, from) > 0 : compareKeys(key, from) >= 0);
    const changed = new Map<string, WatchEvent>();
    for (let r = revision + 1; r <= this.#revision; r++) {
      const event = this.#log[r - this.#logStart];
      if (!changed.has(event.kv.key) && inRange(event.kv.key)) changed.set(event.kv.key, event);
    }
    const gone = [...changed.keys()].filter((key) => !this.#live.has(key)).sort(compareKeys);
    const at = (key: string): KeyValue | undefined => (changed.has(key) ? changed.get(key)!.prevKv : this.#live.get(key));
    let g = 0;
    let stopped = false;
    this.#index.scan(from, exclusive, (key) => {
      if (!key.startsWith(prefix)) return false;
      while (g < gone.length && compareKeys(gone[g], key) < 0) {
        if (!take(at(gone[g++]))) {
          stopped = true;
          return false;
        }
      }
      stopped = !take(at(key));
      return !stopped;
    });
    while (!stopped && g < gone.length) stopped = !take(at(gone[g++]));
    return { revision, kvs, more };
  }

  async count(prefix: string): Promise<{ revision: number; count: number }> {
    this.#checkOpen();
    return { revision: this.#revision, count: this.#index.countRange(prefix, prefixEnd(prefix)) };
  }

  async create(key: string, value: Uint8Array): Promise<{ revision: number; kv: KeyValue }> {
    this.#checkOpen();
    const existing = this.#live.get(key);
    if (existing !== undefined) throw new KeyExistsError(key, existing);
    const revision = this.#revision + 1;
    const kv: KeyValue = { key, value: new Uint8Array(value), createRevision: revision, modRevision: revision };
    this.#live.set(key, kv);
    this.#index.insert(key);
    this.#append({ type: 'put', kv });
    return { revision, kv };
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number): Promise<{ revision: number; kv: KeyValue }> {
    const prevKv = this.#current(key, expectedModRevision);
    const revision = this.#revision + 1;
    const kv: KeyValue = { key, value: new Uint8Array(value), createRevision: prevKv.createRevision, modRevision: revision };
    this.#live.set(key, kv);
    this.#append({ type: 'put', kv, prevKv });
    return { revision, kv };
  }

  async delete(key: string, expectedModRevision?: number): Promise<{ revision: number; prevKv: KeyValue }> {
    const prevKv = this.#current(key, expectedModRevision);
    const revision = this.#revision + 1;
    this.#live.delete(key);
    this.#index.delete(key);
    this.#append({ type: 'delete', kv: { key, value: EMPTY, createRevision: 0, modRevision: revision }, prevKv });
    return { revision, prevKv };
  }

  async watch(prefix: string, options: WatchOptions): Promise<void> {
    this.#checkOpen();
    const from = options.fromRevision;
    if (from !== 0 && from < this.#compacted) throw new CompactedError(from, this.#compacted);
    const replay: WatchEvent[] = [];
    if (from !== 0) {
      for (let r = Math.max(from, this.#logStart); r <= this.#revision; r++) {
        const event = this.#log[r - this.#logStart];
        if (event.kv.key.startsWith(prefix)) replay.push(event);
      }
    }
    this.#hub.add(prefix, from === 0 ? this.#revision + 1 : from, options, replay);
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
    // Events below the compact revision go; the event at it stays so that a watch from exactly
    // the compact revision still sees it (etcd would have dropped a delete there).
    const drop = Math.max(0, revision - this.#logStart);
    this.#log = this.#log.slice(drop);
    this.#logStart += drop;
    this.#compacted = revision;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#hub.closeAll();
  }

  /** The live kv of key, checked against expectedModRevision when given. */
  #current(key: string, expectedModRevision: number | undefined): KeyValue {
    this.#checkOpen();
    const kv = this.#live.get(key);
    if (kv === undefined) throw new NotFoundError(key);
    if (expectedModRevision !== undefined && kv.modRevision !== expectedModRevision) throw new ConflictError(key, kv);
    return kv;
  }

  #append(event: WatchEvent): void {
    this.#revision = event.kv.modRevision;
    this.#log.push(event);
    this.#hub.publish([event]);
  }

  /** The state of key at a past revision: the prevKv of its first event after it, or its live value. */
  #stateAt(key: string, revision: number): KeyValue | undefined {
    for (let r = revision + 1; r <= this.#revision; r++) {
      const event = this.#log[r - this.#logStart];
      if (event.kv.key === key) return event.prevKv;
    }
    return this.#live.get(key);
  }

  /** Resolves the revision a read runs at (0 or absent: the current one) and checks its bounds. */
  #readRevision(revision: number | undefined): number {
    this.#checkOpen();
    if (!revision) return this.#revision;
    if (revision > this.#revision) throw new FutureRevisionError(revision, this.#revision);
    if (revision < this.#compacted) throw new CompactedError(revision, this.#compacted);
    return revision;
  }

  #checkOpen(): void {
    if (this.#closed) throw new StorageError('memory backend is closed');
  }
}
