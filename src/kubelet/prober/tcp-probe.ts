/** TCP socket probes, as kubelet's pkg/probe/tcp: success when a connection opens within the timeout. */
import { connect } from 'node:net';
import { dialError } from './http-probe.ts';
import { failure, type ProbeResult, success } from './probe-result.ts';

export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const target = `${host}:${port}`;
    socket.setTimeout(timeoutMs, () => { socket.destroy(); resolve(failure(`dial tcp ${target}: i/o timeout`)); });
    socket.once('connect', () => { socket.destroy(); resolve(success()); });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(failure(dialError(e, target))));
  });
}
