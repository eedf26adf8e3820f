import { type Authenticator, type AuthRequest } from './authenticator.ts';
import { type UserInfo, withAuthenticatedGroup } from './user.ts';

/**
 * Tries authenticators in order, as kube's `unionAuthRequestHandler` (FailOnError false) wrapped
 * in the `AuthenticatedGroupAdder`: the first user found wins and gets `system:authenticated`;
 * an authenticator that throws does not stop the others (a bad client certificate must not hide
 * a valid bearer token), but when none succeeds the first error is rethrown, so a request with
 * bad credentials gets 401 rather than being treated as anonymous.
 */
export class UnionAuthenticator implements Authenticator {
  readonly #authenticators: readonly Authenticator[];

  constructor(authenticators: readonly Authenticator[]) {
    this.#authenticators = [...authenticators];
  }

  async authenticate(request: AuthRequest): Promise<UserInfo | undefined> {
    let firstError: unknown;
    let failed = false;
    for (const authenticator of this.#authenticators) {
      try {
        const user = await authenticator.authenticate(request);
        if (user) return withAuthenticatedGroup(user);
      } catch (err) {
        if (!failed) { firstError = err; failed = true; }
      }
    }
    if (failed) throw firstError;
    return undefined;
  }
}
