/**
 * The identity a request carries after authentication, as k8s.io/apiserver `user.Info`:
 * authorizers (RBAC), admission, audit and `SelfSubjectReview` read only this.
 */
export interface UserInfo {
  /** Unique among active users, e.g. `kubernetes-admin`, `system:node:ip-10-0-1-5`. */
  readonly username: string;
  /** Unique over time when known (service accounts, IAM principals); x509 users have none. */
  readonly uid?: string;
  /** Always includes {@link SYSTEM_AUTHENTICATED} for authenticated users. */
  readonly groups: readonly string[];
  /** Authenticator-specific attributes, e.g. `authentication.kubernetes.io/credential-id`. */
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** Well-known names, spelled as k8s.io/apiserver/pkg/authentication/user. */
export const SYSTEM_AUTHENTICATED = 'system:authenticated';
export const SYSTEM_UNAUTHENTICATED = 'system:unauthenticated';
export const SYSTEM_MASTERS = 'system:masters';
export const SYSTEM_NODES = 'system:nodes';
export const ANONYMOUS_USERNAME = 'system:anonymous';

/** The key of {@link UserInfo.extra} naming the credential used (kube ≥1.30, KEP-4193). */
export const CREDENTIAL_ID_KEY = 'authentication.kubernetes.io/credential-id';

/** The user of a request without credentials, as kube-apiserver's anonymous authenticator. */
export const ANONYMOUS_USER: UserInfo = Object.freeze({
  username: ANONYMOUS_USERNAME,
  groups: Object.freeze([SYSTEM_UNAUTHENTICATED]),
});

/**
 * Adds `system:authenticated` unless the user already has it or `system:unauthenticated`, as
 * kube's `AuthenticatedGroupAdder` (pkg/authentication/group) does for every authenticator's
 * result. Idempotent, so an authenticator and the union may both apply it.
 */
export function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.groups.includes(SYSTEM_AUTHENTICATED) || user.groups.includes(SYSTEM_UNAUTHENTICATED)) return user;
  return { ...user, groups: [...user.groups, SYSTEM_AUTHENTICATED] };
}
