/**
 * The authorization extension point, as k8s.io/apiserver `authorizer.Authorizer`: the apiserver
 * builds one {@link Attributes} per request after authentication and asks the authorizer chain.
 */
import { forbidden, type StatusError } from '../api/status.ts';
import type { UserInfo } from './user.ts';

/** What a request does, as kube's `authorizer.AttributesRecord`. */
export interface Attributes {
  readonly user: UserInfo;
  /** Kubernetes verb for resource requests (`get`, `list`, `watch`, `create`, `update`, `patch`,
   * `delete`, `deletecollection`, or `impersonate`, `bind`, `escalate`, `use`…); lower-case HTTP
   * method for non-resource requests (`get`, `post`, …). */
  readonly verb: string;
  /** Empty for cluster-scoped resources and non-resource requests. */
  readonly namespace: string;
  /** `''` for the core group. */
  readonly apiGroup: string;
  readonly apiVersion: string;
  /** Plural resource name, e.g. `pods`. */
  readonly resource: string;
  /** e.g. `status`, `log`, `exec`; `''` when none. */
  readonly subresource: string;
  /** Empty for collection requests (list, watch, create, deletecollection). */
  readonly name: string;
  /** False for non-resource URLs such as `/healthz`, `/version`, `/apis`. */
  readonly resourceRequest: boolean;
  /** The request path, meaningful for non-resource requests. */
  readonly path: string;
}

/**
 * `noOpinion` lets the next authorizer in a chain decide; a chain where every authorizer has no
 * opinion denies, as kube's union authorizer. `reason` is shown to the user on denial and
 * recorded in audit as `authorization.k8s.io/reason`.
 */
export type Decision = 'allow' | 'deny' | 'noOpinion';

export interface AuthorizationResult {
  readonly decision: Decision;
  readonly reason: string;
}

export interface Authorizer {
  authorize(attributes: Attributes): Promise<AuthorizationResult>;
}

/**
 * The message kube-apiserver puts in a 403, word for word as responsewriters.forbiddenMessage:
 * `User "x" cannot list resource "pods" in API group "" in the namespace "default"`,
 * `... at the cluster scope`, or `User "x" cannot get path "/foo"` for non-resource requests.
 * A subresource is written `pods/log`.
 */
export function forbiddenMessage(attributes: Attributes): string {
  const user = JSON.stringify(attributes.user.username);
  if (!attributes.resourceRequest) {
    return `User ${user} cannot ${attributes.verb} path ${JSON.stringify(attributes.path)}`;
  }
  const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  const scope = attributes.namespace
    ? `in the namespace ${JSON.stringify(attributes.namespace)}`
    : 'at the cluster scope';
  return `User ${user} cannot ${attributes.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attributes.apiGroup)} ${scope}`;
}

/**
 * The 403 for a denied resource request, as kube's responsewriters.Forbidden: `pods "x" is
 * forbidden: User ... [: reason]`. Non-resource requests need the `forbidden: ...` form (an empty
 * GroupResource), which `api/status.ts` does not build yet, so they are left to the caller.
 */
export function forbiddenError(attributes: Attributes, reason = ''): StatusError {
  const message = forbiddenMessage(attributes);
  return forbidden(
    { group: attributes.apiGroup, resource: attributes.resource },
    attributes.name,
    reason ? `${message}: ${reason}` : message,
  );
}
