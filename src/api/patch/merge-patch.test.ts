import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonValue } from '../object.ts';
import { isStatusError } from '../status.ts';
import { type JsonObject, applyMergePatch, createMergePatch, jsonEqual, mergePatch } from './merge-patch.ts';

test('RFC 7386 appendix A examples', () => {
  const table: Array<[JsonValue, JsonValue, JsonValue]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, want] of table) {
    assert.deepEqual(mergePatch(target, patch), want, `${JSON.stringify(target)} + ${JSON.stringify(patch)}`);
  }
  assert.equal(mergePatch({ a: 'foo' }, 'bar'), 'bar', 'RFC: a non-object patch replaces');
});

test('arrays are replaced whole, never merged by index', () => {
  const pod = { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } };
  assert.deepEqual(mergePatch(pod, { spec: { containers: [{ name: 'a', image: 'z' }] } }),
    { spec: { containers: [{ name: 'a', image: 'z' }] } });
});

test('nulls are pruned where there is nothing to merge with, as evanphx v4 does', () => {
  // a new key: nulls inside objects, including objects inside arrays, are dropped; null elements stay
  assert.deepEqual(mergePatch({}, { a: { b: null, c: [null, { d: null, e: 1 }] } }), { a: { c: [null, { e: 1 }] } });
  // a key holding null counts as new
  assert.deepEqual(mergePatch({ a: null }, { a: { b: null, c: 1 } }), { a: { c: 1 } });
  // an object replaced by an array keeps the array exactly as sent
  assert.deepEqual(mergePatch({ a: { x: 1 } }, { a: [{ b: null }] }), { a: [{ b: null }] });
});

test('inputs are not mutated and results share nothing with them', () => {
  const doc = { metadata: { labels: { a: '1' } }, spec: { x: 1 } };
  const patch = { metadata: { labels: { b: '2', a: null } } };
  const before = JSON.stringify([doc, patch]);
  const out = mergePatch(doc, patch) as JsonObject;
  assert.deepEqual(out, { metadata: { labels: { b: '2' } }, spec: { x: 1 } });
  assert.equal(JSON.stringify([doc, patch]), before);
  (out.spec as JsonObject).x = 2;
  assert.equal(doc.spec.x, 1, 'untouched subtrees are copies, not shared');
});

test('a "__proto__" key stays a plain key', () => {
  const out = mergePatch({}, JSON.parse('{"__proto__":{"polluted":true}}') as JsonValue) as JsonObject;
  assert.ok(Object.hasOwn(out, '__proto__'));
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('applyMergePatch: kube-apiserver answers 400 "Invalid JSON Patch" for bodies that are not a patch', () => {
  const doc = { kind: 'ConfigMap', data: { a: '1' } };
  for (const body of [null, 'x', 3, true, undefined]) {
    assert.throws(() => applyMergePatch(doc, body),
      (e) => isStatusError(e) && e.code === 400 && e.reason === 'BadRequest' && e.message === 'Invalid JSON Patch', String(body));
  }
  assert.deepEqual(applyMergePatch(doc, { data: { b: '2' } }), { kind: 'ConfigMap', data: { a: '1', b: '2' } });
  assert.deepEqual(applyMergePatch(doc, [{ x: null }]), [{}], 'an array body replaces the document');
  assert.deepEqual(applyMergePatch(doc, {}), doc);
});

test('createMergePatch yields the patch that turns original into modified', () => {
  const original: JsonObject = { a: 1, b: { c: 'x', d: [1, 2] }, e: 'gone', f: null, g: { h: 1 } };
  const modified: JsonObject = { a: 1, b: { c: 'y', d: [1, 2] }, f: null, g: { h: 1 }, n: { m: true } };
  const patch = createMergePatch(original, modified);
  assert.deepEqual(patch, { b: { c: 'y' }, e: null, n: { m: true } });
  assert.deepEqual(mergePatch(original, patch), modified);
  assert.deepEqual(createMergePatch({ a: [1, 2] }, { a: [2, 1] }), { a: [2, 1] });
  assert.deepEqual(createMergePatch({ a: { b: 1 } }, { a: 'x' }), { a: 'x' });
  assert.deepEqual(createMergePatch({ a: 1 }, { a: 1 }), {});
  assert.deepEqual(createMergePatch({ a: null }, { a: 1 }), { a: 1 });
});

test('jsonEqual compares JSON values deeply', () => {
  assert.ok(jsonEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] }));
  assert.ok(!jsonEqual({ a: 1 }, { a: 1, b: 2 }));
  assert.ok(!jsonEqual([1], { 0: 1 }));
  assert.ok(!jsonEqual(null, {}));
});
