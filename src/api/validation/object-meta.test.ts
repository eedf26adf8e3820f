import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../field-error.ts';
import { nameIsDNS1035Label } from './names.ts';
import { TOTAL_ANNOTATION_SIZE_LIMIT_B, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

const msgs = (errs: ReturnType<typeof validateObjectMeta>) => errs.map(formatFieldError);

test('a name or generateName is required', () => {
  assert.deepEqual(msgs(validateObjectMeta({ namespace: 'default' }, { namespaced: true })), ['metadata.name: Required value: name or generateName is required']);
});

test('the kind\'s name rule is applied, to generateName as a prefix', () => {
  const errs = validateObjectMeta({ name: '9svc', namespace: 'default' }, { namespaced: true, nameFn: nameIsDNS1035Label });
  assert.equal(errs.length, 1);
  assert.equal(errs[0].field, 'metadata.name');
  assert.equal(errs[0].badValue, '9svc');
  assert.deepEqual(validateObjectMeta({ name: 'web-abcde', generateName: 'web-', namespace: 'd' }, { namespaced: true }), []);
  assert.equal(validateObjectMeta({ name: 'x', generateName: 'Web-', namespace: 'd' }, { namespaced: true })[0].field, 'metadata.generateName');
});

test('namespace is required for namespaced kinds and forbidden for cluster-scoped ones', () => {
  assert.deepEqual(msgs(validateObjectMeta({ name: 'a' }, { namespaced: true })), ['metadata.namespace: Required value']);
  assert.deepEqual(msgs(validateObjectMeta({ name: 'a', namespace: 'x' }, { namespaced: false })), ['metadata.namespace: Forbidden: not allowed on this type']);
  assert.deepEqual(validateObjectMeta({ name: 'a', namespace: 'x' }, { namespaced: undefined }), []);
  assert.equal(validateObjectMeta({ name: 'a', namespace: 'Bad' }, { namespaced: true })[0].field, 'metadata.namespace');
});

test('labels and annotations are checked on the map path', () => {
  const errs = validateObjectMeta({ name: 'a', namespace: 'd', labels: { 'bad key': 'v', ok: '-bad' }, annotations: { 'x/y/z': '' } }, { namespaced: true });
  assert.deepEqual(errs.map((e) => [e.field, e.badValue]), [['metadata.labels', 'bad key'], ['metadata.labels', '-bad'], ['metadata.annotations', 'x/y/z']]);
});

test('annotations are limited to 256 KiB in total', () => {
  const big = 'v'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B);
  const errs = validateObjectMeta({ name: 'a', namespace: 'd', annotations: { k: big } }, { namespaced: true });
  assert.deepEqual(errs.map((e) => [e.type, e.field]), [['FieldValueTooLong', 'metadata.annotations']]);
  assert.deepEqual(validateObjectMeta({ name: 'a', namespace: 'd', annotations: { k: big.slice(1) } }, { namespaced: true }), []);
});

test('owner references need apiVersion, kind, name, uid and at most one controller', () => {
  const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u', controller: true };
  assert.deepEqual(validateObjectMeta({ name: 'a', namespace: 'd', ownerReferences: [ref] }, { namespaced: true }), []);
  const errs = validateObjectMeta({ name: 'a', namespace: 'd', ownerReferences: [{ ...ref, uid: '' }, { ...ref, name: 'other' }] }, { namespaced: true });
  assert.deepEqual(msgs(errs), [
    'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
    `metadata.ownerReferences: Invalid value: ${JSON.stringify([{ ...ref, uid: '' }, { ...ref, name: 'other' }])}: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/rs and ReplicaSet/other`,
  ]);
});

test('finalizers: qualified names, and single-segment ones must be standard for built-in kinds', () => {
  assert.deepEqual(validateObjectMeta({ name: 'a', namespace: 'd', finalizers: ['kubernetes', 'example.com/x'] }, { namespaced: true }), []);
  assert.deepEqual(msgs(validateObjectMeta({ name: 'a', namespace: 'd', finalizers: ['mine'] }, { namespaced: true })), [
    'metadata.finalizers[0]: Invalid value: "mine": name is neither a standard finalizer name nor is it fully qualified',
  ]);
  assert.deepEqual(validateObjectMeta({ name: 'a', finalizers: ['mine'] }, { namespaced: undefined, standardFinalizers: false }), []);
  assert.equal(msgs(validateObjectMeta({ name: 'a', finalizers: ['orphan', 'foregroundDeletion'] }, { namespaced: undefined }))[0],
    'metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set');
});

test('update: name, namespace, uid and creationTimestamp are immutable', () => {
  const old = { name: 'a', namespace: 'd', uid: 'u1', creationTimestamp: '2024-01-01T00:00:00Z', resourceVersion: '5' };
  assert.deepEqual(validateObjectMetaUpdate({ ...old, labels: { x: 'y' } }, old), []);
  assert.deepEqual(msgs(validateObjectMetaUpdate({ ...old, uid: 'u2' }, old)), ['metadata.uid: Invalid value: "u2": field is immutable']);
  assert.deepEqual(msgs(validateObjectMetaUpdate({ ...old, name: 'b' }, old)), ['metadata.name: Invalid value: "b": field is immutable']);
});

test('update: no new finalizers once the object is being deleted', () => {
  const old = { name: 'a', deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['a.io/x'] };
  assert.deepEqual(msgs(validateObjectMetaUpdate({ ...old, finalizers: ['a.io/x', 'b.io/y'] }, old)), [
    'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}',
  ]);
  assert.deepEqual(validateObjectMetaUpdate({ ...old, finalizers: [] }, old), []);
});
