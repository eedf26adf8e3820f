/**
 * The API server's request chain: authentication result check → authorization → routing to
 * health/version, discovery, OpenAPI, or a resource verb (admission and the registry inside).
 * Transport-neutral: the HTTPS server and the in-process client both call {@link ApiHandler.handle}.
 */
import type { AdmissionChain } from '../admission/admission.ts';
import { notFound, StatusError, unauthorized } from '../api/status.ts';
import { StorageError } from '../storage/backend.ts';
import { type Authorizer, forbiddenError } from '../auth/authorizer.ts';
import { ANONYMOUS_USER, isPublicPath } from '../auth/public-paths.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import type { Registry } from '../registry/registry.ts';
import type { Clock } from '../util/clock.ts';
import type { ProtobufDecoder } from './body.ts';
import {
  AGGREGATED_V2, AGGREGATED_V2BETA1, aggregatedDiscovery, apiGroupDocument, apiGroupListDocument,
  apiResourceListDocument, apiVersionsDocument, groupResources,
} from './discovery.ts';
import type { ApiRequest, ResponseSink } from './http-types.ts';
import { negotiate } from './negotiation.ts';
import { buildOpenApiV3, type CustomResourceSchema, type OpenApi } from './openapi.ts';
import { parseRequestInfo, type RequestInfo } from './request-info.ts';
import { ResourceHandler, resolveTarget } from './resource-handler.ts';
import { type ProtobufEncoder, writeError, writeJsonBytes, writeObject } from './respond.ts';
import type { OutputTransform } from './transform.ts';
import { versionInfo } from './version.ts';
import { handleWatch } from './watch-handler.ts';

export interface ApiHandlerOptions {
  readonly registry: Registry;
  readonly admission: AdmissionChain;
  readonly authorizer: Authorizer;
  /** Bearer-token authentication for TokenReview. */
  readonly tokenAuthenticator?: Authenticator;
  readonly clock: Clock;
  /** host:port clients reach the server at, for the legacy APIVersions document. */
  readonly serverAddress: string;
  readonly protobufDecode?: ProtobufDecoder;
  readonly protobufEncode?: ProtobufEncoder;
  /** Builds Tables for server-side printing. */
  readonly table?: OutputTransform;
  /** Readiness: false until the server's startup hooks ran (namespaces exist). */
  readonly ready?: () => boolean;
  /** The served CRD versions' schemas for OpenAPI (src/registry/crd catalog); read on each rebuild. */
  readonly customSchemas?: () => readonly CustomResourceSchema[];
}

interface DiscoveryCache {
  core: Record<'v2' | 'v2beta1', string>;
  groups: Record<'v2' | 'v2beta1', string>;
  openapi: OpenApi;
}

const HEALTH_PATHS = new Set(['/healthz', '/livez', '/readyz']);

export class ApiHandler {
  private readonly resources: ResourceHandler;
  private cache?: DiscoveryCache;

  constructor(private readonly options: ApiHandlerOptions) {
    this.resources = new ResourceHandler({
      registry: options.registry, admission: options.admission, protobufDecode: options.protobufDecode,
      reviews: { authorizer: options.authorizer, tokenAuthenticator: options.tokenAuthenticator }, clock: options.clock,
      protobufEncode: options.protobufEncode, transform: options.table,
    });
    options.registry.onChange(() => { this.cache = undefined; });
  }

  /** Handles one request; never throws (every failure becomes a Status response). */
  async handle(req: ApiRequest, res: ResponseSink): Promise<void> {
    try {
      await this.dispatch(req, res);
    } catch (err) {
      if (!(err instanceof StatusError) && !(err instanceof StorageError)) console.error(`ekslite apiserver: ${req.method} ${req.path}:`, err);
      try { writeError(res, err); } catch { /* headers already sent: the stream is cut */ }
    }
  }

  private async dispatch(req: ApiRequest, res: ResponseSink): Promise<void> {
    if (!req.user) {
      if (!isPublicPath(req.path) || (req.method !== 'GET' && req.method !== 'HEAD')) throw unauthorized();
      req.user = ANONYMOUS_USER;
    }
    const info = parseRequestInfo(req.method, req.path, req.query);
    const decision = await this.options.authorizer.authorize({
      user: req.user, verb: info.verb, namespace: info.namespace, apiGroup: info.apiGroup, apiVersion: info.apiVersion,
      resource: info.resource, subresource: info.subresource, name: info.name, resourceRequest: info.isResourceRequest, path: req.path,
    });
    if (decision.decision !== 'allow') {
      throw forbiddenError({
        user: req.user, verb: info.verb, namespace: info.namespace, apiGroup: info.apiGroup, apiVersion: info.apiVersion,
        resource: info.resource, subresource: info.subresource, name: info.name, resourceRequest: info.isResourceRequest, path: req.path,
      }, decision.reason);
    }
    if (info.isResourceRequest) return this.resource(req, res, info);
    return this.nonResource(req, res, info);
  }

  private async resource(req: ApiRequest, res: ResponseSink, info: RequestInfo): Promise<void> {
    const target = resolveTarget(this.options.registry, info);
    if (info.verb === 'watch') return handleWatch(req, res, target, { clock: this.options.clock, transform: this.options.table });
    return this.resources.handle(req, res, target);
  }

  private discovery(): DiscoveryCache {
    if (this.cache) return this.cache;
    const all = groupResources(this.options.registry.resources());
    const core = all.filter((g) => g.group === '');
    const groups = all.filter((g) => g.group !== '');
    this.cache = {
      core: { v2: JSON.stringify(aggregatedDiscovery(core, 'v2')), v2beta1: JSON.stringify(aggregatedDiscovery(core, 'v2beta1')) },
      groups: { v2: JSON.stringify(aggregatedDiscovery(groups, 'v2')), v2beta1: JSON.stringify(aggregatedDiscovery(groups, 'v2beta1')) },
      openapi: buildOpenApiV3(this.options.registry.resources(), { customSchemas: this.options.customSchemas?.() }),
    };
    return this.cache;
  }

  private async nonResource(req: ApiRequest, res: ResponseSink, info: RequestInfo): Promise<void> {
    const path = req.path.length > 1 && req.path.endsWith('/') ? req.path.slice(0, -1) : req.path;
    if (req.method !== 'GET' && req.method !== 'HEAD') throw notFound({ group: '', resource: '' }, path);
    if (path === '/version') return writeObject(res, 200, versionInfo());
    const healthRoot = [...HEALTH_PATHS].find((h) => path === h || path.startsWith(`${h}/`));
    if (healthRoot) {
      const ok = path !== '/readyz' || (this.options.ready?.() ?? true);
      res.writeHead(ok ? 200 : 500, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
      res.end(ok ? 'ok' : '[-]startup hooks not finished\nreadyz check failed');
      return;
    }
    if (path === '/api' || path === '/apis') return this.discoveryRoot(req, res, path === '/api');
    if (path.startsWith('/openapi/')) return this.openapi(req, res, path);
    if (info.apiPrefix) return this.groupDocuments(res, info);
    throw notFound({ group: '', resource: '' }, path);
  }

  private discoveryRoot(req: ApiRequest, res: ResponseSink, core: boolean): void {
    const negotiated = negotiate(req.headers.accept, {
      transforms: [{ as: 'APIGroupDiscoveryList', group: 'apidiscovery.k8s.io', versions: ['v2', 'v2beta1'] }],
    });
    const cache = this.discovery();
    if (negotiated.as === 'APIGroupDiscoveryList') {
      const v = negotiated.version === 'v2beta1' ? 'v2beta1' : 'v2';
      const body = core ? cache.core[v] : cache.groups[v];
      // The exact content type matters: kubectl reads any other as a legacy document.
      return writeJsonBytes(res, 200, body, v === 'v2' ? AGGREGATED_V2 : AGGREGATED_V2BETA1);
    }
    const all = groupResources(this.options.registry.resources());
    return writeObject(res, 200, core ? apiVersionsDocument(this.options.serverAddress) : apiGroupListDocument(all));
  }

  private groupDocuments(res: ResponseSink, info: RequestInfo): void {
    const all = groupResources(this.options.registry.resources());
    const group = all.find((g) => g.group === info.apiGroup && (info.apiPrefix === 'api') === (g.group === ''));
    if (!group) throw notFound({ group: '', resource: '' }, info.path);
    if (!info.apiVersion) {
      if (info.apiPrefix === 'api') throw notFound({ group: '', resource: '' }, info.path);
      return writeObject(res, 200, apiGroupDocument(group));
    }
    const version = group.versions.find((v) => v.version === info.apiVersion);
    if (!version) throw notFound({ group: '', resource: '' }, info.path);
    return writeObject(res, 200, apiResourceListDocument(info.apiGroup, info.apiVersion, version.resources));
  }

  private openapi(req: ApiRequest, res: ResponseSink, path: string): void {
    const reply = this.discovery().openapi.respond(path, { accept: req.headers.accept, hash: req.query.get('hash') });
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(reply.body)) });
    res.end(reply.body);
  }

}
