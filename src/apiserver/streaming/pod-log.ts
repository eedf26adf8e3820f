/**
 * GET …/pods/{name}/log, as kube's LogREST + LocationStreamer: PodLogOptions decoded and
 * validated, the container resolved, then the kubelet's /containerLogs streamed back as
 * text/plain (flushed chunk by chunk with follow). A pod not bound to a node yet answers an empty
 * 200, as LocationStreamer does for a missing location; kubelet error answers become Status
 * errors as GenericHttpResponseChecker maps them (400 → BadRequest with the kubelet's text, which
 * is how `container "x" in pod "y" is waiting to start: ContainerCreating` reaches kubectl).
 */
import { invalidValue, forbidden as forbiddenField, type FieldError } from '../../api/field-error.ts';
import { badRequest, invalid } from '../../api/status.ts';
import type { ApiRequest, ResponseSink } from '../http-types.ts';
import type { StreamingDeps } from './streaming-deps.ts';
import { kubeletGet, kubeletUrl } from './kubelet-client.ts';
import { getPod, podKubelet, resolveContainer } from './pod-location.ts';
import { dialErrorMessage, kubeletResponseError, unknownError } from './stream-errors.ts';

/** kubelet answers larger than this are cut when read as an error (response_checker.go maxReadLength). */
const MAX_ERROR_BODY = 50_000;

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** PodLogOptions from the query, decoded as kube's parameter codec does and validated as ValidatePodLogOptions. */
export function podLogQuery(q: URLSearchParams, name: string): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of ['follow', 'previous', 'timestamps', 'insecureSkipTLSVerifyBackend']) {
    const v = q.get(key);
    if (v === null || v === '') continue;
    if (!TRUE.has(v) && !FALSE.has(v)) throw badRequest(`strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
    if (TRUE.has(v) && key !== 'insecureSkipTLSVerifyBackend') out.set(key, 'true');
  }
  const ints: Record<string, number | undefined> = {};
  for (const key of ['sinceSeconds', 'tailLines', 'limitBytes']) {
    const v = q.get(key);
    if (v === null || v === '') continue;
    if (!/^[+-]?\d+$/.test(v)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
    ints[key] = Number(v);
  }
  const sinceTime = q.get('sinceTime') || undefined;
  if (sinceTime !== undefined && Number.isNaN(Date.parse(sinceTime))) {
    throw badRequest(`parsing time ${JSON.stringify(sinceTime)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(sinceTime)} as "2006"`);
  }
  const errors: FieldError[] = [];
  if (ints.tailLines !== undefined && ints.tailLines < 0) errors.push(invalidValue('tailLines', ints.tailLines, 'must be greater than or equal to 0'));
  if (ints.limitBytes !== undefined && ints.limitBytes < 1) errors.push(invalidValue('limitBytes', ints.limitBytes, 'must be greater than 0'));
  if (ints.sinceSeconds !== undefined && sinceTime !== undefined) errors.push(forbiddenField('', 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  else if (ints.sinceSeconds !== undefined && ints.sinceSeconds < 1) errors.push(invalidValue('sinceSeconds', ints.sinceSeconds, 'must be greater than 0'));
  if (errors.length > 0) throw invalid({ group: '', kind: 'PodLogOptions' }, name, errors);
  // in the order LogLocation adds them; sinceTime formatted as time.RFC3339 (seconds)
  if (ints.sinceSeconds !== undefined) out.set('sinceSeconds', String(ints.sinceSeconds));
  if (sinceTime !== undefined) out.set('sinceTime', new Date(Date.parse(sinceTime)).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  for (const key of ['tailLines', 'limitBytes']) if (ints[key] !== undefined) out.set(key, String(ints[key]));
  return out;
}

export async function servePodLog(req: ApiRequest, res: ResponseSink, namespace: string, name: string, deps: StreamingDeps): Promise<void> {
  const query = podLogQuery(req.query, name);
  const pod = await getPod(deps.registry, namespace, name);
  const container = resolveContainer(pod, name, req.query.get('container') || undefined);
  const kubelet = await podKubelet(deps.registry, pod);
  if (!kubelet) {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end();
    return;
  }
  const url = kubeletUrl(kubelet, `/containerLogs/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${encodeURIComponent(container)}`, query);
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  req.signal.addEventListener('abort', onAbort, { once: true });
  try {
    let upstream;
    try {
      upstream = await kubeletGet(url, deps.kubeletClient ?? {}, abort.signal);
    } catch (e) {
      throw unknownError(dialErrorMessage('GET', url, e as Error));
    }
    const code = upstream.statusCode ?? 500;
    if (code < 200 || code > 206) {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of upstream) { if (size < MAX_ERROR_BODY) { chunks.push(c as Buffer); size += (c as Buffer).length; } }
      throw kubeletResponseError(code, Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY).toString('utf8'), 'pods/log', name);
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.flushHeaders?.();
    await new Promise<void>((resolve) => {
      upstream.on('data', (chunk: Buffer) => {
        if (!res.write(chunk)) {
          // the sink is slow: hold the kubelet until the client drains (sinks without drain events are never slow)
          const drainable = res as ResponseSink & { once?: (e: string, f: () => void) => unknown };
          if (drainable.once) { upstream.pause(); drainable.once('drain', () => upstream.resume()); }
        }
      });
      upstream.on('end', resolve);
      upstream.on('error', () => resolve());
      upstream.on('close', resolve);
    });
    res.end();
  } finally {
    req.signal.removeEventListener('abort', onAbort);
  }
}
