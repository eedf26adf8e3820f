import assert from 'node:assert/strict';
import { test } from 'node:test';
import { schemaForKind, type SchemaNode } from '../schema.ts';
import {
  fieldValidationErrors, findDuplicateFields, findUnknownFields, findYamlDuplicateKeys, pruneUnknownFields, strictDecodingErrors, strictPatchError,
  applyPatchStrictness,
} from './field-validation.ts';

function schema(group: string, version: string, kind: string): SchemaNode {
  const node = schemaForKind({ group, version, kind });
  assert.ok(node, kind);
  return node;
}
const DEPLOYMENT = { group: 'apps', version: 'v1', kind: 'Deployment' };
const deployment = schema('apps', 'v1', 'Deployment');

/** Typos at several depths; labels, annotations and selectors carry arbitrary keys. */
const TYPO_JSON = `{
  "apiVersion": "apps/v1", "kind": "Deployment",
  "metadata": {"name": "web", "lables": {"x": "y"}, "labels": {"app": "web", "any/key.here": "v"}, "annotations": {"a.b/c": "d"}},
  "spec": {
    "replicaz": 2,
    "selector": {"matchLabels": {"app": "web"}},
    "template": {
      "metadata": {"labels": {"app": "web"}},
      "spec": {"containers": [
        {"name": "web", "image": "nginx", "imagePullPolcy": "Always", "ports": [{"containerPort": 80}]},
        {"name": "side", "image": "busybox", "ports": [{"containerPrt": 81, "nested": {"deep": 1}}],
         "resources": {"limits": {"cpu": "1", "example.com/gpu": "2"}}}
      ]}
    },
    "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailble": 1}}
  }
}`;

test('unknown fields are reported with kube-apiserver paths, in document order, not below an unknown field', () => {
  assert.deepEqual(strictDecodingErrors(JSON.parse(TYPO_JSON), { rawBody: TYPO_JSON, contentType: 'application/json', schema: deployment }), [
    'unknown field "metadata.lables"',
    'unknown field "spec.replicaz"',
    'unknown field "spec.template.spec.containers[0].imagePullPolcy"',
    'unknown field "spec.template.spec.containers[1].ports[0].containerPrt"',
    'unknown field "spec.template.spec.containers[1].ports[0].nested"',
    'unknown field "spec.strategy.rollingUpdate.maxUnavailble"',
  ]);
  assert.deepEqual(findUnknownFields(JSON.parse(TYPO_JSON), deployment), [
    'metadata.lables', 'spec.replicaz', 'spec.template.spec.containers[0].imagePullPolcy',
    'spec.template.spec.containers[1].ports[0].containerPrt', 'spec.template.spec.containers[1].ports[0].nested',
    'spec.strategy.rollingUpdate.maxUnavailble',
  ]);
});

test('a ConfigMap takes arbitrary data keys; only fields outside the maps are unknown', () => {
  const configMap = schema('', 'v1', 'ConfigMap');
  const body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"any.key":"v","UPPER_case-1":"w","spec":"x"},"binaryData":{"b":"AAE="},"datas":{"k":"v"}}';
  assert.deepEqual(strictDecodingErrors(JSON.parse(body), { rawBody: body, schema: configMap }), ['unknown field "datas"']);
});

test('free-form values (RawExtension, FieldsV1) are not looked into, duplicates included', () => {
  const revision = schema('apps', 'v1', 'ControllerRevision');
  const body = '{"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"r","managedFields":[{"manager":"m","fieldsV1":{"f:spec":{},"f:spec":{}}}]},"revision":1,"data":{"spec":{"whatever":1,"whatever":2}}}';
  assert.deepEqual(strictDecodingErrors(JSON.parse(body), { rawBody: body, schema: revision }), []);
});

test('an empty Go struct has no fields, though its schema looks free-form', () => {
  const crd = schema('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition');
  const obj = { spec: { versions: [{ name: 'v1', subresources: { status: { foo: 1 } } }] } };
  assert.deepEqual(findUnknownFields(obj, crd), ['spec.versions[0].subresources.status.foo']);
});

test('duplicate JSON keys are reported in structs and maps, interleaved with unknown fields in document order', () => {
  const body = '{"spec":{"replicas":1,"foo":1,"replicas":2,"foo":3,"selector":{"matchLabels":{"app":"a","app":"b"}}},"metadata":{"name":"a","name":"b"}}';
  assert.deepEqual(strictDecodingErrors(JSON.parse(body), { rawBody: body, schema: deployment }), [
    'unknown field "spec.foo"', 'duplicate field "spec.replicas"', 'duplicate field "spec.selector.matchLabels.app"', 'duplicate field "metadata.name"',
  ]);
  assert.deepEqual(findDuplicateFields(body, deployment), ['spec.replicas', 'spec.selector.matchLabels.app', 'metadata.name']);
  // Without a schema every object is checked, as decoding into interface{} does.
  assert.deepEqual(findDuplicateFields('{"a":{"b":1,"b":2},"c":[{"d":1,"d":1}],"e":"x\\"y","e":1}'), ['a.b', 'c[0].d', 'e']);
});

test('YAML duplicate keys are go-yaml errors with the line of the repeated value; unknown fields follow in key order', () => {
  const yaml = [
    'apiVersion: apps/v1', // 1
    'kind: Deployment', // 2
    'metadata:', // 3
    '  name: web', // 4
    'spec:', // 5
    '  zeta: 1', // 6
    '  replicas: 1', // 7
    '  alpha: 2', // 8
    '  replicas: 3', // 9
    '  template:', // 10
    '    spec:', // 11
    '      containers:', // 12
    '      - name: a', // 13
    '        name: b', // 14
    'metadata:', // 15
    '  name: web2', // 16
    '',
  ].join('\n');
  assert.deepEqual(findYamlDuplicateKeys(yaml), [
    'line 9: key "replicas" already set in map',
    'line 14: key "name" already set in map',
    'line 16: key "metadata" already set in map',
  ]);
  const obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web2' }, spec: { zeta: 1, replicas: 3, alpha: 2, template: { spec: { containers: [{ name: 'b' }] } } } };
  assert.deepEqual(strictDecodingErrors(obj, { rawBody: yaml, contentType: 'application/yaml', schema: deployment }), [
    'yaml: unmarshal errors:\n  line 9: key "replicas" already set in map\n  line 14: key "name" already set in map\n  line 16: key "metadata" already set in map',
    'unknown field "spec.alpha"',
    'unknown field "spec.zeta"',
  ]);
  // Keys compare as go-yaml resolves them (YAML 1.1: yes is true; "1" and 1 differ); an empty value sits on its key's line.
  assert.deepEqual(findYamlDuplicateKeys('a: 1\nyes: 1\ntrue: 2\n"1": 1\n1: 2\nb: 1\nb:\n'), ['line 3: key true already set in map', 'line 7: key "b" already set in map']);
});

test('Strict answers 400 BadRequest with the decoder error kube-apiserver sends', () => {
  const out = fieldValidationErrors(JSON.parse(TYPO_JSON), { rawBody: TYPO_JSON, contentType: 'application/json', schema: deployment, mode: 'Strict', gvk: DEPLOYMENT });
  assert.ok(out.error);
  assert.equal(out.error.code, 400);
  assert.equal(out.error.reason, 'BadRequest');
  assert.equal(out.error.message, 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "metadata.lables", '
    + 'unknown field "spec.replicaz", unknown field "spec.template.spec.containers[0].imagePullPolcy", '
    + 'unknown field "spec.template.spec.containers[1].ports[0].containerPrt", unknown field "spec.template.spec.containers[1].ports[0].nested", '
    + 'unknown field "spec.strategy.rollingUpdate.maxUnavailble"');
  const clean = '{"spec":{"replicas":1}}';
  assert.deepEqual(fieldValidationErrors(JSON.parse(clean), { rawBody: clean, schema: deployment, mode: 'Strict', gvk: DEPLOYMENT }), { warnings: [], object: { spec: { replicas: 1 } } });
});

test('Warn lists one warning per violation (one per YAML line) and drops unknown fields; Ignore only drops them', () => {
  const body = '{"spec":{"replicas":1,"replicas":2,"foo":{"bar":1}}}';
  const warned = fieldValidationErrors(JSON.parse(body), { rawBody: body, schema: deployment, mode: 'Warn', gvk: DEPLOYMENT });
  assert.equal(warned.error, undefined);
  assert.deepEqual(warned.warnings, ['duplicate field "spec.replicas"', 'unknown field "spec.foo"']);
  assert.deepEqual(warned.object, { spec: { replicas: 2 } });
  const yaml = 'spec:\n  replicas: 1\n  replicas: 2\n  paused: true\n  paused: false\n';
  const yamlWarned = fieldValidationErrors({ spec: { replicas: 2, paused: false } }, { rawBody: yaml, contentType: 'application/yaml', schema: deployment, mode: 'Warn', gvk: DEPLOYMENT });
  assert.deepEqual(yamlWarned.warnings, ['line 3: key "replicas" already set in map', 'line 5: key "paused" already set in map']);
  const ignored = fieldValidationErrors(JSON.parse(body), { rawBody: body, schema: deployment, mode: 'Ignore', gvk: DEPLOYMENT });
  assert.deepEqual(ignored, { warnings: [], object: { spec: { replicas: 2 } } });
});

test('pruneUnknownFields copies without unknown fields and keeps maps and free-form values whole', () => {
  const pruned = pruneUnknownFields(JSON.parse(TYPO_JSON) as Record<string, unknown>, deployment) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test inspection
  assert.equal(pruned.metadata.lables, undefined);
  assert.deepEqual(pruned.metadata.labels, { app: 'web', 'any/key.here': 'v' });
  assert.equal(pruned.spec.replicaz, undefined);
  assert.deepEqual(pruned.spec.template.spec.containers[0], { name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] });
  assert.deepEqual(pruned.spec.template.spec.containers[1].resources, { limits: { cpu: '1', 'example.com/gpu': '2' } });
  assert.deepEqual(pruned.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } });
  assert.deepEqual(findUnknownFields(pruned, deployment), []);
  assert.ok((JSON.parse(TYPO_JSON) as { spec: object }).spec, 'input untouched');
});

test('at most 100 strict errors, each reported once', () => {
  const fields = Array.from({ length: 150 }, (_, i) => `"f${i}":1`).join(',');
  const body = `{"spec":{${fields},"f0":2}}`;
  const errors = strictDecodingErrors(JSON.parse(body), { rawBody: body, schema: deployment });
  assert.equal(errors.length, 100);
  assert.equal(new Set(errors).size, 100);
  assert.equal(errors[0], 'unknown field "spec.f0"');
});

test('a Strict PATCH fails 422 on the field "patch", as the patch handler words it', () => {
  const err = strictPatchError(['unknown field "spec.foo"'], '{"spec":{"foo":1}}');
  assert.equal(err.code, 422);
  assert.equal(err.reason, 'Invalid');
  assert.equal(err.message, ' "" is invalid: patch: Invalid value: "{\\"spec\\":{\\"foo\\":1}}": strict decoding error: unknown field "spec.foo"');
});

test('server-side apply bodies are checked for duplicate keys only, read as YAML (JSON included)', () => {
  const body = '{"spec":{"replicas":1,\n"replicas":2}}';
  const strict = applyPatchStrictness(body, 'Strict');
  assert.equal(strict.error?.code, 400);
  assert.equal(strict.error?.message, 'error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line 2: key "replicas" already set in map');
  assert.deepEqual(applyPatchStrictness(body, 'Warn'), { warnings: ['line 2: key "replicas" already set in map'] });
  assert.deepEqual(applyPatchStrictness(body, 'Ignore'), { warnings: [] });
  assert.deepEqual(applyPatchStrictness('{"spec":{"foo":1}}', 'Strict'), { warnings: [] });
});

test('protobuf bodies have no strict checks', () => {
  assert.deepEqual(strictDecodingErrors({ spec: { foo: 1 } }, { rawBody: new Uint8Array([0x6b, 0x38, 0x73, 0]), contentType: 'application/vnd.kubernetes.protobuf', schema: deployment }), []);
});
