/**
 * The one Client every component uses to reach cluster state (ARCHITECTURE.md decision 1), shaped
 * like client-go's dynamic client: `client.resource(gvr).namespace(ns).get(name)`. Failures are
 * the server's Status, rethrown as StatusError, so callers test `code`/`reason` as with client-go.
 */
import type { GroupVersionResource, KubeList, KubeObject } from '../api/object.ts';
import { internalError, type Status, StatusError } from '../api/status.ts';
import type { Transport, TransportRequest } from './transport.ts';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface ListOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

export interface WriteOptions {
  readonly dryRun?: boolean;
  readonly fieldManager?: string;
  /** "status", "scale", "binding", "eviction"… */
  readonly subresource?: string;
}

export interface PatchOptions extends WriteOptions {
  readonly type: PatchType;
  /** Server-side apply: take over conflicting fields. */
  readonly force?: boolean;
}

export interface DeleteOptions {
  readonly gracePeriodSeconds?: number;
  readonly propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly dryRun?: boolean;
}

export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  readonly object: KubeObject;
}

export interface WatchOptions extends ListOptions {
  readonly allowWatchBookmarks?: boolean;
  readonly timeoutSeconds?: number;
  readonly signal: AbortSignal;
  readonly onEvent: (event: WatchEvent) => void;
}

export interface NamespacedResourceClient {
  get(name: string): Promise<KubeObject>;
  list(options?: ListOptions): Promise<KubeList>;
  create(obj: KubeObject, options?: WriteOptions): Promise<KubeObject>;
  /** PUT of the object (or of its subresource). */
  update(obj: KubeObject, options?: WriteOptions): Promise<KubeObject>;
  patch(name: string, patch: unknown, options: PatchOptions): Promise<KubeObject>;
  /** Resolves with the server's answer: the object (pending or returned) or a Status. */
  delete(name: string, options?: DeleteOptions): Promise<KubeObject | Status>;
  deleteCollection(options?: ListOptions & DeleteOptions): Promise<KubeList>;
  /** Streams events until the server ends the watch or the signal aborts. */
  watch(options: WatchOptions): Promise<void>;
}

export interface ResourceClient extends NamespacedResourceClient {
  namespace(namespace: string): NamespacedResourceClient;
}

export class Client {
  constructor(readonly transport: Transport, private readonly userAgent = 'ekslite') {}

  resource(gvr: GroupVersionResource): ResourceClient {
    const root = new ResourceRequests(this, gvr, undefined);
    return Object.assign(root, { namespace: (ns: string) => new ResourceRequests(this, gvr, ns) });
  }

  /** Sends a request and decodes a JSON answer, throwing the server's Status on failure. */
  async call<T>(req: TransportRequest): Promise<T> {
    const res = await this.transport.request({ ...req, headers: { accept: 'application/json', 'user-agent': this.userAgent, ...(req.headers ?? {}) } });
    const text = res.body.toString('utf8');
    let parsed: unknown;
    try { parsed = text ? JSON.parse(text) : {}; } catch { parsed = undefined; }
    if (res.status >= 200 && res.status < 300 && parsed !== undefined) return parsed as T;
    if (parsed && (parsed as Status).kind === 'Status') throw new StatusError(parsed as Status);
    throw internalError(`unexpected answer ${res.status}: ${text.slice(0, 200)}`);
  }
}

function basePath(gvr: GroupVersionResource, namespace: string | undefined): string {
  const prefix = gvr.group === '' ? `/api/${gvr.version}` : `/apis/${gvr.group}/${gvr.version}`;
  return namespace ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/${gvr.resource}` : `${prefix}/${gvr.resource}`;
}

function listQuery(o: ListOptions | undefined, q = new URLSearchParams()): URLSearchParams {
  if (o?.labelSelector) q.set('labelSelector', o.labelSelector);
  if (o?.fieldSelector) q.set('fieldSelector', o.fieldSelector);
  if (o?.limit) q.set('limit', String(o.limit));
  if (o?.continue) q.set('continue', o.continue);
  if (o?.resourceVersion !== undefined) q.set('resourceVersion', o.resourceVersion);
  if (o?.resourceVersionMatch) q.set('resourceVersionMatch', o.resourceVersionMatch);
  return q;
}

function writeQuery(o: WriteOptions | undefined): URLSearchParams {
  const q = new URLSearchParams();
  if (o?.dryRun) q.set('dryRun', 'All');
  if (o?.fieldManager) q.set('fieldManager', o.fieldManager);
  return q;
}

class ResourceRequests implements NamespacedResourceClient {
  constructor(private readonly client: Client, private readonly gvr: GroupVersionResource, private readonly ns: string | undefined) {}

  private path(name?: string, subresource?: string): string {
    let p = basePath(this.gvr, this.ns);
    if (name !== undefined) p += `/${encodeURIComponent(name)}`;
    if (subresource) p += `/${subresource}`;
    return p;
  }

  get(name: string): Promise<KubeObject> {
    return this.client.call({ method: 'GET', path: this.path(name) });
  }

  list(options?: ListOptions): Promise<KubeList> {
    return this.client.call({ method: 'GET', path: this.path(), query: listQuery(options) });
  }

  create(obj: KubeObject, options?: WriteOptions): Promise<KubeObject> {
    const path = options?.subresource ? this.path(obj.metadata.name!, options.subresource) : this.path();
    return this.client.call({ method: 'POST', path, query: writeQuery(options), headers: { 'content-type': 'application/json' }, body: JSON.stringify(obj) });
  }

  update(obj: KubeObject, options?: WriteOptions): Promise<KubeObject> {
    return this.client.call({ method: 'PUT', path: this.path(obj.metadata.name!, options?.subresource), query: writeQuery(options), headers: { 'content-type': 'application/json' }, body: JSON.stringify(obj) });
  }

  patch(name: string, patch: unknown, options: PatchOptions): Promise<KubeObject> {
    const q = writeQuery(options);
    if (options.force) q.set('force', 'true');
    return this.client.call({ method: 'PATCH', path: this.path(name, options.subresource), query: q, headers: { 'content-type': PATCH_CONTENT_TYPES[options.type] }, body: JSON.stringify(patch) });
  }

  delete(name: string, options?: DeleteOptions): Promise<KubeObject | Status> {
    const body = { kind: 'DeleteOptions', apiVersion: 'v1', ...options, dryRun: options?.dryRun ? ['All'] : undefined };
    return this.client.call({ method: 'DELETE', path: this.path(name), headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  deleteCollection(options?: ListOptions & DeleteOptions): Promise<KubeList> {
    const body = { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: options?.gracePeriodSeconds, propagationPolicy: options?.propagationPolicy };
    return this.client.call({ method: 'DELETE', path: this.path(), query: listQuery(options), headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  async watch(options: WatchOptions): Promise<void> {
    const q = listQuery(options);
    q.set('watch', 'true');
    if (options.allowWatchBookmarks) q.set('allowWatchBookmarks', 'true');
    if (options.timeoutSeconds !== undefined) q.set('timeoutSeconds', String(options.timeoutSeconds));
    let buffer = '';
    let status = 0;
    let errorBody = '';
    await this.client.transport.stream({ method: 'GET', path: this.path(), query: q, headers: { accept: 'application/json' } }, {
      signal: options.signal,
      onResponse: (s) => { status = s; },
      onChunk: (chunk) => {
        if (status !== 200) { errorBody += chunk.toString('utf8'); return; }
        buffer += chunk.toString('utf8');
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (line.trim()) options.onEvent(JSON.parse(line) as WatchEvent);
        }
      },
    });
    if (status !== 200 && status !== 0 && !options.signal.aborted) {
      let parsed: Status | undefined;
      try { parsed = JSON.parse(errorBody) as Status; } catch { parsed = undefined; }
      throw parsed?.kind === 'Status' ? new StatusError(parsed) : internalError(`watch answered ${status}`);
    }
  }
}
