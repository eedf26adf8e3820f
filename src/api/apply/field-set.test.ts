import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldSet, FieldsV1Error } from './field-set.ts';
import { fieldElement as f, keyElement, parsePathElement, pathString, valueElement as v, indexElement } from './path-element.ts';

const k = (fields: Record<string, string | number>) => keyElement(Object.entries(fields).map(([name, value]) => ({ name, value })));

// A kubectl-client-side-apply entry as kube-apiserver v1.32 writes it for a Deployment.
const CSA_FIELDS = {
  'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} }, 'f:labels': { '.': {}, 'f:app': {} } },
  'f:spec': {
    'f:replicas': {},
    'f:selector': {},
    'f:template': {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"nginx"}': {
            '.': {}, 'f:image': {}, 'f:name': {},
            'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } },
          },
        },
      },
    },
  },
};

test('FieldsV1 parses into members and children and prints back byte for byte', () => {
  const set = FieldSet.fromFieldsV1(CSA_FIELDS);
  assert.ok(set.has([f('metadata'), f('labels')]), 'a node with "." is a member');
  assert.ok(set.has([f('metadata'), f('labels'), f('app')]));
  assert.ok(!set.has([f('metadata')]), 'a node without "." is not a member');
  assert.ok(set.has([f('spec'), f('template'), f('spec'), f('containers'), k({ name: 'nginx' }), f('ports'), k({ containerPort: 80, protocol: 'TCP' }), f('protocol')]));
  assert.equal(JSON.stringify(set.toFieldsV1()), JSON.stringify(CSA_FIELDS));
});

test('paths print as conflict messages print them', () => {
  const set = FieldSet.fromFieldsV1(CSA_FIELDS);
  const printed = set.paths().map(pathString);
  assert.ok(printed.includes('.spec.template.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"].containerPort'));
  assert.equal(pathString([f('metadata'), f('finalizers'), v('example.com/x')]), '.metadata.finalizers[="example.com/x"]');
  assert.equal(pathString([f('spec'), f('args'), indexElement(2)]), '.spec.args[2]');
});

test('members of a level come before the paths of its children', () => {
  const set = new FieldSet([[f('spec'), f('template'), f('x')], [f('spec'), f('replicas')], [f('apiVersion')]]);
  assert.deepEqual(set.paths().map(pathString), ['.apiVersion', '.spec.replicas', '.spec.template.x']);
});

test('elements sort fields, then keys, then values, then indexes; keys by typed value', () => {
  const set = new FieldSet([[indexElement(0)], [v('b')], [v(10)], [v(9)], [k({ port: 10 })], [k({ port: 9 })], [f('z')], [f('a')]]);
  assert.deepEqual(Object.keys(set.toFieldsV1()), ['f:a', 'f:z', 'k:{"port":9}', 'k:{"port":10}', 'v:9', 'v:10', 'v:"b"', 'i:0']);
});

test('key elements sort their fields by name and escape like Go', () => {
  assert.equal(keyElement([{ name: 'protocol', value: 'TCP' }, { name: 'containerPort', value: 80 }]).id, 'k:{"containerPort":80,"protocol":"TCP"}');
  assert.equal(v('a<b&c').id, 'v:"a\\u003cb\\u0026c"');
  assert.deepEqual(parsePathElement('k:{"protocol":"TCP","containerPort":80}'), k({ containerPort: 80, protocol: 'TCP' }));
});

test('difference removes the paths named, not their descendants; recursiveDifference removes both', () => {
  const a = new FieldSet([[f('status')], [f('status'), f('replicas')], [f('spec'), f('replicas')]]);
  const b = new FieldSet([[f('status')]]);
  assert.deepEqual(a.difference(b).paths().map(pathString), ['.spec.replicas', '.status.replicas']);
  assert.deepEqual(a.recursiveDifference(b).paths().map(pathString), ['.spec.replicas']);
});

test('union, intersection and emptiness', () => {
  const a = new FieldSet([[f('a'), f('x')], [f('b')]]);
  const b = new FieldSet([[f('a'), f('y')], [f('b')]]);
  assert.deepEqual(a.union(b).paths().map(pathString), ['.b', '.a.x', '.a.y']);
  assert.deepEqual(a.intersection(b).paths().map(pathString), ['.b']);
  assert.ok(a.difference(a).isEmpty());
  assert.ok(a.intersection(new FieldSet([[f('a'), f('z')]])).isEmpty(), 'an intersection leaves no empty children behind');
  assert.equal(a.union(b).size, 3);
  assert.ok(a.union(b).equals(b.union(a)));
  assert.deepEqual(a.paths().map(pathString), ['.b', '.a.x'], 'inputs are not modified');
});

test('unknown element types are skipped; malformed ones are errors', () => {
  const set = FieldSet.fromFieldsV1({ 'f:a': {}, 'x:whatever': {}, 'f:b': { 'x:y': {} } });
  assert.deepEqual(set.paths().map(pathString), ['.a', '.b']);
  assert.throws(() => FieldSet.fromFieldsV1({ 'k:{not json': {} }), FieldsV1Error);
  assert.throws(() => FieldSet.fromFieldsV1({ 'f:a': [] }), FieldsV1Error);
  assert.throws(() => FieldSet.fromFieldsV1({ 'fa': {} }), FieldsV1Error);
});

test('a "__proto__" field is a plain key', () => {
  const set = new FieldSet([[f('data'), f('__proto__')]]);
  const json = JSON.stringify(set.toFieldsV1());
  assert.equal(json, '{"f:data":{"f:__proto__":{}}}');
  assert.ok(FieldSet.fromFieldsV1(JSON.parse(json)).has([f('data'), f('__proto__')]));
});
