import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AlwaysAllowAuthorizer } from './always-allow-authorizer.ts';
import { type Attributes, forbiddenError, forbiddenMessage } from './authorizer.ts';

const base: Attributes = {
  user: { username: 'jane', groups: ['system:authenticated'] },
  verb: 'list', namespace: 'default', apiGroup: '', apiVersion: 'v1', resource: 'pods', subresource: '', name: '',
  resourceRequest: true, path: '/api/v1/namespaces/default/pods',
};

describe('forbiddenMessage', () => {
  it('words a namespaced resource request as kube-apiserver', () => {
    assert.equal(forbiddenMessage(base), 'User "jane" cannot list resource "pods" in API group "" in the namespace "default"');
  });

  it('words a cluster-scoped request with a subresource', () => {
    assert.equal(
      forbiddenMessage({ ...base, verb: 'update', namespace: '', apiGroup: 'apps', resource: 'deployments', subresource: 'scale' }),
      'User "jane" cannot update resource "deployments/scale" in API group "apps" at the cluster scope');
  });

  it('words a non-resource request', () => {
    assert.equal(forbiddenMessage({ ...base, verb: 'get', resourceRequest: false, resource: '', path: '/metrics' }),
      'User "jane" cannot get path "/metrics"');
  });
});

describe('forbiddenError', () => {
  it('is the 403 Status kube returns, with the reason appended', () => {
    const err = forbiddenError({ ...base, verb: 'get', name: 'web-0' }, 'RBAC: no rule');
    assert.equal(err.code, 403);
    assert.equal(err.reason, 'Forbidden');
    assert.equal(err.status.message,
      'pods "web-0" is forbidden: User "jane" cannot get resource "pods" in API group "" in the namespace "default": RBAC: no rule');
    assert.deepEqual(err.status.details, { name: 'web-0', group: undefined, kind: 'pods' });
  });

  it('omits the name for collection requests', () => {
    assert.equal(forbiddenError(base).status.message,
      'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"');
  });
});

describe('AlwaysAllowAuthorizer', () => {
  it('allows everything', async () => {
    assert.deepEqual(await new AlwaysAllowAuthorizer().authorize(base), { decision: 'allow', reason: '' });
  });
});
