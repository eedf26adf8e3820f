import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { setDefaultsDaemonSet } from '../defaults/apps.ts';
import { validateDaemonSet, validateDaemonSetUpdate } from './apps-daemon-set.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);
const template = { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'agent:1' }] } };
function ds(spec: Record<string, unknown>): KubeObject {
  const o: KubeObject = { metadata: { name: 'agent', namespace: 'kube-system' }, spec };
  setDefaultsDaemonSet(o);
  return o;
}

test('a defaulted DaemonSet validates', () => {
  assert.deepEqual(validateDaemonSet(ds({ selector: { matchLabels: { app: 'agent' } }, template })), []);
});

test('without a selector nothing matches the template', () => {
  assert.deepEqual(msgs(validateDaemonSet(ds({ template }))), ['spec.template.metadata.labels: Invalid value: {"app":"agent"}: `selector` does not match template `labels`']);
});

test('rolling update: exactly one of maxUnavailable and maxSurge is non-zero', () => {
  assert.deepEqual(msgs(validateDaemonSet(ds({ selector: { matchLabels: { app: 'agent' } }, template, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } }))),
    ['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero']);
  assert.deepEqual(msgs(validateDaemonSet(ds({ selector: { matchLabels: { app: 'agent' } }, template, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }))),
    ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0']);
});

test('update: the selector is immutable', () => {
  const old = ds({ selector: { matchLabels: { app: 'agent' } }, template });
  const next = ds({ selector: { matchLabels: {} , matchExpressions: [{ key: 'app', operator: 'Exists' }] }, template });
  assert.deepEqual(validateDaemonSetUpdate(next, old).map((e) => [e.field, e.detail]), [['spec.selector', 'field is immutable']]);
});
