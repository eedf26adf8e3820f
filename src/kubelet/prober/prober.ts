/**
 * Runs one probe of a container once, as kubelet's prober.runProbe: httpGet and tcpSocket go to
 * the pod IP unless the probe names a host; named ports resolve through the container's ports;
 * exec runs in the container through the runtime; grpc calls the health protocol. Errors that
 * stop a probe from running at all are `unknown` results.
 */
import { Writable } from 'node:stream';
import type { ContainerRuntime } from '../runtime/container-runtime.ts';
import { ExecTimeoutError } from '../runtime/container-runtime.ts';
import type { Container, ProbeHandler } from '../pod-types.ts';
import { grpcProbe } from './grpc-probe.ts';
import { httpProbe } from './http-probe.ts';
import { failure, type ProbeResult, success } from './probe-result.ts';
import { tcpProbe } from './tcp-probe.ts';

export interface ProbeTarget {
  readonly podIP: string;
  readonly container: Container;
  readonly containerId: string;
  readonly runtime: ContainerRuntime;
}

/** kubelet's util.ResolvePort: a number, or the name of one of the container's ports. */
export function resolvePort(port: number | string, container: Container): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

export async function runProbe(probe: ProbeHandler & { timeoutSeconds?: number }, target: ProbeTarget): Promise<ProbeResult> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  if (probe.exec) {
    const command = probe.exec.command ?? [];
    let output = '';
    const sink = new Writable({ write(chunk: Buffer, _enc, done) { output += chunk.toString('utf8'); done(); } });
    try {
      const code = await target.runtime.exec(target.containerId, {
        command, tty: false, timeoutSeconds: probe.timeoutSeconds ?? 1,
        stdout: sink, stderr: sink,
      });
      return code === 0 ? success(output) : failure(output);
    } catch (e) {
      if (e instanceof ExecTimeoutError) return failure(`command ${JSON.stringify(command.join(' '))} timed out`);
      return { result: 'unknown', output: (e as Error).message };
    }
  }
  if (probe.httpGet) {
    const port = resolvePort(probe.httpGet.port, target.container);
    if (port === undefined) return { result: 'unknown', output: `couldn't find port: ${probe.httpGet.port} in ${target.container.name}` };
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
    const host = probe.httpGet.host || target.podIP;
    let path = probe.httpGet.path ?? '/';
    if (!path.startsWith('/')) path = `/${path}`;
    return httpProbe({ url: new URL(`${scheme}://${host}:${port}${path}`), headers: probe.httpGet.httpHeaders, timeoutMs });
  }
  if (probe.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port, target.container);
    if (port === undefined) return { result: 'unknown', output: `couldn't find port: ${probe.tcpSocket.port} in ${target.container.name}` };
    return tcpProbe(probe.tcpSocket.host || target.podIP, port, timeoutMs);
  }
  if (probe.grpc) return grpcProbe(target.podIP, probe.grpc.port, probe.grpc.service ?? '', timeoutMs);
  return { result: 'unknown', output: 'missing probe handler' };
}
