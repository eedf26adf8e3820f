/**
 * The pods subresources that stream: log, exec, attach, portforward. {@link handleStreamingRequest}
 * is what the resource handler calls for them, after authentication and authorization:
 *
 * - log: plain GET, streamed from the kubelet (pod-log.ts);
 * - exec, attach: WebSocket (v5.channel.k8s.io … channel.k8s.io, base64 variants) or SPDY/3.1
 *   (remotecommand v4 … v1), joined to the kubelet's v5 WebSocket;
 * - portforward: WebSocket tunnelling SPDY (`SPDY/3.1+portforward.k8s.io`), plain SPDY/3.1
 *   (`portforward.k8s.io`), or a WebSocket channel client (v4.channel.k8s.io) relayed as is.
 *
 * As kube's ExecLocation/PortForwardLocation, the pod, container and node are resolved before
 * anything is upgraded, so those errors are ordinary Status answers. Streaming requests that are
 * not upgrades answer 400 `Upgrade request required`, as kube's UpgradeAwareHandler.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, type WebSocket, WebSocketServer } from 'ws';
import { badRequest } from '../../api/status.ts';
import type { ApiRequest, ResponseSink } from '../http-types.ts';
import type { ResolvedTarget } from '../resource-handler.ts';
import type { StreamOptions } from './client-session.ts';
import { KubeletUpgradeError, kubeletUrl, kubeletWebSocket, type KubeletLocation } from './kubelet-client.ts';
import { getPod, noHostAssigned, podKubelet, resolveContainer } from './pod-location.ts';
import { servePodLog } from './pod-log.ts';
import { servePortForwardSession } from './port-forward-session.ts';
import { bridgeRemoteCommand, dialAndBridge, dialFailure, dialRemoteCommand } from './remote-command-bridge.ts';
import { SpdySession } from './spdy/index.ts';
import { spdyClientSession, SPDY_REMOTE_COMMAND_PROTOCOLS, StreamCreationTimeout } from './spdy-client-session.ts';
import type { StreamingDeps } from './streaming-deps.ts';
import { type UpgradeContext, upgradeOf } from './upgrade.ts';
import { WS_REMOTE_COMMAND_PROTOCOLS, wsClientSession } from './ws-client-session.ts';
import { relayWebSockets } from './ws-relay.ts';

export const STREAMING_SUBRESOURCES: ReadonlySet<string> = new Set(['log', 'exec', 'attach', 'portforward']);

/** True for the requests {@link handleStreamingRequest} serves: core/v1 pods log, exec, attach, portforward. */
export function isStreamingRequest(target: ResolvedTarget): boolean {
  return target.resource.group === '' && target.resource.resource === 'pods' && STREAMING_SUBRESOURCES.has(target.info.subresource);
}

const TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';
const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';

export async function handleStreamingRequest(req: ApiRequest, res: ResponseSink, target: ResolvedTarget, deps: StreamingDeps): Promise<void> {
  const { namespace, name, subresource } = target.info;
  if (subresource === 'log') return servePodLog(req, res, namespace, name, deps);
  const pod = await getPod(deps.registry, namespace, name);
  const container = subresource === 'portforward' ? undefined : resolveContainer(pod, name, req.query.get('container') || undefined);
  const kubelet = await podKubelet(deps.registry, pod);
  if (!kubelet) throw noHostAssigned(name);
  const upgrade = upgradeOf(req);
  const kind = upgradeKind(req);
  if (!upgrade || !kind) throw badRequest('Upgrade request required');
  const tls = deps.kubeletClient ?? {};
  const podPath = `${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;

  if (subresource === 'portforward') {
    if (kind === 'spdy') {
      const session = spdyUpgrade(upgrade, req, [PORT_FORWARD_PROTOCOL]);
      if (session) await servePortForwardSession(session.session, { kubelet, namespace, name, tls });
      return;
    }
    const offered = offeredProtocols(req);
    if (offered.includes(TUNNEL_PROTOCOL)) {
      const ws = await acceptWebSocket(upgrade, TUNNEL_PROTOCOL);
      const session = new SpdySession(createWebSocketStream(ws), { server: true });
      await servePortForwardSession(session, { kubelet, namespace, name, tls });
      return;
    }
    return relayPortForward(upgrade, req, kubelet, podPath, deps);
  }

  const options = streamOptions(req.query);
  const query = new URLSearchParams();
  if (options.stdin) query.append('input', '1');
  if (options.stdout) query.append('output', '1');
  if (options.stderr) query.append('error', '1');
  if (options.tty) query.append('tty', '1');
  for (const c of req.query.getAll('command')) query.append('command', c);
  const url = kubeletUrl(kubelet, `/${subresource}/${podPath}/${encodeURIComponent(container!)}`, query, 'wss');
  // as kubelet's NewOptions: a tty has no separate stderr
  const clientOptions: StreamOptions = { ...options, stderr: options.stderr && !options.tty };

  if (kind === 'spdy') {
    // As kube's UpgradeAwareHandler proxying SPDY to the kubelet: the kubelet is asked first, and
    // its refusal reaches the client as the answer to the upgrade (client-go: `unable to upgrade
    // connection: container not found ("x")`).
    let kubeletWs: WebSocket;
    try {
      kubeletWs = await dialRemoteCommand(url, tls);
    } catch (e) {
      refuseUpgrade(upgrade, e);
      return;
    }
    const upgraded = spdyUpgrade(upgrade, req, SPDY_REMOTE_COMMAND_PROTOCOLS);
    if (!upgraded) { kubeletWs.terminate(); return; }
    let client;
    try {
      client = await spdyClientSession(upgraded.session, upgraded.protocol, clientOptions);
    } catch (e) {
      kubeletWs.terminate();
      if (e instanceof StreamCreationTimeout) upgraded.session.destroy(e);
      return; // otherwise the client went away
    }
    await bridgeRemoteCommand(client, kubeletWs);
    return;
  }
  const offered = offeredProtocols(req);
  const protocol = offered.length === 0 ? '' : offered.find((p) => (WS_REMOTE_COMMAND_PROTOCOLS as readonly string[]).includes(p));
  if (protocol === undefined) {
    throw badRequest(`unable to upgrade: requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${WS_REMOTE_COMMAND_PROTOCOLS.join(' ')}]`);
  }
  const ws = await acceptWebSocket(upgrade, protocol);
  await dialAndBridge(wsClientSession(ws, clientOptions), url, tls);
}

/** Passes a kubelet's refusal through as the answer to the client's upgrade (text, as the kubelet wrote it). */
function refuseUpgrade(upgrade: UpgradeContext, e: unknown): void {
  upgrade.response.detached = true;
  const code = e instanceof KubeletUpgradeError ? e.code : 500;
  const body = `${e instanceof KubeletUpgradeError ? e.body : dialFailure(e)}\n`;
  upgrade.socket.end(`HTTP/1.1 ${code} ${STATUS_CODES[code] ?? 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function upgradeKind(req: ApiRequest): 'websocket' | 'spdy' | undefined {
  const connection = String(req.headers.connection ?? '').toLowerCase();
  if (!connection.split(',').some((t) => t.trim() === 'upgrade')) return undefined;
  const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
  if (upgrade === 'websocket') return 'websocket';
  if (upgrade.includes('spdy/3.1')) return 'spdy';
  return undefined;
}

function offeredProtocols(req: ApiRequest): string[] {
  return String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * PodExecOptions / PodAttachOptions from the query. As kube's parameter decoding, defaulting runs
 * after the query is converted and SetDefaults_PodExecOptions sets stdout and stderr to true
 * unconditionally, so only stdin and tty are really chosen by the client.
 */
function streamOptions(q: URLSearchParams): StreamOptions {
  const bool = (key: string) => {
    const v = q.get(key);
    if (v === null || v === '') return false;
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    throw badRequest(`strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
  };
  bool('stdout');
  bool('stderr');
  return { stdin: bool('stdin'), stdout: true, stderr: true, tty: bool('tty') };
}

function acceptWebSocket(upgrade: UpgradeContext, protocol: string): Promise<WebSocket> {
  upgrade.response.detached = true;
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false, handleProtocols: () => protocol || false });
  return new Promise((resolve) => wss.handleUpgrade(upgrade.req, upgrade.socket, upgrade.head, (ws) => {
    ws.on('error', () => {}); // a malformed frame from the client closes it; it must not throw
    resolve(ws);
  }));
}

/**
 * The SPDY/3.1 upgrade, as apimachinery's httpstream.Handshake and spdy.ResponseUpgrader: the
 * first X-Stream-Protocol-Version the client lists that the server speaks is chosen (none listed:
 * the original protocol, ""); none in common is 403 with X-Accepted-Stream-Protocol-Versions.
 * Writes the answer on the socket; undefined when it was a refusal.
 */
function spdyUpgrade(upgrade: UpgradeContext, req: ApiRequest, supported: readonly string[]): { session: SpdySession; protocol: string } | undefined {
  upgrade.response.detached = true;
  const socket = upgrade.socket;
  const offered = String(req.headers['x-stream-protocol-version'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const protocol = offered.length === 0 ? '' : offered.find((p) => supported.includes(p));
  if (protocol === undefined) {
    const body = `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server accepts [${supported.join(' ')}]\n`;
    socket.end(`HTTP/1.1 403 Forbidden\r\n${supported.map((p) => `X-Accepted-Stream-Protocol-Versions: ${p}\r\n`).join('')}Content-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    return undefined;
  }
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n${protocol ? `X-Stream-Protocol-Version: ${protocol}\r\n` : ''}\r\n`);
  (socket as Duplex & { setNoDelay?: (v: boolean) => void }).setNoDelay?.(true);
  const session = new SpdySession(socket, { server: true });
  if (upgrade.head.length > 0) session.receive(upgrade.head);
  return { session, protocol };
}

/** A WebSocket port-forward client of the channel protocol: relayed to the kubelet's own. */
async function relayPortForward(upgrade: UpgradeContext, req: ApiRequest, kubelet: KubeletLocation, podPath: string, deps: StreamingDeps): Promise<void> {
  // PodPortForwardOptions.ports becomes the kubelet's `port` parameter (streamParams)
  const ports = req.query.getAll('ports').flatMap((p) => p.split(',')).filter(Boolean);
  const offered = offeredProtocols(req);
  const protocol = offered.length === 0 ? '' : offered.find((p) => p === 'v4.channel.k8s.io' || p === 'v5.channel.k8s.io' || p === PORT_FORWARD_PROTOCOL);
  if (protocol === undefined) throw badRequest(`unable to upgrade: requested protocol(s) are not supported: [${offered.join(' ')}]`);
  let kubeletWs: WebSocket;
  try {
    kubeletWs = await kubeletWebSocket(kubeletUrl(kubelet, `/portForward/${podPath}`, new URLSearchParams(ports.length > 0 ? { port: ports.join(',') } : {}), 'wss'), 'v4.channel.k8s.io', deps.kubeletClient ?? {});
  } catch (e) {
    throw badRequest(e instanceof KubeletUpgradeError ? e.body : `error dialing backend: ${(e as Error).message}`);
  }
  const ws = await acceptWebSocket(upgrade, protocol);
  await relayWebSockets(ws, kubeletWs);
}
