import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schemaForKind } from '../schema.ts';
import { pathString } from './path-element.ts';
import { fieldSetOf, validateTyped } from './typed-fields.ts';

const deployment = schemaForKind({ group: 'apps', version: 'v1', kind: 'Deployment' });
const pod = schemaForKind({ group: '', version: 'v1', kind: 'Pod' });

const paths = (value: unknown, schema: typeof deployment = deployment) => fieldSetOf(value, schema).paths().map(pathString);

test('an applied Deployment owns what kube-apiserver records for kubectl apply --server-side', () => {
  const applied = {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 2, selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } },
    },
  };
  // As in the FieldsV1 of a real `kubectl apply --server-side` (plus apiVersion, kind and
  // metadata.name, which stripmeta removes later).
  assert.deepEqual(fieldSetOf(applied, deployment).toFieldsV1(), {
    'f:apiVersion': {}, 'f:kind': {},
    'f:metadata': { 'f:labels': { 'f:app': {} }, 'f:name': {} },
    'f:spec': {
      'f:replicas': {}, 'f:selector': {},
      'f:template': {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:containers': {
            'k:{"name":"nginx"}': {
              '.': {}, 'f:image': {}, 'f:name': {},
              'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
            },
          },
        },
      },
    },
  });
});

test('a list-map key field that is omitted takes its default (ContainerPort.protocol TCP)', () => {
  const p = paths({ spec: { containers: [{ name: 'c', ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 53 }] }] } }, pod);
  assert.ok(p.includes('.spec.containers[name="c"].ports[containerPort=53,protocol="UDP"]'));
  assert.ok(p.includes('.spec.containers[name="c"].ports[containerPort=53,protocol="TCP"]'));
});

test('sets own each value; atomic lists and atomic structs are one leaf', () => {
  const p = paths({
    metadata: { finalizers: ['a', 'b'] },
    spec: { selector: { matchLabels: { x: 'y' } }, template: { spec: { containers: [{ name: 'c', args: ['--a', '--b'] }] } } },
  });
  assert.deepEqual(p.filter((x) => x.startsWith('.metadata')), ['.metadata.finalizers[="a"]', '.metadata.finalizers[="b"]']);
  assert.ok(p.includes('.spec.selector'));
  assert.ok(!p.some((x) => x.startsWith('.spec.selector.')), 'LabelSelector is x-kubernetes-map-type: atomic');
  assert.ok(p.includes('.spec.template.spec.containers[name="c"].args'));
  assert.ok(!p.some((x) => x.includes('args[')));
});

test('a struct field is a member when null or empty, a map key always is', () => {
  const p = paths({ spec: { strategy: {}, template: { metadata: { annotations: { a: 'b' } } }, paused: null } });
  assert.ok(p.includes('.spec.strategy'));
  assert.ok(p.includes('.spec.paused'));
  assert.ok(p.includes('.spec.template.metadata.annotations.a'));
  assert.ok(!p.includes('.spec.template.metadata.annotations'), 'a non-empty map is not itself a member');
});

test('without a schema maps are granular and lists atomic (custom resources)', () => {
  const p = fieldSetOf({ spec: { size: 2, tags: ['a', 'b'], nested: { x: { y: 1 } }, empty: {} } }, undefined).paths().map(pathString);
  assert.deepEqual(p, ['.spec', '.spec.empty', '.spec.nested', '.spec.size', '.spec.tags', '.spec.nested.x', '.spec.nested.x.y']);
});

test('a duplicated list item is owned whole', () => {
  const p = paths({ spec: { containers: [{ name: 'c', env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }] } }, pod);
  assert.ok(p.includes('.spec.containers[name="c"].env[name="A"]'));
  assert.ok(!p.includes('.spec.containers[name="c"].env[name="A"].value'));
});

test('validation words errors as structured-merge-diff does', () => {
  assert.deepEqual(validateTyped({ spec: { replicas: 'two' } }, deployment), ['.spec.replicas: expected numeric (int or float), got string']);
  assert.deepEqual(validateTyped({ spec: { bogus: 1 } }, deployment), ['.spec.bogus: field not declared in schema']);
  assert.deepEqual(validateTyped({ spec: { containers: [{ image: 'x' }] } }, pod), ['.spec.containers: element 0: associative list with keys has an element that omits all key fields ["name"] (and doesn\'t have default values for any key fields)']);
  assert.deepEqual(validateTyped({ spec: { containers: [{ name: 'a' }, { name: 'a' }] } }, pod), ['.spec.containers: duplicate entries for key [name="a"]']);
  assert.deepEqual(validateTyped({ spec: { containers: [{ name: 'a' }, { name: 'a' }] } }, pod, { allowDuplicates: true }), []);
  assert.deepEqual(validateTyped({ metadata: { labels: { a: 'b' } }, spec: { replicas: null, strategy: { rollingUpdate: { maxSurge: '25%' } } } }, deployment), []);
  assert.deepEqual(validateTyped({ anything: [{ goes: 1 }] }, undefined), []);
});
