import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStatusError, unauthorized } from '../api/status.ts';
import type { Authenticator, AuthRequest } from './authenticator.ts';
import { UnionAuthenticator } from './union-authenticator.ts';
import type { UserInfo } from './user.ts';

/** Authenticators written as data: each answers from a fixed table keyed by a header. */
const byHeader = (header: string, users: Record<string, UserInfo>): Authenticator => ({
  async authenticate(request: AuthRequest) {
    const value = request.headers[header];
    if (typeof value !== 'string') return undefined;
    const user = users[value];
    if (!user) throw unauthorized();
    return user;
  },
});

const alice: UserInfo = { username: 'alice', groups: ['dev'] };
const bob: UserInfo = { username: 'bob', groups: [] };
const union = new UnionAuthenticator([byHeader('x-a', { good: alice }), byHeader('x-b', { good: bob })]);

describe('UnionAuthenticator', () => {
  it('returns the first user found, with system:authenticated added', async () => {
    assert.deepEqual(await union.authenticate({ headers: { 'x-a': 'good', 'x-b': 'good' } }),
      { username: 'alice', groups: ['dev', 'system:authenticated'] });
  });

  it('tries the next authenticator when one does not apply', async () => {
    assert.deepEqual(await union.authenticate({ headers: { 'x-b': 'good' } }),
      { username: 'bob', groups: ['system:authenticated'] });
  });

  it('lets a later authenticator succeed after an earlier one rejected its credential', async () => {
    assert.equal((await union.authenticate({ headers: { 'x-a': 'bad', 'x-b': 'good' } }))?.username, 'bob');
  });

  it('rethrows the 401 when credentials were present but none succeeded', async () => {
    await assert.rejects(union.authenticate({ headers: { 'x-a': 'bad' } }), (err: unknown) => isStatusError(err) && err.code === 401);
  });

  it('returns undefined for a request without credentials', async () => {
    assert.equal(await union.authenticate({ headers: {} }), undefined);
  });

  it('does not add system:authenticated twice', async () => {
    const u = new UnionAuthenticator([byHeader('x-a', { good: { username: 'c', groups: ['system:authenticated'] } })]);
    assert.deepEqual((await u.authenticate({ headers: { 'x-a': 'good' } }))?.groups, ['system:authenticated']);
  });
});
