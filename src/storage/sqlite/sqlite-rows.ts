/** Rows of the SQLite revision log (see sqlite-schema.ts) as the Backend's key-values and events. */
import { StorageError, type KeyValue, type WatchEvent } from '../backend.ts';
import { compareKeys } from '../key-range.ts';

export type Row = [name: string, createRevision: number, modRevision: number, value: Uint8Array];
export type EventRow = [name: string, created: number, deleted: number, createRevision: number, prevRevision: number,
  id: number, value: Uint8Array, oldValue: Uint8Array | null];

export const EMPTY = new Uint8Array(0);
export const EMPTY_BUFFER = Buffer.alloc(0);
export type PageEntry = [name: string, createRevision: number, modRevision: number, length: number];

/**
 * The kvs of a page fetched with `pageSql`: each value is a view of the page's one buffer (so a
 * kv kept for long keeps its page's buffer alive; consumers decode values, they do not keep them).
 */
export function pageToKvs(values: Buffer, entries: readonly PageEntry[]): KeyValue[] {
  let offset = 0;
  let sorted = true;
  const kvs = entries.map(([key, createRevision, modRevision, length], i): KeyValue => {
    if (i > 0 && compareKeys(entries[i - 1][0], key) >= 0) sorted = false;
    return { key, createRevision, modRevision, value: values.subarray(offset, (offset += length)) };
  });
  if (offset !== values.length) throw new StorageError(`sqlite: a list page's values add up to ${offset} bytes, not ${values.length}`);
  // The aggregates follow the subquery's ORDER BY in practice; SQL does not promise it.
  return sorted ? kvs : kvs.sort((a, b) => compareKeys(a.key, b.key));
}

export const rowToKv = (row: Row): KeyValue => ({ key: row[0], createRevision: row[1], modRevision: row[2], value: row[3] });

export function rowToEvent(row: EventRow): WatchEvent {
  const [key, created, deleted, createRevision, prevRevision, id, value, oldValue] = row;
  const prevKv = created ? undefined : { key, value: oldValue ?? EMPTY, createRevision, modRevision: prevRevision };
  if (deleted) return { type: 'delete', kv: { key, value: EMPTY, createRevision: 0, modRevision: id }, prevKv: prevKv! };
  return { type: 'put', kv: { key, value, createRevision, modRevision: id }, prevKv };
}
