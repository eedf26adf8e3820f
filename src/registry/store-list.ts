/**
 * The list verb of the generic Store, after the etcd3 store's GetList: pages of `limit` objects
 * read at one revision and chained by continue tokens; resourceVersion "" (most recent), "0"
 * (any), N (not older than N) or N with resourceVersionMatch=Exact; compacted revisions answer
 * 410 Expired. listJson is its fast path for JSON lists without selectors.
 */
import type { KubeList, KubeObject } from '../api/object.ts';
import { resourceExpired, timeout } from '../api/status.ts';
import { CompactedError, FutureRevisionError } from '../storage/backend.ts';
import { decodeContinue, encodeContinue } from './continue-token.ts';
import { parseResourceVersion } from './resource-version.ts';
import type { StoreContext } from './store-context.ts';
import type { ListOptions } from './store-types.ts';

export interface ListTarget {
  readonly namespace: string | undefined;
  readonly options: ListOptions;
}

export async function listObjects(ctx: StoreContext, target: ListTarget): Promise<KubeList> {
  const { options } = target;
  const prefix = ctx.listPrefix(target.namespace);
  let { revision, startAfter } = continueAt(prefix, options.continue);
  if (!options.continue && options.resourceVersion && options.resourceVersion !== '0') {
    const rv = parseResourceVersion(options.resourceVersion);
    const current = await ctx.backend.currentRevision();
    if (options.resourceVersionMatch === 'Exact') revision = rv;
    else if (rv > current) throw timeout(`Too large resource version: ${rv}, current: ${current}`, 1);
  }
  const limit = limitOf(options);
  const items: KubeObject[] = [];
  let readAt = revision;
  let more = false;
  let lastKey: string | undefined;
  try {
    // With a predicate, keep reading pages until `limit` matches are found (as etcd3 store's GetList).
    for (;;) {
      const page = await ctx.backend.list(prefix, { limit: limit ? Math.max(limit - items.length, limit) : 0, startAfter, revision: readAt });
      readAt = page.revision;
      for (let i = 0; i < page.kvs.length; i++) {
        const kv = page.kvs[i];
        const obj = ctx.decode(kv);
        lastKey = kv.key;
        if (options.predicate && !options.predicate(obj)) continue;
        items.push(ctx.decorate(obj));
        if (limit && items.length === limit) {
          more = page.more || i < page.kvs.length - 1;
          break;
        }
      }
      if (!page.more || (limit && items.length === limit)) break;
      startAfter = page.kvs[page.kvs.length - 1]?.key;
    }
  } catch (e) {
    if (e instanceof CompactedError) {
      throw options.continue
        ? resourceExpired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.')
        : resourceExpired(`too old resource version: ${revision} (${e.compacted})`);
    }
    if (e instanceof FutureRevisionError) throw timeout(`Too large resource version: ${e.requested}, current: ${e.current}`, 1);
    throw e;
  }
  const metadata: KubeList['metadata'] = { resourceVersion: String(readAt ?? (await ctx.backend.currentRevision())) };
  if (more && lastKey) metadata.continue = encodeContinue(readAt!, lastKey.slice(prefix.length));
  return { apiVersion: ctx.apiVersion, kind: ctx.resource.listKind, metadata, items };
}

/**
 * A whole list as JSON text for lists without selectors, splicing stored JSON instead of
 * decoding and re-encoding every item (a 10,000-pod list is mostly this). Undefined when the
 * fast path does not apply (a conversion, a predicate, a resourceVersion other than "" or "0",
 * or an error that listObjects words); the caller then uses listObjects. Otherwise the same
 * answer as JSON.stringify(await listObjects(...)).
 */
export async function listJson(ctx: StoreContext, target: ListTarget): Promise<string | undefined> {
  const { options } = target;
  const rawJson = ctx.rawJson;
  if (!rawJson || options.predicate || (options.resourceVersion && options.resourceVersion !== '0')) return undefined;
  const prefix = ctx.listPrefix(target.namespace);
  const { revision, startAfter } = continueAt(prefix, options.continue);
  let page;
  try {
    page = await ctx.backend.list(prefix, { limit: limitOf(options), startAfter, revision });
  } catch (e) {
    if (e instanceof CompactedError || e instanceof FutureRevisionError) return undefined;
    throw e;
  }
  const items: string[] = new Array(page.kvs.length);
  for (let i = 0; i < page.kvs.length; i++) {
    const kv = page.kvs[i];
    items[i] = rawJson(kv) ?? JSON.stringify(ctx.decorate(ctx.decode(kv)));
  }
  const last = page.kvs[page.kvs.length - 1];
  const cont = page.more && last ? `,"continue":${JSON.stringify(encodeContinue(page.revision, last.key.slice(prefix.length)))}` : '';
  return `{"kind":${JSON.stringify(ctx.resource.listKind)},"apiVersion":${JSON.stringify(ctx.apiVersion)},"metadata":{"resourceVersion":"${page.revision}"${cont}},"items":[${items.join(',')}]}`;
}

/** Where a list resumes: the revision and storage key of a continue token; nothing without one. */
function continueAt(prefix: string, token: string | undefined): { revision?: number; startAfter?: string } {
  if (!token) return {};
  const { revision, startAfter } = decodeContinue(token);
  return { revision, startAfter: prefix + startAfter };
}

/** The page size; 0 = no limit. */
function limitOf(options: ListOptions): number {
  return options.limit && options.limit > 0 ? options.limit : 0;
}
