/**
 * The create-only "virtual" resources that compute an answer instead of storing an object, as
 * kube-apiserver's authentication and authorization review endpoints: SelfSubjectReview
 * (`kubectl auth whoami`), SelfSubjectAccessReview (`kubectl auth can-i`),
 * SelfSubjectRulesReview (`can-i --list`), SubjectAccessReview, LocalSubjectAccessReview and
 * TokenReview. The answer is the request object with `status` filled, with 201 Created.
 */
import type { KubeObject } from '../api/object.ts';
import { badRequest } from '../api/status.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import type { Attributes, Authorizer } from '../auth/authorizer.ts';
import type { UserInfo } from '../auth/user.ts';

export interface ReviewDeps {
  readonly authorizer: Authorizer;
  /** Authenticates a bearer token for TokenReview; absent = no token authenticator configured. */
  readonly tokenAuthenticator?: Authenticator;
}

interface ResourceAttributes { namespace?: string; verb?: string; group?: string; version?: string; resource?: string; subresource?: string; name?: string }
interface NonResourceAttributes { path?: string; verb?: string }
interface AccessSpec { resourceAttributes?: ResourceAttributes; nonResourceAttributes?: NonResourceAttributes; user?: string; groups?: string[]; uid?: string; extra?: Record<string, string[]> }

function userInfoJson(u: UserInfo) {
  const out: Record<string, unknown> = { username: u.username, groups: [...u.groups] };
  if (u.uid) out.uid = u.uid;
  if (u.extra && Object.keys(u.extra).length) out.extra = u.extra;
  return out;
}

async function access(deps: ReviewDeps, user: UserInfo, spec: AccessSpec, namespace?: string) {
  const ra = spec.resourceAttributes;
  const na = spec.nonResourceAttributes;
  if (!ra && !na) throw badRequest('exactly one of nonResourceAttributes or resourceAttributes must be specified');
  const attributes: Attributes = ra
    ? { user, verb: ra.verb ?? '', namespace: namespace ?? ra.namespace ?? '', apiGroup: ra.group ?? '', apiVersion: ra.version ?? '', resource: ra.resource ?? '', subresource: ra.subresource ?? '', name: ra.name ?? '', resourceRequest: true, path: '' }
    : { user, verb: na!.verb ?? '', namespace: '', apiGroup: '', apiVersion: '', resource: '', subresource: '', name: '', resourceRequest: false, path: na!.path ?? '' };
  const result = await deps.authorizer.authorize(attributes);
  const status: Record<string, unknown> = { allowed: result.decision === 'allow' };
  if (result.decision === 'deny') status.denied = true;
  if (result.reason) status.reason = result.reason;
  return status;
}

/** Answers a review `kind` posted by `user`; undefined when `kind` is not a review. */
export async function answerReview(deps: ReviewDeps, review: { kind: string; body: KubeObject; user: UserInfo; namespace: string }): Promise<KubeObject | undefined> {
  const { body, user } = review;
  const spec = (body.spec ?? {}) as AccessSpec & { token?: string; namespace?: string };
  const out = { ...body, metadata: { ...body.metadata, creationTimestamp: null } } as KubeObject;
  switch (review.kind) {
    case 'SelfSubjectReview':
      out.status = { userInfo: userInfoJson(user) };
      return out;
    case 'SelfSubjectAccessReview':
      out.status = await access(deps, user, spec);
      return out;
    case 'LocalSubjectAccessReview':
    case 'SubjectAccessReview': {
      if (!spec.user && !(spec.groups?.length)) throw badRequest(`${review.kind}.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified`);
      const subject: UserInfo = { username: spec.user ?? '', groups: spec.groups ?? [], uid: spec.uid, extra: spec.extra };
      out.status = await access(deps, subject, spec, review.kind === 'LocalSubjectAccessReview' ? review.namespace : undefined);
      return out;
    }
    case 'SelfSubjectRulesReview': {
      // Rules are what the authorizer grants. The allow-all authorizer grants everything; an
      // authorizer that can enumerate rules (RBAC) will answer precisely.
      const all = await deps.authorizer.authorize({ user, verb: '*', namespace: spec.namespace ?? '', apiGroup: '*', apiVersion: '*', resource: '*', subresource: '', name: '', resourceRequest: true, path: '' });
      out.status = all.decision === 'allow'
        ? { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false }
        : { resourceRules: [], nonResourceRules: [], incomplete: true, evaluationError: 'the authorizer cannot enumerate rules' };
      return out;
    }
    case 'TokenReview': {
      if (!spec.token) throw badRequest('TokenReview.authentication.k8s.io "" is invalid: spec.token: Required value');
      try {
        const u = await deps.tokenAuthenticator?.authenticate({ headers: { authorization: `Bearer ${spec.token}` } });
        out.status = u ? { authenticated: true, user: userInfoJson(u), audiences: [] } : { user: {}, error: 'no authenticator accepted the token' };
      } catch (e) {
        out.status = { user: {}, error: (e as Error).message };
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** The review resources by group/resource, for routing. */
export const REVIEW_RESOURCES = new Set([
  'authentication.k8s.io/selfsubjectreviews', 'authentication.k8s.io/tokenreviews',
  'authorization.k8s.io/selfsubjectaccessreviews', 'authorization.k8s.io/selfsubjectrulesreviews',
  'authorization.k8s.io/subjectaccessreviews', 'authorization.k8s.io/localsubjectaccessreviews',
]);
