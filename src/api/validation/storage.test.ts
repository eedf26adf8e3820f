import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { setDefaultsStorageClass } from '../defaults/storage.ts';
import { validateStorageClass, validateStorageClassUpdate } from './storage.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);

test('StorageClass: a provisioner; parameters and provisioner frozen', () => {
  const sc: KubeObject = { metadata: { name: 'gp3' }, provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3' } };
  setDefaultsStorageClass(sc);
  assert.deepEqual(validateStorageClass(sc), []);
  assert.deepEqual(msgs(validateStorageClassUpdate({ ...sc, parameters: { type: 'io2' } }, sc)), ['parameters: Forbidden: updates to parameters are forbidden.']);
  const noProv: KubeObject = { metadata: { name: 'x' } };
  setDefaultsStorageClass(noProv);
  assert.deepEqual(msgs(validateStorageClass(noProv)), ['provisioner: Required value']);
});
