/**
 * GET /containerLogs/{namespace}/{pod}/{container}, as kubelet's server.go getContainerLogs and
 * GetKubeletContainerLogs: PodLogOptions from the query (follow, previous, timestamps, tailLines,
 * sinceSeconds, sinceTime, limitBytes; legacy `tail`), the pod and container checked, the
 * instance chosen from the pod status (validateContainerLogStatus), then the CRI log streamed as
 * chunked text/plain. Errors are plain text, with kubelet's codes and wording: the API server
 * turns a 400 into BadRequest with the text as message.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../util/clock.ts';
import type { ContainerStatusApi, Pod, PodStatus } from '../pod-types.ts';
import { streamCriLog, type ReadLogOptions } from './cri-log-stream.ts';
import type { StreamingBackend } from './streaming-backend.ts';

export class KubeletHttpError extends Error {
  override name = 'KubeletHttpError';
  constructor(readonly code: number, message: string) { super(message); }
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** The query as kube's parameter codec decodes PodLogOptions (strconv.ParseBool, ParseInt, RFC3339). */
export function parseLogOptions(query: URLSearchParams, now: number): ReadLogOptions & { readonly previous: boolean } {
  const bool = (name: string) => {
    const v = query.get(name);
    if (v === null || v === '') return false;
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    throw new KubeletHttpError(400, '{"message": "Unable to decode query."}');
  };
  const int = (name: string) => {
    const v = query.get(name);
    if (v === null || v === '') return undefined;
    if (!/^[+-]?\d+$/.test(v)) throw new KubeletHttpError(400, '{"message": "Unable to decode query."}');
    return Number(v);
  };
  // backwards compatibility for the "tail" query parameter; "all" is the same as omitting it
  const tail = query.get('tail');
  const tailLines = tail && tail !== 'all' ? int('tail') : int('tailLines');
  const sinceSeconds = int('sinceSeconds');
  const sinceTimeText = query.get('sinceTime');
  const sinceTime = sinceTimeText ? Date.parse(sinceTimeText) : undefined;
  if (sinceTime !== undefined && Number.isNaN(sinceTime)) throw new KubeletHttpError(400, '{"message": "Unable to decode query."}');
  const limitBytes = int('limitBytes');
  // ValidatePodLogOptions
  const invalid = (tailLines !== undefined && tailLines < 0) || (limitBytes !== undefined && limitBytes < 1)
    || (sinceSeconds !== undefined && sinceSeconds < 1) || (sinceSeconds !== undefined && sinceTime !== undefined);
  if (invalid) throw new KubeletHttpError(422, '{"message": "Invalid request."}');
  return {
    follow: bool('follow'), previous: bool('previous'), timestamps: bool('timestamps'), tailLines, limitBytes,
    sinceMs: sinceSeconds !== undefined ? now - sinceSeconds * 1000 : sinceTime,
  };
}

/** kubelet's validateContainerLogStatus: the runtime id of the instance whose log to read. */
export function logContainerId(podName: string, status: PodStatus | undefined, container: string, previous: boolean): string {
  const all: ContainerStatusApi[] = [...(status?.containerStatuses ?? []), ...(status?.initContainerStatuses ?? [])];
  const s = all.find((c) => c.name === container);
  if (!s) throw new KubeletHttpError(400, `container "${container}" in pod "${podName}" is not available`);
  const last = s.lastState?.terminated;
  const { waiting, running, terminated } = s.state ?? {};
  let id: string | undefined;
  if (previous) {
    if (!last?.containerID) throw new KubeletHttpError(400, `previous terminated container "${container}" in pod "${podName}" not found`);
    id = last.containerID;
  } else if (running) {
    id = s.containerID;
  } else if (terminated) {
    // the next instance did not start: the last terminated one has the logs
    id = terminated.containerID || last?.containerID;
    if (!id) throw new KubeletHttpError(400, `container "${container}" in pod "${podName}" is terminated`);
  } else if (last) {
    if (!last.containerID) throw new KubeletHttpError(400, `container "${container}" in pod "${podName}" is terminated`);
    id = last.containerID;
  } else if (waiting) {
    const why = waiting.reason === 'ErrImagePull' ? 'image can\'t be pulled'
      : waiting.reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : waiting.reason ?? '';
    throw new KubeletHttpError(400, `container "${container}" in pod "${podName}" is waiting to start: ${why}`);
  } else {
    throw new KubeletHttpError(400, `container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
  }
  if (!id) throw new KubeletHttpError(400, `container "${container}" in pod "${podName}" is not available`);
  return id.replace(/^[a-z0-9.+-]+:\/\//, '');
}

export function specHasContainer(pod: Pod, container: string): boolean {
  return [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].some((c) => c.name === container);
}

export async function serveContainerLogs(
  req: IncomingMessage, res: ServerResponse, target: { namespace: string; pod: string; container: string },
  deps: { backend: StreamingBackend; clock: Clock },
): Promise<void> {
  const { backend } = deps;
  const options = parseLogOptions(new URL(req.url ?? '/', 'https://kubelet').searchParams, deps.clock.now());
  const pod = backend.getPod(target.namespace, target.pod);
  if (!pod) throw new KubeletHttpError(404, `pod "${target.pod}" does not exist`);
  if (!specHasContainer(pod, target.container)) throw new KubeletHttpError(404, `container "${target.container}" not found in pod "${target.pod}"`);
  const id = logContainerId(target.pod, backend.podStatus(pod) ?? pod.status, target.container, options.previous);
  const path = await backend.logPath(pod, target.container, id);

  const abort = new AbortController();
  res.on('close', () => abort.abort());
  // the instance's end, for follow: an exit event, or already not running
  let unsubscribe = () => {};
  const exited = new Promise<void>((resolve) => {
    unsubscribe = backend.runtime.subscribe((e) => { if (e.type === 'exited' && e.containerId === id) resolve(); });
    void backend.runtime.containerStatus(id).then((s) => { if (s.state !== 'running') resolve(); }, () => resolve());
  });
  res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
  res.flushHeaders();
  try {
    if (path) {
      await streamCriLog(path, options, (chunk) => new Promise<void>((resolve) => {
        if (res.write(chunk) || abort.signal.aborted) { resolve(); return; }
        res.once('drain', resolve);
        abort.signal.addEventListener('abort', () => resolve(), { once: true });
      }), { signal: abort.signal, exited });
    }
  } finally {
    unsubscribe();
    res.end();
  }
}
