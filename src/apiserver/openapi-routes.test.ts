import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { builtinResources } from '../api/builtin-resources.ts';
import type { GroupVersionKind } from '../api/object.ts';
import { builtInSchemas } from '../api/schema.ts';
import { pathsV2 } from './openapi-paths.ts';
import { discoveryRoutes, resourceRoutes, toValidOperationId } from './openapi-routes.ts';

const REFERENCE = new URL('../../../shared/reference/kubernetes/openapi-v2-1.32.json', import.meta.url);
const CBOR = new Set(['application/cbor', 'application/cbor-seq', 'application/apply-patch+cbor']);

type Json = Record<string, unknown>;

/** The reference's path items as ekslite renders them: parameters inlined, no prose, no CBOR. */
function normalizeReference(doc: Json, path: string): unknown {
  const params = doc.parameters as Record<string, Json>;
  const resolve = (p: Json): Json => {
    const target = typeof p.$ref === 'string' ? params[p.$ref.slice('#/parameters/'.length)] : p;
    const { description: _d, ...rest } = target;
    return rest;
  };
  const item = structuredClone((doc.paths as Record<string, Json>)[path]);
  for (const [key, value] of Object.entries(item)) {
    if (key === 'parameters') { item[key] = (value as Json[]).map(resolve); continue; }
    const op = value as Json;
    delete op.description;
    if (op.parameters) op.parameters = (op.parameters as Json[]).map(resolve);
    for (const k of ['consumes', 'produces'] as const) op[k] = (op[k] as string[]).filter((t) => !CBOR.has(t));
  }
  return item;
}

const definitionFor = (gvk: GroupVersionKind) => {
  const node = builtInSchemas().forKind(gvk);
  assert.ok(node, `no definition for ${JSON.stringify(gvk)}`);
  return node.name;
};

test('toValidOperationId drops separators and capitalizes what follows them, as kube-apiserver does', () => {
  assert.equal(toValidOperationId('rbac.authorization', true), 'RbacAuthorization');
  assert.equal(toValidOperationId('rbac.authorization', false), 'rbacAuthorization');
  assert.equal(toValidOperationId('v1beta1', true), 'V1beta1');
  assert.equal(toValidOperationId('example.com', true), 'ExampleCom');
  assert.equal(toValidOperationId('1abc', false), 'Abc'); // a leading digit is dropped like a separator
});

test('routes of every built-in resource render exactly as the reference v2 paths (minus prose and CBOR)', { skip: !existsSync(REFERENCE) && 'reference OpenAPI absent' }, () => {
  const doc = JSON.parse(readFileSync(REFERENCE, 'utf8')) as Json;
  const refPaths = Object.keys(doc.paths as Json);
  const gvs = new Set<string>();
  for (const p of refPaths) {
    const m = /^\/apis\/([^/]+)\/([^/]+)\//.exec(p);
    if (m) gvs.add(`${m[1]}/${m[2]}`);
  }
  const resources = builtinResources({ enable: [...gvs] });
  const routes = resources.flatMap((r) => resourceRoutes(r, { definitionFor }));
  routes.push(...discoveryRoutes(resources.map((r) => ({ group: r.group, version: r.version }))
    .filter((gv, i, all) => all.findIndex((x) => x.group === gv.group && x.version === gv.version) === i)));
  const ours = pathsV2(routes);
  // The reference also documents endpoints that are not resources ekslite routes this way.
  const notResources = new Set(['/version/', '/logs/', '/logs/{logpath}', '/.well-known/openid-configuration/', '/openid/v1/jwks/']);
  const expectedPaths = refPaths.filter((p) => !notResources.has(p)).sort();
  assert.deepEqual(Object.keys(ours).sort(), expectedPaths);
  for (const path of expectedPaths) assert.deepEqual(ours[path], normalizeReference(doc, path), path);
});

test('custom resources get JSON/YAML routes without strategic merge patch or deprecated watch paths', () => {
  const routes = resourceRoutes({
    group: 'example.com', version: 'v1', resource: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList',
    namespaced: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: [], categories: [],
    subresources: [{ name: 'status', kind: { group: 'example.com', version: 'v1', kind: 'Widget' }, verbs: ['get', 'patch', 'update'] }],
    storageVersion: 'example.com/v1',
  }, { definitionFor: (gvk) => `com.example.${gvk.version}.${gvk.kind}`, custom: true });
  const patch = routes.find((r) => r.method === 'patch' && r.path === '/apis/example.com/v1/namespaces/{namespace}/widgets/{name}');
  assert.ok(patch);
  assert.equal(patch.operationId, 'patchExampleComV1NamespacedWidget');
  assert.deepEqual(patch.consumes, ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']);
  assert.ok(patch.parameters.some((p) => p.name === 'fieldValidation'));
  assert.ok(!routes.some((r) => r.path.includes('/watch/')));
  assert.ok(routes.every((r) => !r.consumes.includes('application/strategic-merge-patch+json')));
  assert.ok(routes.some((r) => r.operationId === 'listExampleComV1WidgetForAllNamespaces'));
  assert.ok(routes.some((r) => r.operationId === 'patchExampleComV1NamespacedWidgetStatus'));
});
