/**
 * Watch streams: `?watch=true` (or the legacy /watch/ prefix) answers 200 with a chunked body of
 * newline-delimited `{"type":…,"object":…}` events and keeps it open until the client leaves or
 * `timeoutSeconds` passes — kubectl's `get -w` exits when the server closes, so no server-side
 * timeout is imposed otherwise. A watch from a compacted resourceVersion gets one ERROR event
 * carrying a 410 Expired Status, as kube-apiserver sends, and client-go relists on it.
 */
import type { KubeObject } from '../api/object.ts';
import type { Clock } from '../util/clock.ts';
import type { StoreWatchEvent } from '../registry/store-types.ts';
import type { ApiRequest, ResponseSink } from './http-types.ts';
import { negotiate } from './negotiation.ts';
import type { ResolvedTarget } from './resource-handler.ts';
import { toStatus } from './respond.ts';
import { listPredicate } from './selectors.ts';
import { type OutputTransform, transformOutput, transformsFor } from './transform.ts';

/** How often BOOKMARK events are sent when the client allows them (kube: about once a minute). */
export const BOOKMARK_INTERVAL_MS = 60_000;

export interface WatchHandlerDeps {
  readonly clock: Clock;
  readonly transform?: OutputTransform;
}

export async function handleWatch(req: ApiRequest, res: ResponseSink, target: ResolvedTarget, deps: WatchHandlerDeps): Promise<void> {
  const { info, store, resource } = target;
  const q = req.query;
  const negotiated = negotiate(req.headers.accept, { transforms: transformsFor(!!deps.transform) });
  const nameSelector = info.name ? `metadata.name=${info.name}` : undefined;
  const predicate = listPredicate(store, q, nameSelector);
  const timeoutSeconds = q.get('timeoutSeconds') ? Number(q.get('timeoutSeconds')) : undefined;
  const bookmarks = q.get('allowWatchBookmarks') === 'true' || q.get('allowWatchBookmarks') === '1';

  const controller = new AbortController();
  const stop = () => controller.abort();
  req.signal.addEventListener('abort', stop, { once: true });
  let first = true;
  let headerSent = false;
  const sendHeader = () => {
    if (headerSent) return;
    headerSent = true;
    res.writeHead(200, { 'content-type': negotiated.contentType, 'transfer-encoding': 'chunked', 'cache-control': 'no-cache, private' });
    res.flushHeaders?.();
  };
  const writeEvent = (type: string, object: unknown) => {
    if (controller.signal.aborted) return;
    sendHeader();
    res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const encode = (ev: StoreWatchEvent): unknown => {
    if (ev.type === 'BOOKMARK') {
      return { kind: resource.kind, apiVersion: resource.group ? `${resource.group}/${resource.version}` : resource.version, metadata: ev.object.metadata };
    }
    if (!negotiated.as) return ev.object;
    const out = transformOutput(ev.object as KubeObject, resource, negotiated, deps.transform) as Record<string, unknown>;
    // as kube: only the first Table event of a watch carries the column definitions.
    if (negotiated.as === 'Table' && !first && out && Array.isArray(out.columnDefinitions)) out.columnDefinitions = [];
    first = false;
    return out;
  };

  try {
    await store.watch(resource.namespaced ? (info.namespace || undefined) : undefined, {
      predicate,
      resourceVersion: q.get('resourceVersion') ?? '',
      signal: controller.signal,
      bookmarkIntervalMs: bookmarks ? BOOKMARK_INTERVAL_MS : undefined,
      onEvent: (ev) => writeEvent(ev.type, encode(ev)),
      onError: (err) => { writeEvent('ERROR', toStatus(err)); stop(); },
    });
  } catch (err) {
    // Errors before the stream starts (bad selector, expired resourceVersion) are still sent as a
    // watch ERROR event with 200, as kube does for expired versions; others as a plain Status.
    const status = toStatus(err);
    if (status.code === 410) {
      writeEvent('ERROR', status);
      res.end();
      req.signal.removeEventListener('abort', stop);
      return;
    }
    req.signal.removeEventListener('abort', stop);
    throw err;
  }
  sendHeader();
  await new Promise<void>((resolve) => {
    let cancelTimer: (() => void) | undefined;
    if (timeoutSeconds !== undefined && Number.isFinite(timeoutSeconds) && timeoutSeconds >= 0) {
      cancelTimer = deps.clock.setTimer(stop, timeoutSeconds * 1000);
    }
    controller.signal.addEventListener('abort', () => { cancelTimer?.(); resolve(); }, { once: true });
  });
  req.signal.removeEventListener('abort', stop);
  res.end();
}
