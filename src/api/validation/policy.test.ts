import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import { validatePodDisruptionBudget } from './policy.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);

test('PodDisruptionBudget: minAvailable or maxUnavailable, not both', () => {
  assert.deepEqual(validatePodDisruptionBudget({ metadata: { name: 'p', namespace: 'd' }, spec: { minAvailable: '50%', selector: { matchLabels: { a: 'b' } } } }), []);
  const errs = validatePodDisruptionBudget({ metadata: { name: 'p', namespace: 'd' }, spec: { minAvailable: 1, maxUnavailable: '120%' } });
  assert.deepEqual(msgs(errs), [
    'spec: Invalid value: {"minAvailable":1,"maxUnavailable":"120%"}: minAvailable and maxUnavailable cannot be both set',
    'spec.maxUnavailable: Invalid value: "120%": must not be greater than 100%',
  ]);
});
