/**
 * Container lifecycle hooks (postStart, preStop), as kubelet's lifecycle.handlerRunner: exec runs
 * in the container; httpGet goes to the pod IP (or the hook's host) on the resolved port; sleep
 * waits on the clock; tcpSocket is deprecated and does nothing. A failed hook returns kubelet's
 * message; the caller decides (postStart failure kills the container, preStop failure is only
 * reported).
 */
import { Writable } from 'node:stream';
import type { Clock } from '../util/clock.ts';
import { httpProbe } from './prober/http-probe.ts';
import { resolvePort } from './prober/prober.ts';
import type { Container, LifecycleHandler } from './pod-types.ts';
import type { ContainerRuntime } from './runtime/container-runtime.ts';

export interface HookTarget {
  readonly runtime: ContainerRuntime;
  readonly containerId: string;
  readonly container: Container;
  readonly podIP: string;
  readonly clock: Clock;
  /** Ends a hook that is still running (the grace period is over). */
  readonly signal?: AbortSignal;
}

/** Runs the hook; resolves with undefined on success or kubelet's failure message. */
export async function runLifecycleHandler(handler: LifecycleHandler, t: HookTarget): Promise<string | undefined> {
  if (handler.exec) {
    let output = '';
    const sink = new Writable({ write(chunk: Buffer, _e, done) { output += chunk.toString('utf8'); done(); } });
    try {
      const code = await t.runtime.exec(t.containerId, { command: handler.exec.command ?? [], tty: false, stdout: sink, stderr: sink, signal: t.signal });
      return code === 0 ? undefined : `command '${(handler.exec.command ?? []).join(' ')}' exited with ${code}: ${output}`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (handler.httpGet) {
    const port = resolvePort(handler.httpGet.port, t.container);
    if (port === undefined) return `couldn't find port: ${handler.httpGet.port} in ${t.container.name}`;
    let path = handler.httpGet.path ?? '/';
    if (!path.startsWith('/')) path = `/${path}`;
    const url = new URL(`${(handler.httpGet.scheme ?? 'HTTP').toLowerCase()}://${handler.httpGet.host || t.podIP}:${port}${path}`);
    const r = await httpProbe({ url, headers: handler.httpGet.httpHeaders, timeoutMs: 10_000 });
    return r.result === 'success' ? undefined : `HTTP lifecycle hook (${path}) for Container "${t.container.name}" failed - error: ${r.output}`;
  }
  if (handler.sleep) {
    await new Promise<void>((resolve) => {
      const cancel = t.clock.setTimer(resolve, handler.sleep!.seconds * 1000);
      t.signal?.addEventListener('abort', () => { cancel(); resolve(); }, { once: true });
    });
  }
  return undefined;
}
