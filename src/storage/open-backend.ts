import type { Backend } from './backend.ts';
import { EtcdBackend, type EtcdBackendOptions } from './etcd/etcd-backend.ts';
import { MemoryBackend } from './memory/memory-backend.ts';
import { SqliteBackend, type SqliteBackendOptions } from './sqlite/sqlite-backend.ts';

/** Where a storage URL points, before anything is opened. */
export type BackendLocation =
  | { readonly driver: 'memory' }
  | { readonly driver: 'sqlite'; readonly path: string; readonly options: SqliteBackendOptions }
  | { readonly driver: 'etcd'; readonly options: EtcdBackendOptions };

/**
 * Parses a storage URL, choosing the driver by scheme as kine chooses its endpoint:
 * - `memory:` (or `memory://`): the in-memory driver;
 * - `sqlite://` + path, e.g. `sqlite:///var/lib/ekslite/state.db` (absolute) or
 *   `sqlite://state.db` (relative), or `sqlite:` + path; a plain file path without a scheme
 *   also means SQLite (kine's default endpoint is SQLite). `?synchronous=full` selects power-loss
 *   durability (see {@link SqliteBackendOptions.synchronous});
 * - `etcd://host:port[,host2:port2][/prefix]`, or `http://` with the same shape: etcd over
 *   plain HTTP at those client endpoints, keys under prefix.
 */
export function parseBackendUrl(url: string): BackendLocation {
  if (url === 'memory:' || url === 'memory://') return { driver: 'memory' };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme.length === 1) return sqlite(url); // a path (a Windows drive letter is not a scheme)
  if (scheme === 'sqlite') return sqlite(url.slice('sqlite:'.length).replace(/^\/\//, ''));
  if (scheme === 'etcd' || scheme === 'http') return etcd(url.slice(scheme.length + 1));
  throw new Error(`unsupported storage URL ${JSON.stringify(url)}: use memory:, sqlite://<path> or etcd://<host:port>[/prefix]`);
}

function sqlite(rest: string): BackendLocation {
  const [path, query = ''] = splitOnce(rest, '?');
  if (path === '') throw new Error('sqlite storage URL without a path');
  const options: { synchronous?: 'normal' | 'full' } = {};
  for (const [name, value] of new URLSearchParams(query)) {
    if (name === 'synchronous' && (value === 'normal' || value === 'full')) options.synchronous = value;
    else throw new Error(`unsupported sqlite URL parameter ${name}=${value} (supported: synchronous=normal|full)`);
  }
  return { driver: 'sqlite', path: decodeURIComponent(path), options };
}

function etcd(rest: string): BackendLocation {
  if (!rest.startsWith('//')) throw new Error('etcd storage URL must look like etcd://host:port[,host:port][/prefix]');
  const [hosts, prefixPath] = splitOnce(rest.slice(2), '/');
  const endpoints = hosts.split(',').filter((h) => h !== '');
  if (endpoints.length === 0) throw new Error('etcd storage URL without an endpoint');
  for (const host of endpoints) {
    if (!/^[^\s/:]+:\d+$/.test(host) && !/^\[[0-9a-f:]+\]:\d+$/i.test(host)) throw new Error(`etcd endpoint needs host:port, got ${JSON.stringify(host)}`);
  }
  const prefix = prefixPath === undefined || prefixPath === '' ? '' : `/${prefixPath.replace(/\/+$/, '')}`;
  return { driver: 'etcd', options: { endpoints: endpoints.map((h) => `http://${h}`), prefix } };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const i = text.indexOf(separator);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

/** Opens the Backend a storage URL names (see {@link parseBackendUrl}). */
export async function openBackend(url: string): Promise<Backend> {
  const location = parseBackendUrl(url);
  switch (location.driver) {
    case 'memory':
      return new MemoryBackend();
    case 'sqlite':
      return new SqliteBackend(location.path, location.options);
    case 'etcd': {
      const backend = new EtcdBackend(location.options);
      try {
        await backend.currentRevision(); // fail here, not at the first request, when etcd is not there
      } catch (error) {
        await backend.close();
        throw error;
      }
      return backend;
    }
  }
}
