/**
 * One cluster's control plane (ARCHITECTURE.md decision 4): its own storage, CA, registry and
 * HTTPS API server. Built from resolved options; started as Runnables by the Supervisor.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultAdmission } from '../admission/plugins.ts';
import { builtinResources } from '../api/builtin-resources.ts';
import type { KubeObject } from '../api/object.ts';
import { ApiHandler } from '../apiserver/handler.ts';
import { tableTransform } from '../apiserver/table.ts';
import { decodeKubernetesProtobuf, encodeKubernetesProtobuf } from '../api/protobuf/index.ts';
import { ServiceAllocator } from '../registry/service-allocator.ts';
import { ObjectCache } from '../registry/object-cache.ts';
import { startApiServer, type RunningApiServer } from '../apiserver/server.ts';
import { AlwaysAllowAuthorizer } from '../auth/always-allow-authorizer.ts';
import { loadOrCreateClusterPki, type ClusterPki } from '../auth/pki.ts';
import { UnionAuthenticator } from '../auth/union-authenticator.ts';
import { X509Authenticator } from '../auth/x509-authenticator.ts';
import { Registry } from '../registry/registry.ts';
import { CustomResourceCatalog } from '../registry/crd/custom-resource-catalog.ts';
import { crdControllerRunnable } from '../apiserver/crd/crd-controller.ts';
import { strategyFor } from '../registry/strategies/index.ts';
import type { Backend } from '../storage/backend.ts';
import { openBackend } from '../storage/open-backend.ts';
import { type Clock, systemClock } from '../util/clock.ts';
import { type IdSource, randomIds } from '../util/ids.ts';
import type { Runnable } from '../util/runnable.ts';
import { Supervisor } from './supervisor.ts';
import { Client } from '../client/client.ts';
import { InProcessTransport } from '../client/in-process-transport.ts';
import type { UserInfo } from '../auth/user.ts';

export interface ControlPlaneOptions {
  /** The cluster's name. @default "default" */
  readonly name?: string;
  /** Where state.db and pki/ live. */
  readonly dataDir: string;
  /** Storage URL (`sqlite:<file>`, `memory:`, `etcd://host:port`). @default sqlite in dataDir */
  readonly storage?: string;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** API port; 0 picks a free one. @default 6443 */
  readonly port?: number;
  /** ClusterIP range. @default "10.100.0.0/16", EKS's default service CIDR */
  readonly serviceCidr?: string;
  readonly clock?: Clock;
  readonly ids?: IdSource;
}

export interface ResolvedControlPlaneOptions {
  readonly name: string;
  readonly dataDir: string;
  readonly storage: string;
  readonly host: string;
  readonly port: number;
  readonly serviceCidr: string;
  readonly clock: Clock;
  readonly ids: IdSource;
}

export function resolveControlPlaneOptions(o: ControlPlaneOptions): ResolvedControlPlaneOptions {
  return {
    name: o.name ?? 'default',
    dataDir: o.dataDir,
    storage: o.storage ?? `sqlite:${join(o.dataDir, 'state.db')}`,
    host: o.host ?? '127.0.0.1',
    port: o.port ?? 6443,
    serviceCidr: o.serviceCidr ?? '10.100.0.0/16',
    clock: o.clock ?? systemClock,
    ids: o.ids ?? randomIds,
  };
}

/** The namespaces every cluster has, as kube-apiserver's system namespaces controller makes. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export interface ControlPlane {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly pki: ClusterPki;
  readonly registry: Registry;
  readonly backend: Backend;
  readonly handler: ApiHandler;
  /** A Client over the in-process transport acting as `user` (default: a system:masters admin). */
  client(user?: UserInfo): Client;
  stop(): Promise<void>;
}

/** The identity in-process components use until they get their own (kube-controller-manager's, the node's…). */
export const IN_PROCESS_ADMIN: UserInfo = { username: 'system:ekslite', groups: ['system:masters', 'system:authenticated'] };

export async function startControlPlane(input: ControlPlaneOptions): Promise<ControlPlane> {
  const options = resolveControlPlaneOptions(input);
  await mkdir(options.dataDir, { recursive: true });
  const supervisor = new Supervisor();
  let backend!: Backend;
  let pki!: ClusterPki;
  let registry!: Registry;
  let server!: RunningApiServer;
  let handler!: ApiHandler;
  let ready = false;
  let kubernetesServiceIp = '';
  // Custom resources served from CRDs: filled by the CRD controller, read by the registry, Tables, OpenAPI.
  const crds = new CustomResourceCatalog();

  const storage: Runnable = {
    name: 'storage',
    async start() {
      backend = await openBackend(options.storage);
      return { stop: () => backend.close() };
    },
  };
  const certificates: Runnable = {
    name: 'pki',
    async start() {
      pki = await loadOrCreateClusterPki(join(options.dataDir, 'pki'), { clusterName: options.name });
      return { stop: async () => {} };
    },
  };
  const apiserver: Runnable = {
    name: 'apiserver',
    async start() {
      const services = new ServiceAllocator({ serviceCidr: options.serviceCidr });
      kubernetesServiceIp = services.kubernetesServiceIp;
      const followed = new AbortController();
      await services.follow(backend, '/registry/services/', followed.signal);
      registry = new Registry({
        backend, clock: options.clock, ids: options.ids, resources: builtinResources(),
        // CRD-served kinds (and the CRD kind's deletion wrapper) come from the CRD catalog.
        strategyFor: (r) => crds.strategyFor(r) ?? strategyFor(r.group, r.kind, { now: () => new Date(options.clock.now()) }),
        beforeWrite: (r) => (r.group === '' && r.resource === 'services' ? (key, obj, old) => services.allocate(key, obj, old) : undefined),
      });
      const namespaces = registry.storeFor('', 'v1', 'namespaces')!;
      const priorityClasses = registry.storeFor('scheduling.k8s.io', 'v1', 'priorityclasses')!;
      // Priority classes and namespaces are read on every pod create: from watch-fed caches, as
      // kube's plugins read their informers. As kube's NamespaceLifecycle, a namespace missing
      // from the cache is looked up live (it may have been created a moment ago); one deleted or
      // terminating a moment ago may still admit a create, which the namespace controller's
      // content deletion then removes, as in kube.
      const priorityCache = new ObjectCache(priorityClasses, followed.signal);
      const namespaceCache = new ObjectCache(namespaces, followed.signal);
      const admission = defaultAdmission({
        getNamespace: async (n) => (await namespaceCache.get(n)) ?? namespaces.get(undefined, n).catch(() => undefined),
        getPriorityClass: (n) => priorityCache.get(n),
        listPriorityClasses: () => priorityCache.list(),
      });
      handler = new ApiHandler({
        registry, admission, authorizer: new AlwaysAllowAuthorizer(), clock: options.clock,
        serverAddress: `${options.host}:${options.port}`, ready: () => ready,
        protobufDecode: decodeKubernetesProtobuf,
        protobufEncode: (obj) => encodeKubernetesProtobuf(obj),
        table: tableTransform(options.clock, (r) => crds.printerFor(r)),
        customSchemas: () => crds.schemas(),
      });
      server = await startApiServer({
        handler,
        authenticator: new UnionAuthenticator([new X509Authenticator()]),
        tls: { certPem: pki.server.certPem, keyPem: pki.server.keyPem, caPem: pki.ca.certPem },
        host: options.host,
        port: options.port,
      });
      return { stop: async () => { followed.abort(); await server.close(); } };
    },
  };
  const bootstrap: Runnable = {
    name: 'bootstrap',
    async start() {
      await ensureNamespaces(registry);
      await ensureKubernetesService(registry, { ip: kubernetesServiceIp, port: server.port, host: options.host });
      ready = true;
      return { stop: async () => {} };
    },
  };
  const compaction: Runnable = {
    name: 'compaction',
    async start() {
      const stop = startCompaction(backend, options.clock);
      return { stop: async () => stop() };
    },
  };

  await supervisor.startGroup([storage, certificates]);
  await supervisor.startGroup([apiserver]);
  await supervisor.startGroup([crdControllerRunnable(() => ({ registry, catalog: crds, clock: options.clock }))]);
  await supervisor.startGroup([bootstrap, compaction]);
  return {
    name: options.name, url: server.url, port: server.port, pki, registry, backend, handler,
    client: (user = IN_PROCESS_ADMIN) => new Client(new InProcessTransport(handler, user), 'ekslite-in-process'),
    stop: () => supervisor.stop(),
  };
}

async function ensureNamespaces(registry: Registry): Promise<void> {
  const store = registry.storeFor('', 'v1', 'namespaces')!;
  for (const name of SYSTEM_NAMESPACES) {
    try {
      await store.get(undefined, name);
    } catch {
      const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
      await store.create(undefined, ns).catch((e: { code?: number }) => { if (e.code !== 409) throw e; });
    }
  }
}

/**
 * The `kubernetes` Service in `default` and its Endpoints, as kube-apiserver's bootstrap
 * controller keeps them: the first ClusterIP of the range, port 443 (https) to the API server.
 */
async function ensureKubernetesService(registry: Registry, api: { ip: string; port: number; host: string }): Promise<void> {
  const services = registry.storeFor('', 'v1', 'services')!;
  const endpoints = registry.storeFor('', 'v1', 'endpoints')!;
  const labels = { component: 'apiserver', provider: 'kubernetes' };
  const service: KubeObject = {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', namespace: 'default', labels },
    spec: { type: 'ClusterIP', clusterIP: api.ip, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: api.port }], sessionAffinity: 'None' },
  };
  const ep: KubeObject = {
    apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: api.host }], ports: [{ name: 'https', port: api.port, protocol: 'TCP' }] }],
  };
  await services.get('default', 'kubernetes').catch(() => services.create('default', service));
  // The API server's port changes between runs (--port 0): keep the Endpoints and targetPort current.
  await endpoints.update('default', 'kubernetes', ep);
  await services.guaranteedUpdate('default', 'kubernetes', (svc) => {
    const ports = (svc.spec as { ports: { targetPort?: number }[] }).ports;
    if (ports[0]) ports[0].targetPort = api.port;
    return svc;
  });
}

/** kube-apiserver compacts storage every 5 minutes to the revision seen 5 minutes earlier. */
export const COMPACTION_INTERVAL_MS = 5 * 60_000;

function startCompaction(backend: Backend, clock: Clock): () => void {
  let previous = 0;
  let cancel = () => {};
  const tick = () => {
    void (async () => {
      const current = await backend.currentRevision();
      if (previous > 0) await backend.compact(previous);
      previous = current;
    })().catch((e: Error) => console.error(`ekslite: compaction: ${e.message}`)).finally(() => {
      cancel = clock.setTimer(tick, COMPACTION_INTERVAL_MS);
    });
  };
  cancel = clock.setTimer(tick, COMPACTION_INTERVAL_MS);
  return () => cancel();
}
