import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { setDefaultsPriorityClass } from '../defaults/storage.ts';
import { validatePriorityClass, validatePriorityClassUpdate } from './scheduling.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);

test('PriorityClass: reserved system- names, value caps, immutable value', () => {
  const pc: KubeObject = { metadata: { name: 'high' }, value: 1000 };
  setDefaultsPriorityClass(pc);
  assert.deepEqual(validatePriorityClass(pc), []);
  assert.deepEqual(msgs(validatePriorityClass({ metadata: { name: 'system-mine' }, value: 1 })), ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only"]);
  assert.deepEqual(msgs(validatePriorityClass({ metadata: { name: 'big' }, value: 2_000_000_000 })), ['value: Forbidden: maximum allowed value of a user defined priority is 1000000000']);
  assert.deepEqual(validatePriorityClass({ metadata: { name: 'system-node-critical' }, value: 2_000_001_000 }), []);
  assert.deepEqual(msgs(validatePriorityClassUpdate({ ...pc, value: 5 }, pc)), ['value: Forbidden: may not be changed in an update.']);
});
