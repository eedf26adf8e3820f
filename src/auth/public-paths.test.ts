import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANONYMOUS_USER, isPublicPath } from './public-paths.ts';

describe('isPublicPath', () => {
  const cases: ReadonlyArray<readonly [string, boolean]> = [
    ['/healthz', true], ['/livez', true], ['/readyz', true], ['/readyz?verbose', true],
    ['/version', true], ['/version/', true], ['/version?timeout=5s', true],
    ['/.well-known/openid-configuration', true], ['/openid/v1/jwks', true], ['/openid/v1/jwks/', true],
    ['/healthz/etcd', false], ['/healthz/', false], ['/api', false], ['/apis', false], ['/', false],
    ['/api/v1/namespaces/default/pods', false], ['/openapi/v2', false], ['/metrics', false],
  ];
  for (const [p, expected] of cases) {
    it(`${p} → ${expected ? 'public' : 'needs credentials'}`, () => assert.equal(isPublicPath(p), expected));
  }

  it('names the anonymous user as kube-apiserver does', () => {
    assert.deepEqual(ANONYMOUS_USER, { username: 'system:anonymous', groups: ['system:unauthenticated'] });
  });
});
