import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonPathError, parseJsonPath } from './json-path.ts';

const doc = {
  metadata: { name: 'db', labels: { 'app.kubernetes.io/name': 'postgres' }, annotations: { 'a.b/c': 'd' } },
  spec: { replicas: 3, ports: [{ port: 5432 }, { port: 9187 }] },
  status: {
    conditions: [
      { type: 'Synced', status: 'True', count: 1 },
      { type: 'Ready', status: 'False', count: 3 },
    ],
  },
};

const find = (path: string): unknown => parseJsonPath(path).find(doc);

test('dotted fields, escaped dots and bracketed names', () => {
  assert.deepEqual(find('.spec.replicas'), [3]);
  assert.deepEqual(find('.metadata.labels.app\\.kubernetes\\.io/name'), ['postgres']);
  assert.deepEqual(find(".metadata.annotations['a.b/c']"), ['d']);
  assert.deepEqual(find('{.metadata["name"]}'), ['db']);
  assert.deepEqual(find('$.metadata.name'), ['db']);
});

test('missing keys yield no result, not an error', () => {
  assert.deepEqual(find('.spec.paused'), []);
  assert.deepEqual(find('.nothing.here'), []);
});

test('indexes, negative indexes, slices, wildcards and recursive descent', () => {
  assert.deepEqual(find('.spec.ports[0].port'), [5432]);
  assert.deepEqual(find('.spec.ports[-1].port'), [9187]);
  assert.deepEqual(find('.spec.ports[0:1].port'), [5432]);
  assert.deepEqual(find('.spec.ports[*].port'), [5432, 9187]);
  assert.deepEqual(find('.spec.ports.*'), [], '.* takes object values only');
  assert.deepEqual(find('.metadata.labels.*'), ['postgres']);
  assert.equal(find('.metadata.labels[*]'), undefined, '[*] on an object is an evaluation error');
  assert.deepEqual(find('..port'), [5432, 9187]);
  assert.equal(find('.spec.ports[5]'), undefined, 'an index out of range is an evaluation error');
});

test('filters: equality, inequality, numeric comparison, existence', () => {
  assert.deepEqual(find('.status.conditions[?(@.type=="Ready")].status'), ['False']);
  assert.deepEqual(find(".status.conditions[?(@.type == 'Synced')].status"), ['True']);
  assert.deepEqual(find('.status.conditions[?(@.type!="Ready")].type'), ['Synced']);
  assert.deepEqual(find('.status.conditions[?(@.count>=2)].type'), ['Ready']);
  assert.deepEqual(find('.status.conditions[?(@.missing)].type'), []);
  assert.deepEqual(find('.status.conditions[?(@.count)].type'), ['Synced', 'Ready']);
  assert.equal(find('.status.conditions[?(@.count=="3")].type'), undefined, 'comparing a number with a string fails');
});

test('unsupported or malformed expressions throw JsonPathError', () => {
  for (const bad of ['.spec.ports[0,1]', '.spec[', '.a[?(@.x=="y"]', '.a[1:2:3]', '.a..']) {
    assert.throws(() => parseJsonPath(bad), JsonPathError, bad);
  }
});
