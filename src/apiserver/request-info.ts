/**
 * Parses a request path into what it addresses, after kube-apiserver's RequestInfoFactory
 * (staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go):
 *   /api/v1/namespaces/{ns}/{resource}/{name}/{subresource}
 *   /apis/{group}/{version}/{resource}/{name}
 *   /api/v1/watch/namespaces/{ns}/{resource}    (legacy watch prefix)
 * A namespace object itself is /api/v1/namespaces/{name}[/status|/finalize].
 */
export type RequestVerb =
  | 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection' | 'connect';

export interface RequestInfo {
  readonly isResourceRequest: boolean;
  readonly path: string;
  readonly verb: RequestVerb | string;
  /** "api" or "apis" for resource requests. */
  readonly apiPrefix?: string;
  readonly apiGroup: string;
  readonly apiVersion: string;
  readonly namespace: string;
  readonly resource: string;
  readonly subresource: string;
  readonly name: string;
}

const SPECIAL_VERBS = new Set(['proxy', 'watch']);

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const nonResource: RequestInfo = {
    isResourceRequest: false, path, verb: method.toLowerCase(), apiGroup: '', apiVersion: '', namespace: '', resource: '', subresource: '', name: '',
  };
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length < 2) return nonResource;
  const prefix = parts[0];
  if (prefix !== 'api' && prefix !== 'apis') return nonResource;
  let rest = parts.slice(1);
  let group = '';
  if (prefix === 'apis') {
    if (rest.length < 2) return { ...nonResource, apiPrefix: prefix, apiGroup: rest[0] ?? '' };
    group = rest[0];
    rest = rest.slice(1);
  }
  const version = rest[0];
  rest = rest.slice(1);
  if (rest.length === 0) return { ...nonResource, apiPrefix: prefix, apiGroup: group, apiVersion: version };

  let verb: string;
  switch (method) {
    case 'POST': verb = 'create'; break;
    case 'GET': case 'HEAD': verb = 'get'; break;
    case 'PUT': verb = 'update'; break;
    case 'PATCH': verb = 'patch'; break;
    case 'DELETE': verb = 'delete'; break;
    default: verb = method.toLowerCase();
  }
  let legacyWatch = false;
  if (SPECIAL_VERBS.has(rest[0]) && rest[0] === 'watch') {
    legacyWatch = true;
    rest = rest.slice(1);
  }

  let namespace = '';
  if (rest[0] === 'namespaces') {
    if (rest.length > 1) {
      namespace = decodeURIComponent(rest[1]);
      // /namespaces/{name} and /namespaces/{name}/{status|finalize} address the Namespace itself.
      if (rest.length > 2 && rest[2] !== 'status' && rest[2] !== 'finalize') rest = rest.slice(2);
    }
  }
  const resource = rest[0] ?? '';
  const name = rest[1] !== undefined ? decodeURIComponent(rest[1]) : '';
  const subresource = rest[2] ?? '';
  if (resource === 'namespaces' && rest.length >= 2) {
    // the namespace object: its name is in `namespace` already; a namespace request has no namespace scope
    namespace = '';
  }

  if (legacyWatch || (verb === 'get' && (query.get('watch') === 'true' || query.get('watch') === '1'))) {
    verb = 'watch';
  } else if (verb === 'get' && name === '') {
    verb = 'list';
  } else if (verb === 'delete' && name === '') {
    verb = 'deletecollection';
  }
  if (rest.length > 3) return { ...nonResource, isResourceRequest: false };
  return {
    isResourceRequest: true, path, verb, apiPrefix: prefix, apiGroup: group, apiVersion: version,
    namespace, resource, subresource, name,
  };
}
