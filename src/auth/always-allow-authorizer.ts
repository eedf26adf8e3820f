import type { Attributes, AuthorizationResult, Authorizer } from './authorizer.ts';

/**
 * Allows every request, as kube's `--authorization-mode=AlwaysAllow`.
 *
 * PLACEHOLDER: ekslite uses it only until the RBAC authorizer exists. Authentication still
 * applies (a request without valid credentials never reaches authorization, apart from the
 * public paths), so today every authenticated user acts as a cluster admin.
 */
export class AlwaysAllowAuthorizer implements Authorizer {
  async authorize(_attributes: Attributes): Promise<AuthorizationResult> {
    return { decision: 'allow', reason: '' };
  }
}
