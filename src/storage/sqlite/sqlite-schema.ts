import { compareKeys, prefixEnd } from '../key-range.ts';

/**
 * The SQLite revision log, in the style of kine's generic SQL driver (k3s-io/kine
 * pkg/drivers/generic, pkg/logstructured): every write is one row of `log`, whose id is the
 * write's revision, so history at a revision and watch replay are SQL range queries.
 *
 * - `created` = 1 for a create, `deleted` = 1 for a delete (a tombstone: value empty).
 * - `create_revision` is the key's create revision; `prev_revision` is the id of the row this
 *   one supersedes (0 for a create), `old_value` its value: a row carries its own prevKv, so an
 *   event can be rebuilt from one row even after compaction removed the superseded row.
 * - Unlike kine, revisions are assigned by this process (the only writer) rather than by
 *   AUTOINCREMENT, and there is no `lease` column (the contract has no leases).
 *
 * `current` maps each live key to the id of its newest row. It is kept in the same transaction
 * as `log`; reads at the current revision and compare-and-swap checks go through its primary
 * key instead of kine's `MAX(id) ... GROUP BY name`, so a 10,000-key list is an index range
 * scan plus rowid lookups whatever the history length.
 *
 * `meta` holds `compact_revision` (kine keeps it in a `compact_rev_key` row of the log).
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS log (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value BLOB NOT NULL,
  old_value BLOB
);
CREATE INDEX IF NOT EXISTS log_name_id ON log (name, id);
CREATE TABLE IF NOT EXISTS current (name TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
`;

/** Columns every kv-returning query selects, in this order (see `rowToKv` and {@link pageSql}). */
export const KV_COLUMNS = 'l.name AS name, l.create_revision AS create_revision, l.id AS id, l.value AS value';

export const SQL = {
  current: 'SELECT l.name, l.create_revision, l.id, l.value FROM current c JOIN log l ON l.id = c.id WHERE c.name = ?',
  at: 'SELECT l.name, l.create_revision, l.id, l.value, l.deleted FROM log l WHERE l.name = ? AND l.id <= ? ORDER BY l.id DESC LIMIT 1',
  insert: `INSERT INTO log (id, name, created, deleted, create_revision, prev_revision, value, old_value)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  insertCurrent: 'INSERT INTO current (name, id) VALUES (?, ?)',
  updateCurrent: 'UPDATE current SET id = ? WHERE name = ?',
  deleteCurrent: 'DELETE FROM current WHERE name = ?',
  maxId: 'SELECT MAX(id) FROM log',
  getMeta: 'SELECT value FROM meta WHERE name = ?',
  setMeta: 'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  // Compaction at C, from the previous compact revision P, keeps for every key its newest row at
  // or below C (etcd's rule) and the row at C itself: it deletes the rows superseded by a row
  // in (P, C], and the tombstones in [P, C). Rows superseded by rows at or below P went before.
  compactSuperseded: 'DELETE FROM log WHERE id IN (SELECT prev_revision FROM log WHERE id > ? AND id <= ? AND created = 0)',
  compactTombstones: 'DELETE FROM log WHERE id >= ? AND id < ? AND deleted = 1',
} as const;

/** A SQL condition on a key column selecting a prefix's keys (after startAfter), with its parameters. */
export function keyRange(column: string, prefix: string, startAfter?: string): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  // The lower bound is the larger of the prefix and startAfter, so that a continued page seeks
  // straight to its first key instead of scanning and discarding the earlier ones.
  if (startAfter !== undefined && compareKeys(startAfter, prefix) >= 0) {
    parts.push(`${column} > ?`);
    params.push(startAfter);
  } else {
    parts.push(`${column} >= ?`);
    params.push(prefix);
  }
  const end = prefixEnd(prefix);
  if (end !== undefined) {
    parts.push(`${column} < ?`);
    params.push(end);
  }
  return { sql: parts.join(' AND '), params };
}

/**
 * Wraps a list query (KV_COLUMNS, in key order) so that its whole page comes back as one row:
 * every value concatenated into one BLOB, and a JSON array of `[name, create_revision, id,
 * length(value)]`. better-sqlite3 allocates a Buffer per BLOB cell, which costs more than the
 * query itself on a 10,000-key page; one BLOB sliced into views costs a fraction of it.
 * group_concat copies BLOB bytes unchanged in a UTF-8 database (NULs, invalid UTF-8) and both
 * aggregates step over the same rows in the same pass, so the lengths locate the values.
 */
export function pageSql(list: string): string {
  return `SELECT CAST(group_concat(p.value, '') AS BLOB),
    json_group_array(json_array(p.name, p.create_revision, p.id, length(p.value))) FROM (${list}) p`;
}

/** Lists at the current revision: the `current` range joined to the newest rows. */
export function listCurrentSql(range: string): string {
  return `SELECT ${KV_COLUMNS} FROM current c JOIN log l ON l.id = c.id WHERE ${range} ORDER BY c.name LIMIT ?`;
}

/**
 * Lists at a past revision R (last parameter before the limit): each key's newest row at or
 * below R, unless it is a tombstone. Walks log_name_id in key order so LIMIT stops it early.
 */
export function listAtSql(range: string): string {
  return `SELECT ${KV_COLUMNS} FROM log l
    WHERE ${range} AND l.deleted = 0 AND l.id = (SELECT MAX(m.id) FROM log m WHERE m.name = l.name AND m.id <= ?)
    ORDER BY l.name LIMIT ?`;
}

export function countSql(range: string): string {
  return `SELECT COUNT(*) FROM current c WHERE ${range}`;
}

/**
 * The log rows from a revision on, in revision order, as events (see `rowToEvent`). Callers pass
 * the range on `+l.name`: the unary plus keeps SQLite from choosing log_name_id (which reads a
 * prefix's whole history and sorts it) over the rowid range (the few rows since the revision).
 */
export function eventsSql(range: string): string {
  return `SELECT l.name, l.created, l.deleted, l.create_revision, l.prev_revision, l.id, l.value, l.old_value
    FROM log l WHERE l.id >= ? AND ${range} ORDER BY l.id`;
}
