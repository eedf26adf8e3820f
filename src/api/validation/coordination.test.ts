import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import { validateLease } from './coordination.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);

test('Lease durations are positive', () => {
  assert.deepEqual(msgs(validateLease({ metadata: { name: 'l', namespace: 'kube-node-lease' }, spec: { leaseDurationSeconds: 0, holderIdentity: 'n1' } })),
    ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']);
});
