/**
 * The HTTP routes of the served resources, described the way kube-apiserver's installer
 * (k8s.io/apiserver pkg/endpoints/installer.go registerResourceHandlers) and the CRD OpenAPI
 * builder (apiextensions-apiserver pkg/controller/openapi/builder) describe theirs: one Route per
 * path and method, with the operation id, tags, parameters, media types and responses that
 * /openapi/v2 and /openapi/v3 publish. The OpenAPI documents are renderings of these routes.
 *
 * Contract: for a built-in resource, the routes rendered as OpenAPI v2 equal the reference
 * document's paths (openapi-v2-1.32.json) with descriptions dropped and the CBOR media types left
 * out (ekslite speaks JSON, YAML and protobuf only); openapi-routes.test.ts checks this for every
 * built-in resource.
 */
import type { GroupVersionKind } from '../api/object.ts';
import type { ResourceInfo, SubresourceInfo } from '../api/resource-info.ts';

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch';
export type ParameterType = 'string' | 'integer' | 'boolean';

export interface RouteParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'body';
  /** Query and path parameters. */
  readonly type?: ParameterType;
  readonly required?: boolean;
  /** Body parameters: the definition name of the body. */
  readonly definition?: string;
}

/** A response body: a definition, or a plain string (logs, connect streams). */
export type ResponseSchema = { readonly definition: string } | { readonly type: 'string' };

export interface RouteResponse {
  readonly code: number;
  readonly schema?: ResponseSchema;
}

export interface Route {
  readonly path: string;
  readonly method: HttpMethod;
  readonly operationId: string;
  readonly tags: readonly string[];
  /** x-kubernetes-action; absent on discovery routes. */
  readonly action?: string;
  /** x-kubernetes-group-version-kind of the operation. */
  readonly gvk?: GroupVersionKind;
  readonly parameters: readonly RouteParameter[];
  readonly consumes: readonly string[];
  readonly produces: readonly string[];
  readonly responses: readonly RouteResponse[];
}

export interface ResourceRouteOptions {
  /** The definition name (OpenAPI v2 `definitions` key) of a kind. */
  readonly definitionFor: (gvk: GroupVersionKind) => string;
  /**
   * A custom resource: routes as the CRD OpenAPI builder writes them (JSON and YAML only, no
   * strategic merge patch, no deprecated /watch/ paths, option parameters of the meta/v1 options).
   * @default false
   */
  readonly custom?: boolean;
}

const JSON_TYPE = 'application/json';
const YAML_TYPE = 'application/yaml';
const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';
/** What ekslite encodes; kube-apiserver v1.32 also lists application/cbor, which ekslite does not speak. */
export const MEDIA_TYPES: readonly string[] = [JSON_TYPE, YAML_TYPE, PROTOBUF_TYPE];
const STREAM_MEDIA_TYPES: readonly string[] = ['application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch'];
/** PATCH bodies of built-in kinds (kube-apiserver also accepts application/apply-patch+cbor). */
const BUILTIN_PATCH_TYPES: readonly string[] = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];
/** Custom resources have no Go struct tags, hence no strategic merge patch (CRD OpenAPI builder). */
const CUSTOM_PATCH_TYPES: readonly string[] = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];
const CUSTOM_MEDIA_TYPES: readonly string[] = [JSON_TYPE, YAML_TYPE];

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
export const STATUS_DEFINITION = `${META}Status`;
export const DELETE_OPTIONS_DEFINITION = `${META}DeleteOptions`;
export const PATCH_DEFINITION = `${META}Patch`;
export const WATCH_EVENT_DEFINITION = `${META}WatchEvent`;

const q = (name: string, type: ParameterType = 'string'): RouteParameter => ({ name, in: 'query', type });
const pathParam = (name: string): RouteParameter => ({ name, in: 'path', type: 'string', required: true });
const body = (definition: string, required: boolean): RouteParameter => (required ? { name: 'body', in: 'body', required, definition } : { name: 'body', in: 'body', definition });

// The query parameters of the meta/v1 option structs, as AddObjectParams derives them.
const PRETTY = q('pretty');
const LIST_OPTIONS = [q('allowWatchBookmarks', 'boolean'), q('continue'), q('fieldSelector'), q('labelSelector'), q('limit', 'integer'),
  q('resourceVersion'), q('resourceVersionMatch'), q('sendInitialEvents', 'boolean'), q('timeoutSeconds', 'integer'), q('watch', 'boolean')];
const WRITE_OPTIONS = [q('dryRun'), q('fieldManager'), q('fieldValidation')];
const PATCH_OPTIONS = [...WRITE_OPTIONS, q('force', 'boolean')];
const DELETE_OPTIONS = [q('dryRun'), q('gracePeriodSeconds', 'integer'), q('ignoreStoreReadErrorWithClusterBreakingPotential', 'boolean'),
  q('orphanDependents', 'boolean'), q('propagationPolicy')];
/** kube-apiserver's DELETECOLLECTION takes the list options but not watch or allowWatchBookmarks. */
const DELETECOLLECTION_OPTIONS = [...DELETE_OPTIONS,
  ...LIST_OPTIONS.filter((p) => p.name !== 'watch' && p.name !== 'allowWatchBookmarks')];

/**
 * Subresources whose options travel as query parameters (k8s.io/api core/v1 *Options structs,
 * through AddObjectParams), and the HTTP methods their connecters accept.
 */
interface OptionsSubresource {
  readonly methods: readonly HttpMethod[];
  readonly params: readonly RouteParameter[];
  /** The proxy connecters also take a trailing path: /proxy/{path}. */
  readonly withPath?: boolean;
}
const PROXY_METHODS: readonly HttpMethod[] = ['delete', 'get', 'head', 'options', 'patch', 'post', 'put'];
const PROXY: OptionsSubresource = { methods: PROXY_METHODS, params: [q('path')], withPath: true };
const CONNECT: Readonly<Record<string, OptionsSubresource>> = {
  'pods/exec': { methods: ['get', 'post'], params: [q('command'), q('container'), q('stderr', 'boolean'), q('stdin', 'boolean'), q('stdout', 'boolean'), q('tty', 'boolean')] },
  'pods/attach': { methods: ['get', 'post'], params: [q('container'), q('stderr', 'boolean'), q('stdin', 'boolean'), q('stdout', 'boolean'), q('tty', 'boolean')] },
  'pods/portforward': { methods: ['get', 'post'], params: [q('ports', 'integer')] },
  'pods/proxy': PROXY,
  'nodes/proxy': PROXY,
  'services/proxy': PROXY,
};
/** pods/log is a getter with options (PodLogOptions) answering text. */
const LOG_PARAMS = [q('container'), q('follow', 'boolean'), q('insecureSkipTLSVerifyBackend', 'boolean'), q('limitBytes', 'integer'),
  q('previous', 'boolean'), q('sinceSeconds', 'integer'), q('stream'), q('tailLines', 'integer'), q('timestamps', 'boolean')];

/** Registry stores created with ReturnDeletedObject: DELETE answers the object, not a Status. */
const RETURNS_DELETED_OBJECT: ReadonlySet<string> = new Set([
  'persistentvolumeclaims', 'pods', 'podtemplates', 'resourcequotas', 'serviceaccounts', 'services', 'persistentvolumes',
  'deviceclasses.resource.k8s.io', 'resourceclaims.resource.k8s.io', 'resourceclaimtemplates.resource.k8s.io', 'resourceslices.resource.k8s.io',
  'csidrivers.storage.k8s.io', 'csinodes.storage.k8s.io', 'storageclasses.storage.k8s.io', 'volumeattachments.storage.k8s.io',
  'volumeattributesclasses.storage.k8s.io',
]);

/**
 * k8s.io/apiserver pkg/endpoints/openapi ToValidOperationID: letters, '_' and (not first) digits
 * are kept; any other character is dropped and upper-cases the next kept one.
 */
export function toValidOperationId(s: string, capitalizeFirst: boolean): string {
  let out = '';
  let capitalize = capitalizeFirst;
  let first = true;
  for (const ch of s) {
    if (/\p{L}/u.test(ch) || ch === '_' || (!first && /\p{Nd}/u.test(ch))) {
      out += capitalize ? ch.toUpperCase() : ch;
      capitalize = false;
    } else {
      capitalize = true;
    }
    first = false;
  }
  return out;
}

const title = (s: string) => (s === '' ? '' : s[0].toUpperCase() + s.slice(1));

/** GetOperationIDAndTags: the group (".k8s.io" trimmed, "core" for /api) and version join the verb. */
function naming(group: string, version?: string) {
  const g = group === '' ? 'core' : group.endsWith('.k8s.io') ? group.slice(0, -'.k8s.io'.length) : group;
  const idPart = toValidOperationId(g, true) + (version === undefined ? '' : toValidOperationId(version, true));
  const tag = toValidOperationId(g, false) + (version === undefined ? '' : `_${toValidOperationId(version, false)}`);
  return { id: (verb: string, rest: string) => verb + idPart + toValidOperationId(rest, true), tag };
}

export function groupVersionPrefix(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

const ok = (code: number, definition: string): RouteResponse => ({ code, schema: { definition } });
const UNAUTHORIZED: RouteResponse = { code: 401 };

/** Every route of one resource (its collection, items, watches and subresources). */
export function resourceRoutes(r: ResourceInfo, options: ResourceRouteOptions): Route[] {
  const custom = options.custom ?? false;
  const { id, tag } = naming(r.group, r.version);
  const tags = [tag];
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const def = options.definitionFor(gvk);
  // Only resources that list have a list kind (bindings, reviews do not).
  const listDef = () => options.definitionFor({ ...gvk, kind: r.listKind });
  const root = groupVersionPrefix(r.group, r.version);
  const nsPath = r.namespaced ? '/namespaces/{namespace}' : '';
  const collection = `${root}${nsPath}/${r.resource}`;
  const item = `${collection}/{name}`;
  const ns = r.namespaced ? 'Namespaced' : '';
  const nsParams = r.namespaced ? [pathParam('namespace')] : [];
  const itemParams = [pathParam('name'), ...nsParams];
  const produces = custom ? CUSTOM_MEDIA_TYPES : MEDIA_TYPES;
  const consumes = custom ? CUSTOM_MEDIA_TYPES : ['*/*'];
  const listProduces = custom ? CUSTOM_MEDIA_TYPES : [...MEDIA_TYPES, ...STREAM_MEDIA_TYPES];
  const routes: Route[] = [];
  const add = (route: Omit<Route, 'tags' | 'consumes' | 'produces'> & Partial<Pick<Route, 'consumes' | 'produces'>>) => {
    routes.push({ tags, consumes, produces, ...route, responses: [...route.responses, UNAUTHORIZED] });
  };
  const verbs = new Set<string>(r.verbs);

  if (verbs.has('list')) {
    const listParams = [PRETTY, ...LIST_OPTIONS];
    add({ path: collection, method: 'get', operationId: id('list', `${ns}${r.kind}`), action: 'list', gvk, parameters: [...nsParams, ...listParams], produces: listProduces, responses: [ok(200, listDef())] });
    if (r.namespaced) {
      add({ path: `${root}/${r.resource}`, method: 'get', operationId: id('list', `${r.kind}ForAllNamespaces`), action: 'list', gvk, parameters: listParams, produces: listProduces, responses: [ok(200, listDef())] });
    }
  }
  if (verbs.has('create')) {
    add({ path: collection, method: 'post', operationId: id('create', `${ns}${r.kind}`), action: 'post', gvk,
      parameters: [...nsParams, PRETTY, body(def, true), ...WRITE_OPTIONS], responses: [ok(200, def), ok(201, def), ok(202, def)] });
  }
  if (verbs.has('deletecollection')) {
    // The CRD builder gives DELETECOLLECTION the list options and no body.
    const params = custom ? [PRETTY, ...LIST_OPTIONS] : [PRETTY, body(DELETE_OPTIONS_DEFINITION, false), ...DELETECOLLECTION_OPTIONS];
    add({ path: collection, method: 'delete', operationId: id('delete', `collection${ns}${r.kind}`), action: 'deletecollection', gvk,
      parameters: [...nsParams, ...params], responses: [ok(200, STATUS_DEFINITION)] });
  }
  if (verbs.has('get')) {
    add({ path: item, method: 'get', operationId: id('read', `${ns}${r.kind}`), action: 'get', gvk,
      parameters: [...itemParams, PRETTY, ...(custom ? [q('resourceVersion')] : [])], responses: [ok(200, def)] });
  }
  if (verbs.has('update')) {
    add({ path: item, method: 'put', operationId: id('replace', `${ns}${r.kind}`), action: 'put', gvk,
      parameters: [...itemParams, PRETTY, body(def, true), ...WRITE_OPTIONS], responses: [ok(200, def), ok(201, def)] });
  }
  if (verbs.has('patch')) {
    add({ path: item, method: 'patch', operationId: id('patch', `${ns}${r.kind}`), action: 'patch', gvk,
      parameters: [...itemParams, PRETTY, body(PATCH_DEFINITION, true), ...PATCH_OPTIONS],
      consumes: custom ? CUSTOM_PATCH_TYPES : BUILTIN_PATCH_TYPES, responses: custom ? [ok(200, def)] : [ok(200, def), ok(201, def)] });
  }
  if (verbs.has('delete')) {
    const qualified = r.group === '' ? r.resource : `${r.resource}.${r.group}`;
    const answer = !custom && RETURNS_DELETED_OBJECT.has(qualified) ? def : STATUS_DEFINITION;
    add({ path: item, method: 'delete', operationId: id('delete', `${ns}${r.kind}`), action: 'delete', gvk,
      parameters: [...itemParams, PRETTY, body(DELETE_OPTIONS_DEFINITION, false), ...DELETE_OPTIONS], responses: [ok(200, answer), ok(202, answer)] });
  }
  if (verbs.has('watch') && !custom) {
    const watchParams = [PRETTY, ...LIST_OPTIONS];
    const watch = (path: string, operationId: string, action: string, params: readonly RouteParameter[]) =>
      add({ path, method: 'get', operationId, action, gvk, parameters: [...params, ...watchParams], produces: listProduces, responses: [ok(200, WATCH_EVENT_DEFINITION)] });
    watch(`${root}/watch${nsPath}/${r.resource}`, id('watch', `${ns}${r.kind}List`), 'watchlist', nsParams);
    if (r.namespaced) watch(`${root}/watch/${r.resource}`, id('watch', `${r.kind}ListForAllNamespaces`), 'watchlist', []);
    watch(`${root}/watch${nsPath}/${r.resource}/{name}`, id('watch', `${ns}${r.kind}`), 'watch', itemParams);
  }
  for (const sub of r.subresources) routes.push(...subresourceRoutes(r, sub, { ...options, custom }, { id, tags, item, itemParams, ns, produces, consumes }));
  return routes;
}

interface SubresourceContext {
  readonly id: (verb: string, rest: string) => string;
  readonly tags: readonly string[];
  readonly item: string;
  readonly itemParams: readonly RouteParameter[];
  readonly ns: string;
  readonly produces: readonly string[];
  readonly consumes: readonly string[];
}

function subresourceRoutes(r: ResourceInfo, sub: SubresourceInfo, options: ResourceRouteOptions, c: SubresourceContext): Route[] {
  const routes: Route[] = [];
  const path = `${c.item}/${sub.name}`;
  const rest = `${c.ns}${r.kind}${title(sub.name)}`;
  const base = { tags: c.tags, gvk: sub.kind };
  const key = `${r.group === '' ? '' : `${r.group}/`}${r.resource}/${sub.name}`;
  const connect = CONNECT[key];
  if (connect) {
    const paths = connect.withPath ? [[path, ''], [`${path}/{path}`, 'WithPath']] : [[path, '']];
    for (const [p, suffix] of paths) {
      const params = [...c.itemParams, ...(suffix ? [pathParam('path')] : []), ...connect.params];
      for (const method of connect.methods) {
        routes.push({ ...base, path: p, method, operationId: c.id('connect', `${title(method)}${rest}${suffix}`), action: 'connect',
          parameters: params, consumes: ['*/*'], produces: ['*/*'], responses: [{ code: 200, schema: { type: 'string' } }, UNAUTHORIZED] });
      }
    }
    return routes;
  }
  if (key === 'pods/log') {
    routes.push({ ...base, path, method: 'get', operationId: c.id('read', rest), action: 'get', parameters: [...c.itemParams, PRETTY, ...LOG_PARAMS],
      consumes: ['*/*'], produces: ['text/plain', ...MEDIA_TYPES], responses: [{ code: 200, schema: { type: 'string' } }, UNAUTHORIZED] });
    return routes;
  }
  const def = options.definitionFor(sub.kind);
  const extra = options.custom ? [q('resourceVersion')] : [];
  const verbs = new Set(sub.verbs);
  const route = (method: HttpMethod, verb: string, action: string, params: readonly RouteParameter[], responses: readonly RouteResponse[], consumes = c.consumes) =>
    routes.push({ ...base, path, method, operationId: c.id(verb, rest), action, parameters: [...c.itemParams, PRETTY, ...params], consumes, produces: c.produces, responses: [...responses, UNAUTHORIZED] });
  if (verbs.has('get')) route('get', 'read', 'get', extra, [ok(200, def)]);
  if (verbs.has('create')) route('post', 'create', 'post', [body(def, true), ...WRITE_OPTIONS], [ok(200, def), ok(201, def), ok(202, def)]);
  if (verbs.has('update')) route('put', 'replace', 'put', [body(def, true), ...WRITE_OPTIONS], [ok(200, def), ok(201, def)]);
  if (verbs.has('patch')) {
    route('patch', 'patch', 'patch', [body(PATCH_DEFINITION, true), ...PATCH_OPTIONS], options.custom ? [ok(200, def)] : [ok(200, def), ok(201, def)],
      options.custom ? CUSTOM_PATCH_TYPES : BUILTIN_PATCH_TYPES);
  }
  return routes;
}

/**
 * The discovery routes kube-apiserver documents: /api/ and /apis/ (only with groups to list),
 * /apis/<group>/ per group, and /<prefix>/<version>/ per group-version.
 */
export function discoveryRoutes(groupVersions: readonly { group: string; version: string }[]): Route[] {
  const routes: Route[] = [];
  const route = (path: string, operationId: string, tag: string, definition: string, media: readonly string[]): Route => ({
    path, method: 'get', operationId, tags: [tag], parameters: [], consumes: media, produces: media, responses: [ok(200, META + definition), UNAUTHORIZED],
  });
  const groups = [...new Set(groupVersions.map((gv) => gv.group))];
  if (groups.includes('')) routes.push(route('/api/', 'getCoreAPIVersions', 'core', 'APIVersions', MEDIA_TYPES));
  if (groups.some((g) => g !== '')) routes.push(route('/apis/', 'getAPIVersions', 'apis', 'APIGroupList', MEDIA_TYPES));
  for (const g of groups) {
    if (g === '') continue;
    const { id, tag } = naming(g);
    routes.push(route(`/apis/${g}/`, id('get', 'APIGroup'), tag, 'APIGroup', MEDIA_TYPES));
  }
  for (const { group, version } of groupVersions) {
    const { id, tag } = naming(group, version);
    routes.push(route(`${groupVersionPrefix(group, version)}/`, id('get', 'APIResources'), tag, 'APIResourceList', MEDIA_TYPES));
  }
  return routes;
}
