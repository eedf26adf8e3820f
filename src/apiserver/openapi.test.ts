import assert from 'node:assert/strict';
import { STATUS_CODES } from 'node:http';
import { test } from 'node:test';
import { builtinResources } from '../api/builtin-resources.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import { StatusError } from '../api/status.ts';
import { buildOpenApiV2, buildOpenApiV3 } from './openapi.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking parsed JSON in assertions

const WIDGETS: ResourceInfo = {
  group: 'example.com', version: 'v1', resource: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList',
  namespaced: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: [], categories: [],
  subresources: [{ name: 'status', kind: { group: 'example.com', version: 'v1', kind: 'Widget' }, verbs: ['get', 'patch', 'update'] }],
  storageVersion: 'example.com/v1',
};
const WIDGET_SCHEMA = {
  type: 'object',
  properties: {
    spec: { type: 'object', properties: { size: { type: 'integer', minimum: 1 }, port: { 'x-kubernetes-int-or-string': true } }, required: ['size'] },
    status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  },
};

/** Every `$ref` in a document, with where it was found. */
function refs(value: unknown, at = '', out: [string, string][] = []): [string, string][] {
  if (Array.isArray(value)) value.forEach((v, i) => refs(v, `${at}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push([at, v]); // JSONSchemaProps also has a property named "$ref"
      else refs(v, `${at}.${k}`, out);
    }
  }
  return out;
}

const REASON_PHRASES = new Set(Object.values(STATUS_CODES));

/** Every string-valued `description` (JSONSchemaProps has a property named "description", an object). */
function descriptions(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) descriptions(v, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'description' && typeof v === 'string') out.push(v);
      else descriptions(v, out);
    }
  }
  return out;
}

function resolve(doc: Json, ref: string): Json | undefined {
  return doc.components.schemas[ref.slice('#/components/schemas/'.length)];
}

const builtins = builtinResources();
const openapi = buildOpenApiV3(builtins);

test('the index lists every group-version with a hashed serverRelativeURL that the documents answer', () => {
  const index = JSON.parse(openapi.index) as { paths: Record<string, { serverRelativeURL: string }> };
  for (const r of builtins) {
    const key = r.group === '' ? `api/${r.version}` : `apis/${r.group}/${r.version}`;
    const url = index.paths[key]?.serverRelativeURL;
    assert.ok(url, key);
    const m = /^\/openapi\/v3\/(.+)\?hash=([0-9A-F]{128})$/.exec(url);
    assert.ok(m, url);
    assert.equal(openapi.documents.get(m[1])?.hash, m[2]);
  }
  assert.ok(index.paths.api && index.paths.apis && index.paths['apis/apps'], 'discovery documents are listed too');
});

test('every v3 document parses and every reference in it resolves within it', () => {
  for (const key of openapi.documents.keys()) {
    const doc = JSON.parse(openapi.documents.get(key)?.body ?? 'null') as Json;
    assert.equal(doc.openapi, '3.0.0');
    for (const [at, ref] of refs(doc)) assert.ok(resolve(doc, ref), `${key}: ${at} → ${ref} does not resolve`);
    for (const d of descriptions(doc)) assert.ok(REASON_PHRASES.has(d), `${key}: description ${JSON.stringify(d)} is not an HTTP reason phrase`);
  }
});

test('every served kind that patches has a PATCH operation with fieldValidation and its GVK', () => {
  for (const r of builtins.filter((x) => x.verbs.includes('patch'))) {
    const key = r.group === '' ? `api/${r.version}` : `apis/${r.group}/${r.version}`;
    const doc = JSON.parse(openapi.documents.get(key)?.body ?? '{}') as Json;
    const patches = Object.values(doc.paths as Json).map((item) => item.patch).filter((op) => op
      && op['x-kubernetes-group-version-kind']?.kind === r.kind && op['x-kubernetes-group-version-kind']?.group === r.group);
    assert.ok(patches.length > 0, `${r.resource}.${r.group}: no PATCH`);
    for (const op of patches) {
      assert.ok(op.parameters.some((p: Json) => p.name === 'fieldValidation' && p.in === 'query'), `${r.resource}: no fieldValidation`);
      assert.ok(op.requestBody.content['application/strategic-merge-patch+json'], `${r.resource}: built-ins take strategic merge patches`);
    }
  }
});

test('the Deployment schema carries what kubectl needs for strategic merge patches', () => {
  const doc = JSON.parse(openapi.documents.get('apis/apps/v1')?.body ?? '{}') as Json;
  const schemas = doc.components.schemas as Json;
  const deployment = schemas['io.k8s.api.apps.v1.Deployment'];
  assert.deepEqual(deployment['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  assert.equal(deployment.properties.metadata.$ref, '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
  // A reference with sibling extensions is wrapped in allOf, as kube-openapi does.
  const strategy = schemas['io.k8s.api.apps.v1.DeploymentSpec'].properties.strategy;
  assert.deepEqual(strategy, { allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy' }], 'x-kubernetes-patch-strategy': 'retainKeys' });
  const containers = schemas['io.k8s.api.core.v1.PodSpec'].properties.containers;
  assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
  assert.equal(containers['x-kubernetes-list-type'], 'map');
  assert.deepEqual(containers['x-kubernetes-list-map-keys'], ['name']);
  assert.deepEqual(schemas['io.k8s.api.core.v1.Container'].required, ['name']);
  assert.deepEqual(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString'], { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] });
  assert.equal(schemas['io.k8s.api.core.v1.ContainerPort'].properties.containerPort.format, 'int32');
  assert.equal(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties.labels.additionalProperties.type, 'string');
  assert.equal(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector']['x-kubernetes-map-type'], 'atomic');
});

test('a custom resource gets its CRD schema, its list kind and PATCH without strategic merge patch', () => {
  const withCr = buildOpenApiV3([...builtins, WIDGETS], {
    customSchemas: [{ group: 'example.com', version: 'v1', kind: 'Widget', listKind: 'WidgetList', openAPIV3Schema: WIDGET_SCHEMA }],
  });
  assert.ok(JSON.parse(withCr.index).paths['apis/example.com/v1']);
  const doc = JSON.parse(withCr.documents.get('apis/example.com/v1')?.body ?? '{}') as Json;
  const patch = doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}'].patch;
  assert.deepEqual(Object.keys(patch.requestBody.content), ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']);
  assert.ok(patch.parameters.some((p: Json) => p.name === 'fieldValidation'));
  const widget = doc.components.schemas['com.example.v1.Widget'];
  assert.deepEqual(widget['x-kubernetes-group-version-kind'], [{ group: 'example.com', version: 'v1', kind: 'Widget' }]);
  assert.deepEqual(widget.properties.spec.properties.port.anyOf, [{ type: 'integer' }, { type: 'string' }]);
  assert.equal(widget.properties.spec.properties.size.minimum, 1, 'v3 keeps value validations');
  assert.ok(doc.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
  assert.equal(doc.components.schemas['com.example.v1.WidgetList'].properties.items.items.$ref, '#/components/schemas/com.example.v1.Widget');
  for (const [at, ref] of refs(doc)) assert.ok(resolve(doc, ref), `${at} → ${ref}`);
  // The built-in documents are unchanged by the custom resource.
  assert.equal(withCr.documents.get('apis/apps/v1')?.hash, openapi.documents.get('apis/apps/v1')?.hash);
});

test('a custom resource without a schema is a free-form object', () => {
  const doc = JSON.parse(buildOpenApiV3([WIDGETS]).documents.get('apis/example.com/v1')?.body ?? '{}') as Json;
  assert.deepEqual(doc.components.schemas['com.example.v1.Widget'], { type: 'object', 'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Widget' }] });
});

test('hashes depend on the inputs only: equal for equal resources, different when a group-version changes', () => {
  const again = buildOpenApiV3(builtins);
  assert.equal(again.index, openapi.index);
  const fewer = buildOpenApiV3(builtins.filter((r) => r.resource !== 'deployments'));
  assert.notEqual(fewer.documents.get('apis/apps/v1')?.hash, openapi.documents.get('apis/apps/v1')?.hash);
  assert.equal(fewer.documents.get('api/v1')?.hash, openapi.documents.get('api/v1')?.hash);
});

test('respond: JSON only, stale hashes redirected, immutable caching for the current hash, v2 as JSON', () => {
  const doc = openapi.documents.get('apis/apps/v1');
  assert.ok(doc);
  const current = openapi.respond('/openapi/v3/apis/apps/v1', { accept: 'application/json', hash: doc.hash });
  assert.equal(current.status, 200);
  assert.equal(current.headers['cache-control'], 'public, immutable');
  const stale = openapi.respond('/openapi/v3/apis/apps/v1', { accept: 'application/json', hash: 'ABC' });
  assert.equal(stale.status, 301);
  assert.equal(stale.headers.location, `/openapi/v3/apis/apps/v1?hash=${doc.hash}`);
  const proto = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
  assert.throws(() => openapi.respond('/openapi/v2', { accept: proto }), (e: unknown) => e instanceof StatusError && e.code === 406 && e.reason === 'NotAcceptable');
  assert.throws(() => openapi.respond('/openapi/v3/apis/nope/v1', {}), (e: unknown) => e instanceof StatusError && e.code === 404);
  const v2 = JSON.parse(openapi.respond('/openapi/v2', { accept: `${proto}, application/json` }).body) as Json;
  assert.equal(v2.swagger, '2.0');
});

test('the v2 document holds the served paths and resolvable definitions in v2 form', () => {
  const v2 = JSON.parse(buildOpenApiV2(builtins).body) as Json;
  assert.ok(v2.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch.parameters.some((p: Json) => p.name === 'fieldValidation'));
  assert.equal(v2.paths['/apis/resource.k8s.io/v1beta1/resourceclaims'], undefined, 'beta versions off by default are not served');
  for (const [at, ref] of refs(v2)) {
    assert.ok(ref.startsWith('#/definitions/') && v2.definitions[ref.slice('#/definitions/'.length)], `${at} → ${ref}`);
  }
  assert.deepEqual(v2.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString'], { format: 'int-or-string', type: 'string' });
  assert.equal(v2.definitions['io.k8s.api.apps.v1.DeploymentSpec'].properties.strategy['x-kubernetes-patch-strategy'], 'retainKeys');
});
