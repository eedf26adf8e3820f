/**
 * The OpenAPI documents kubectl fetches before every apply, create, replace and explain
 * (kubectl-surface.md §4): `/openapi/v3` (an index of documents with content hashes), one v3
 * document per group-version, and the single `/openapi/v2` document.
 *
 * Documents hold the real operations of the served resources (openapi-routes.ts; the PATCH
 * operations list `fieldValidation`, which tells kubectl to leave validation to the server) and
 * the schemas those operations reach (openapi-definitions.ts), without descriptions. With them
 * kubectl computes strategic merge patches from v3 and `kubectl explain` works. A custom
 * resource's PATCH does not list strategic merge patch, so kubectl sends a merge patch.
 *
 * Cost: kubectl fetches the index and a document in every process. Documents are built on first
 * request, per group-version, and kept as serialized text in a process-wide cache keyed by a hash
 * of their inputs, so rebuilding this object after a CRD change keeps every unchanged document.
 * That input hash is also the `hash` of the index URLs (kube-openapi hashes the bytes; both only
 * promise that the URL changes when the content does, and kube-apiserver's CRD documents use
 * random etags).
 *
 * {@link OpenApi.respond} answers all three paths; it serves `/openapi/v2` as JSON only.
 * kubectl asks /openapi/v2 only with the gnostic protobuf Accept
 * (application/com.github.proto-openapi.spec.v2@v1.0+protobuf), which gets 406 NotAcceptable:
 * client-go then tries /swagger-2.0.0.pb-v1, gets 404, and kubectl falls back to its compiled-in
 * types. It asks only when a v3 schema is missing, which does not happen for served kinds.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ResourceInfo } from '../api/resource-info.ts';
import { SCHEMA_FILE } from '../api/schema.ts';
import { notAcceptable, notFound } from '../api/status.ts';
import { parseMediaTypes } from './negotiation.ts';
import type { CustomResourceSchema } from './openapi-custom.ts';
import { Definitions } from './openapi-definitions.ts';
import { pathsV2, pathsV3, routeDefinitions } from './openapi-paths.ts';
import { type Route, discoveryRoutes, groupVersionPrefix, resourceRoutes } from './openapi-routes.ts';
import { versionInfo } from './version.ts';

export type { CustomResourceSchema } from './openapi-custom.ts';

export interface OpenApiDocument {
  /** Serialized JSON. */
  readonly body: string;
  /** Upper-case hex; changes whenever the document's inputs change. */
  readonly hash: string;
}

export interface OpenApiV3 {
  /** The `/openapi/v3` index body: `{"paths":{"apis/apps/v1":{"serverRelativeURL":"/openapi/v3/apis/apps/v1?hash=…"}}}`. */
  readonly index: string;
  /** Documents by index key ("api/v1", "apis/apps/v1", "apis/apps", "api", "apis"), built on first `get`. */
  readonly documents: { get(path: string): OpenApiDocument | undefined; keys(): IterableIterator<string> };
}

export interface OpenApiOptions {
  /**
   * Schemas of kinds without a built-in schema (custom resources), one per served kind. A served
   * kind with neither is published as a free-form object.
   * @default []
   */
  readonly customSchemas?: readonly CustomResourceSchema[];
}

/** One answer of {@link OpenApi.respond}: a 200 with a body or a 301 to the current hash. */
export interface OpenApiReply {
  readonly status: 200 | 301;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const JSON_TYPE = 'application/json';
/** Bumped when the rendering changes, so old hashes never name new bytes. */
const RENDERING = 'ekslite-openapi-1';
const SECURITY_SCHEME = { BearerToken: { in: 'header', name: 'authorization', type: 'apiKey' } };

let schemaFingerprint: string | undefined;
function fingerprint(): string {
  schemaFingerprint ??= createHash('sha256').update(readFileSync(SCHEMA_FILE)).digest('hex');
  return schemaFingerprint;
}

/** Serialized documents by input hash, shared by every OpenApi of the process (LRU by insertion). */
const serialized = new Map<string, string>();
const CACHE_LIMIT_CHARS = 64 * 1024 * 1024;
let cachedChars = 0;
function remember(hash: string, body: string): void {
  serialized.set(hash, body);
  cachedChars += body.length;
  for (const [key, value] of serialized) {
    if (cachedChars <= CACHE_LIMIT_CHARS || key === hash) break;
    serialized.delete(key);
    cachedChars -= value.length;
  }
}

interface Entry { readonly routes: () => Route[]; readonly inputs: unknown }

/** The OpenAPI documents of one set of served resources. Cheap to construct: nothing is rendered up front. */
export class OpenApi implements OpenApiV3 {
  readonly #entries = new Map<string, Entry>();
  readonly #hashes = new Map<string, string>();
  readonly #definitions: Definitions;
  readonly #resources: readonly ResourceInfo[];
  readonly #custom: readonly CustomResourceSchema[];
  #index: string | undefined;

  constructor(resources: readonly ResourceInfo[], options: OpenApiOptions = {}) {
    this.#resources = resources;
    this.#custom = options.customSchemas ?? [];
    this.#definitions = new Definitions(this.#custom);
    const gvs: { group: string; version: string }[] = [];
    for (const r of resources) if (!gvs.some((g) => g.group === r.group && g.version === r.version)) gvs.push({ group: r.group, version: r.version });
    const discovery = (path: string) => () => discoveryRoutes(gvs).filter((route) => route.path === path);
    const groups = [...new Set(gvs.map((g) => g.group))];
    if (groups.includes('')) this.#entries.set('api', { routes: discovery('/api/'), inputs: 'api' });
    if (groups.some((g) => g !== '')) this.#entries.set('apis', { routes: discovery('/apis/'), inputs: 'apis' });
    for (const g of groups) if (g !== '') this.#entries.set(`apis/${g}`, { routes: discovery(`/apis/${g}/`), inputs: g });
    for (const { group, version } of gvs) {
      const mine = resources.filter((r) => r.group === group && r.version === version);
      const prefix = groupVersionPrefix(group, version);
      const custom = this.#custom.filter((c) => c.group === group && c.version === version);
      this.#entries.set(prefix.slice(1), {
        routes: () => [...discoveryRoutes([{ group, version }]).filter((route) => route.path === `${prefix}/`), ...mine.flatMap((r) => this.routesOf(r))],
        inputs: { resources: mine, custom },
      });
    }
  }

  private routesOf(r: ResourceInfo): Route[] {
    const custom = !this.#definitions.isBuiltin({ group: r.group, version: r.version, kind: r.kind });
    return resourceRoutes(r, { definitionFor: (gvk) => this.#definitions.nameFor(gvk), custom });
  }

  private hashOf(key: string): string {
    let hash = this.#hashes.get(key);
    if (hash === undefined) {
      const entry = this.#entries.get(key);
      if (!entry) throw new Error(`openapi: no document ${key}`);
      hash = createHash('sha512').update(JSON.stringify([RENDERING, fingerprint(), versionInfo().gitVersion, key, entry.inputs])).digest('hex').toUpperCase();
      this.#hashes.set(key, hash);
    }
    return hash;
  }

  get index(): string {
    this.#index ??= JSON.stringify({
      paths: Object.fromEntries([...this.#entries.keys()].map((key) => [key, { serverRelativeURL: `/openapi/v3/${key}?hash=${this.hashOf(key)}` }])),
    });
    return this.#index;
  }

  readonly documents = {
    get: (key: string): OpenApiDocument | undefined => {
      const entry = this.#entries.get(key);
      if (!entry) return undefined;
      const hash = this.hashOf(key);
      let body = serialized.get(hash);
      if (body === undefined) {
        body = JSON.stringify(this.documentV3(entry.routes()));
        remember(hash, body);
      }
      return { body, hash };
    },
    keys: () => this.#entries.keys(),
  };

  private documentV3(routes: Route[]) {
    const names = this.#definitions.closure(routeDefinitions(routes), 'v3');
    return {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: versionInfo().gitVersion },
      paths: pathsV3(routes),
      components: {
        schemas: Object.fromEntries(names.map((n) => [n, this.#definitions.get(n, 'v3')])),
        securitySchemes: SECURITY_SCHEME,
      },
    };
  }

  /** The Swagger 2.0 document of every served resource. */
  v2(): OpenApiDocument {
    const hash = createHash('sha512').update(JSON.stringify([RENDERING, fingerprint(), versionInfo().gitVersion, 'v2', this.#resources, this.#custom])).digest('hex').toUpperCase();
    let body = serialized.get(hash);
    if (body === undefined) {
      const routes = [...this.#entries.values()].flatMap((e) => e.routes());
      const names = this.#definitions.closure(routeDefinitions(routes), 'v2');
      body = JSON.stringify({
        swagger: '2.0',
        info: { title: 'Kubernetes', version: versionInfo().gitVersion },
        paths: pathsV2(routes),
        definitions: Object.fromEntries(names.map((n) => [n, this.#definitions.get(n, 'v2')])),
        securityDefinitions: SECURITY_SCHEME,
        security: [{ BearerToken: [] }],
      });
      remember(hash, body);
    }
    return { body, hash };
  }

  /**
   * Answers GET `/openapi/v2`, `/openapi/v3` and `/openapi/v3/<key>` as kube-openapi's handlers
   * do: JSON only (406 when the Accept header excludes it), `?hash=` of an older document
   * redirected (301) to the current one, immutable caching when the hash matches.
   * @throws StatusError 404 for an unknown path, 406 when JSON is not acceptable.
   */
  respond(path: string, request: { readonly accept?: string; readonly hash?: string | null }): OpenApiReply {
    const json = (body: string, extra: Record<string, string> = {}): OpenApiReply => ({ status: 200, headers: { 'content-type': JSON_TYPE, ...extra }, body });
    if (path === '/openapi/v3') return json(this.index);
    if (path !== '/openapi/v2' && !path.startsWith('/openapi/v3/')) throw notFound({ group: '', resource: '' }, path);
    if (!acceptsJson(request.accept)) throw notAcceptable(`only the following media types are accepted: ${JSON_TYPE}`);
    if (path === '/openapi/v2') {
      const doc = this.v2();
      return json(doc.body, { etag: `"${doc.hash}"` });
    }
    const key = path.slice('/openapi/v3/'.length);
    const doc = this.documents.get(key);
    if (!doc) throw notFound({ group: '', resource: '' }, path);
    if (request.hash && request.hash !== doc.hash) {
      return { status: 301, headers: { location: `/openapi/v3/${key}?hash=${doc.hash}` }, body: '' };
    }
    return json(doc.body, {
      etag: `"${doc.hash}"`,
      vary: 'Accept',
      ...(request.hash ? { 'cache-control': 'public, immutable' } : {}),
    });
  }
}

/** An absent Accept, application/json, application/* or * / * (kube-openapi's goautoneg matching). */
function acceptsJson(accept: string | undefined): boolean {
  const types = parseMediaTypes(accept);
  return types.length === 0 || types.some((m) => m.type === JSON_TYPE || m.type === 'application/*' || m.type === '*/*');
}

/** The v3 documents of the served resources (the shape the handler has always used). */
export function buildOpenApiV3(resources: readonly ResourceInfo[], options: OpenApiOptions = {}): OpenApi {
  return new OpenApi(resources, options);
}

/** The `/openapi/v2` JSON document of the served resources. */
export function buildOpenApiV2(resources: readonly ResourceInfo[], options: OpenApiOptions = {}): OpenApiDocument {
  return new OpenApi(resources, options).v2();
}
