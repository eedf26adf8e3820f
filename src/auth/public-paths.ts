/**
 * What an unauthenticated request may reach. kube-apiserver authenticates such requests as
 * `system:anonymous` (when `--anonymous-auth` is on) and RBAC then lets them `get` only the
 * non-resource URLs of the bootstrap ClusterRoles `system:public-info-viewer` and
 * `system:service-account-issuer-discovery`. ekslite has no RBAC yet, so the decision is this
 * data: a request without credentials gets 401 unless it is a GET of a path listed here, in which
 * case it proceeds as {@link ANONYMOUS_USER}.
 */
export { ANONYMOUS_USER } from './user.ts';

/** The URLs of those two ClusterRoles, spelled exactly as kube's bootstrap policy spells them. */
export const PUBLIC_PATHS: readonly string[] = Object.freeze([
  '/healthz',
  '/livez',
  '/readyz',
  '/version',
  '/version/',
  '/.well-known/openid-configuration',
  '/.well-known/openid-configuration/',
  '/openid/v1/jwks',
  '/openid/v1/jwks/',
]);

/**
 * True when `path` (a request path; a query string is ignored) is one of {@link PUBLIC_PATHS}.
 * Matching is exact, as RBAC's non-resource URL rules: `/healthz/etcd` and `/healthz/` are not public.
 */
export function isPublicPath(path: string): boolean {
  const q = path.indexOf('?');
  return PUBLIC_PATHS.includes(q === -1 ? path : path.slice(0, q));
}
