import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonValue } from '../object.ts';
import { isStatusError } from '../status.ts';
import { MAX_JSON_PATCH_OPERATIONS, applyJsonPatch, decodeJsonPatch } from './json-patch.ts';

const pod = (): JsonValue => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { app: 'web' } },
  spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] },
});

/** Asserts `fn` throws the 422 kube-apiserver answers when an operation cannot apply. */
function assertCannotApply(fn: () => unknown, why: RegExp): void {
  assert.throws(fn, (e) => {
    assert.ok(isStatusError(e));
    assert.deepEqual(e.status, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'the server rejected our request due to an error in our request', reason: 'Invalid', details: {}, code: 422,
    });
    assert.match(String((e as Error & { cause?: Error }).cause?.message), why);
    return true;
  });
}

function assertBadRequest(fn: () => unknown, message: string | RegExp): void {
  assert.throws(fn, (e) => {
    assert.ok(isStatusError(e));
    assert.equal(e.code, 400);
    assert.equal(e.reason, 'BadRequest');
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

test('applies RFC 6902 operations in order to a copy', () => {
  const original = pod();
  const out = applyJsonPatch(original, [
    { op: 'add', path: '/metadata/labels/tier', value: 'front' },
    { op: 'replace', path: '/spec/containers/0/image', value: 'z' },
    { op: 'remove', path: '/metadata/labels/app' },
    { op: 'add', path: '/spec/containers/-', value: { name: 'c', image: 'w' } },
    { op: 'copy', from: '/spec/containers/0/image', path: '/metadata/annotations' },
    { op: 'move', from: '/metadata/annotations', path: '/metadata/labels/moved' },
    { op: 'test', path: '/spec/containers/2/name', value: 'c' },
  ]);
  assert.deepEqual(out, {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'p', labels: { tier: 'front', moved: 'z' } },
    spec: { containers: [{ name: 'a', image: 'z' }, { name: 'b', image: 'y' }, { name: 'c', image: 'w' }] },
  });
  assert.deepEqual(original, pod(), 'the original is untouched');
});

test('JSON pointer escapes ~0 and ~1 address keys with "~" and "/"', () => {
  const out = applyJsonPatch({ metadata: { labels: { 'example.com/x': 'a', 'a~b': 'c' } } }, [
    { op: 'replace', path: '/metadata/labels/example.com~1x', value: 'b' },
    { op: 'remove', path: '/metadata/labels/a~0b' },
  ]);
  assert.deepEqual(out, { metadata: { labels: { 'example.com/x': 'b' } } });
});

test('operations that cannot apply are a 422 Invalid with the generic message', () => {
  assertCannotApply(() => applyJsonPatch(pod(), [{ op: 'remove', path: '/spec/nope' }]), /path that does not exist/);
  assertCannotApply(() => applyJsonPatch(pod(), [{ op: 'replace', path: '/spec/nope', value: 1 }]), /does not exist/);
  assertCannotApply(() => applyJsonPatch(pod(), [{ op: 'add', path: '/spec/a/b', value: 1 }]), /add/);
  assertCannotApply(() => applyJsonPatch(pod(), [{ op: 'test', path: '/metadata/name', value: 'q' }]), /testing value \/metadata\/name failed/);
  assertCannotApply(() => applyJsonPatch(pod(), [{ op: 'frob', path: '/a' }]), /Unexpected kind: frob/);
  assertCannotApply(() => applyJsonPatch(pod(), [{ op: '_get', path: '/kind' }]), /Unexpected kind: _get/);
  assertCannotApply(() => applyJsonPatch(pod(), [null]), /Unexpected kind: unknown/);
  assertCannotApply(() => applyJsonPatch(pod(), [{ op: 'add', value: 1 }]), /missing path/);
  assertCannotApply(() => applyJsonPatch(pod(), [{ op: 'replace', path: '', value: 1 }]), /missing path/);
  assertCannotApply(() => applyJsonPatch(pod(), [{ op: 'test', path: 'kind', value: 'Pod' }]), /missing path/);
  assertCannotApply(() => applyJsonPatch(pod(), [{ op: 'copy', from: '', path: '/x' }]), /missing from path/);
  assertCannotApply(() => applyJsonPatch(pod(), [{ op: 'move', path: '/a' }]), /missing from/);
  assertCannotApply(() => applyJsonPatch(pod(), [{ op: 'copy', from: '/nope', path: '/a' }]), /from a path that does not exist/);
  assertCannotApply(() => applyJsonPatch(pod(), [{ op: 'add', path: '/spec/containers/5', value: 1 }]), /greater than the number of elements/);
  assertCannotApply(() => applyJsonPatch(pod(), [{ op: 'add', path: '/kind/x', value: 1 }]), /./);
  // the first failing operation stops the patch; earlier ones are not kept
  assertCannotApply(() => applyJsonPatch(pod(), [{ op: 'add', path: '/x', value: 1 }, { op: 'remove', path: '/y' }]), /operation 1/);
});

test('bodies that are not a list of operations are 400s with Go\'s decoder message', () => {
  assertBadRequest(() => decodeJsonPatch({}), 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  assertBadRequest(() => decodeJsonPatch('x'), 'json: cannot unmarshal string into Go value of type jsonpatch.Patch');
  assertBadRequest(() => decodeJsonPatch(true), 'json: cannot unmarshal bool into Go value of type jsonpatch.Patch');
  assertBadRequest(() => decodeJsonPatch([1]), 'json: cannot unmarshal number into Go value of type jsonpatch.Operation');
  assertBadRequest(() => decodeJsonPatch([[]]), 'json: cannot unmarshal array into Go value of type jsonpatch.Operation');
  assert.deepEqual(decodeJsonPatch(null), [], 'null decodes to an empty patch, as in Go');
  assert.deepEqual(applyJsonPatch(pod(), null), pod());
});

test('more than 10000 operations is 413', () => {
  const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/kind', value: 'Pod' }));
  assert.throws(() => decodeJsonPatch(ops), (e) => isStatusError(e) && e.code === 413 && e.reason === 'RequestEntityTooLarge'
    && e.message === 'The allowed maximum operations in a JSON patch is 10000, got 10001');
  const max = Array.from({ length: MAX_JSON_PATCH_OPERATIONS }, () => ({ op: 'test', path: '/kind', value: 'Pod' }));
  assert.equal(decodeJsonPatch(max).length, MAX_JSON_PATCH_OPERATIONS);
});

test('evanphx v4 behaviours: negative indices, missing value, test of null', () => {
  const doc = { a: [1, 2, 3], m: { x: 1, n: null } };
  // -1 addresses the last element; for add it means "append"
  assert.deepEqual(applyJsonPatch(doc, [{ op: 'replace', path: '/a/-1', value: 9 }]), { a: [1, 2, 9], m: { x: 1, n: null } });
  assert.deepEqual(applyJsonPatch(doc, [{ op: 'add', path: '/a/-1', value: 9 }]), { a: [1, 2, 3, 9], m: { x: 1, n: null } });
  assert.deepEqual(applyJsonPatch(doc, [{ op: 'remove', path: '/a/-3' }]), { a: [2, 3], m: { x: 1, n: null } });
  assertCannotApply(() => applyJsonPatch(doc, [{ op: 'remove', path: '/a/-4' }]), /./);
  // a missing value member is null
  assert.deepEqual(applyJsonPatch(doc, [{ op: 'add', path: '/m/y' }]), { a: [1, 2, 3], m: { x: 1, n: null, y: null } });
  // testing for null passes on a missing or null member of an object, not of an array
  assert.deepEqual(applyJsonPatch(doc, [{ op: 'test', path: '/m/absent', value: null }]), doc);
  assert.deepEqual(applyJsonPatch(doc, [{ op: 'test', path: '/m/n', value: null }]), doc);
  assert.deepEqual(applyJsonPatch(doc, [{ op: 'test', path: '/m/n' }]), doc);
  assertCannotApply(() => applyJsonPatch(doc, [{ op: 'test', path: '/a/7', value: null }]), /invalid index/);
  assertCannotApply(() => applyJsonPatch(doc, [{ op: 'test', path: '/m/x' }]), /testing value/);
  assertCannotApply(() => applyJsonPatch(doc, [{ op: 'test', path: '/q/r', value: null }]), /missing path/);
  assert.deepEqual(applyJsonPatch(doc, [{ op: 'test', path: '/a', value: [1, 2, 3] }]), doc);
});
