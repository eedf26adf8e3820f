/**
 * The watch verb of the generic Store. Semantics of kube-apiserver's watch:
 * - resourceVersion "" or "0": synthetic ADDED events for the current state, then changes;
 * - resourceVersion N: every change after N (storage watch from N+1); compacted → 410 Expired;
 * - with a predicate, an update that moves an object into the selection is ADDED, out of it
 *   DELETED, as the apiserver's cacher does.
 */
import type { KubeObject } from '../api/object.ts';
import { resourceExpired, timeout } from '../api/status.ts';
import { type Backend, CompactedError, FutureRevisionError, type KeyValue, type WatchEvent as StorageWatchEvent } from '../storage/backend.ts';
import type { Clock } from '../util/clock.ts';
import type { StoreWatchEvent, WatchOptions } from './store-types.ts';
import { parseResourceVersion } from './resource-version.ts';

export interface WatchSource {
  readonly backend: Backend;
  readonly prefix: string;
  readonly decode: (kv: KeyValue) => KubeObject;
  readonly clock: Clock;
}

export async function watchStore(source: WatchSource, options: WatchOptions): Promise<void> {
  const { backend, prefix, decode } = source;
  const { predicate, signal, onEvent } = options;
  const matches = (o: KubeObject) => !predicate || predicate(o);
  let lastRevision: number;
  const rv = options.resourceVersion ?? '';
  const initial: StoreWatchEvent[] = [];
  const pending: StorageWatchEvent[] = [];

  if (rv === '' || rv === '0') {
    const page = await backend.list(prefix);
    lastRevision = page.revision;
    for (const kv of page.kvs) {
      const obj = decode(kv);
      if (matches(obj)) initial.push({ type: 'ADDED', object: obj });
    }
  } else {
    lastRevision = parseResourceVersion(rv);
  }

  const deliver = (events: readonly StorageWatchEvent[]) => {
    if (signal.aborted) return;
    for (const ev of events) {
      lastRevision = ev.kv.modRevision;
      if (ev.type === 'delete') {
        // Decoded objects are shared between watchers: the DELETED copy gets its own metadata.
        const last = decode(ev.prevKv);
        const obj = { ...last, metadata: { ...last.metadata, resourceVersion: String(ev.kv.modRevision) } };
        if (matches(obj)) onEvent({ type: 'DELETED', object: obj });
        continue;
      }
      const obj = decode(ev.kv);
      const now = matches(obj);
      if (!ev.prevKv) {
        if (now) onEvent({ type: 'ADDED', object: obj });
        continue;
      }
      if (!predicate) { onEvent({ type: 'MODIFIED', object: obj }); continue; }
      const before = predicate(decode(ev.prevKv));
      if (now && before) onEvent({ type: 'MODIFIED', object: obj });
      else if (now) onEvent({ type: 'ADDED', object: obj });
      else if (before) onEvent({ type: 'DELETED', object: obj });
    }
  };

  try {
    await backend.watch(prefix, {
      fromRevision: lastRevision + 1,
      signal,
      onEvents: (events) => {
        // Events that arrive while the initial state is still being sent wait behind it.
        if (initial.length) { pending.push(...events); return; }
        deliver(events);
      },
      onError: options.onError,
    });
  } catch (e) {
    if (e instanceof CompactedError) throw resourceExpired(`too old resource version: ${rv} (${e.compacted})`);
    if (e instanceof FutureRevisionError) throw timeout(`Too large resource version: ${e.requested}, current: ${e.current}`, 1);
    throw e;
  }
  for (const ev of initial.splice(0)) { if (!signal.aborted) onEvent(ev); }
  if (pending.length) deliver(pending.splice(0));

  if (options.bookmarkIntervalMs && options.bookmarkIntervalMs > 0) {
    const interval = options.bookmarkIntervalMs;
    const tick = () => {
      if (signal.aborted) return;
      onEvent({ type: 'BOOKMARK', object: { metadata: { resourceVersion: String(lastRevision) } } });
      cancel = source.clock.setTimer(tick, interval);
    };
    let cancel = source.clock.setTimer(tick, interval);
    signal.addEventListener('abort', () => cancel(), { once: true });
  }
}
