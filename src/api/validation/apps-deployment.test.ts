import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { setDefaultsDeployment, setDefaultsReplicaSet } from '../defaults/apps.ts';
import { validateDeployment, validateDeploymentStatusUpdate, validateDeploymentUpdate, validateReplicaSet, validateReplicaSetUpdate } from './apps-deployment.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);

function deployment(spec: Record<string, unknown>): KubeObject {
  const d: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', resourceVersion: '1' }, spec };
  setDefaultsDeployment(d);
  return d;
}
const template = (labels: Record<string, string>) => ({ metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.7.9' }] } });

test('the seed Deployment validates', () => {
  assert.deepEqual(validateDeployment(deployment({ replicas: 2, selector: { matchLabels: { app: 'nginx' } }, template: template({ app: 'nginx' }) })), []);
});

test('a selector that does not match the template labels', () => {
  const errs = validateDeployment(deployment({ selector: { matchLabels: { app: 'y' } }, template: template({ app: 'x' }) }));
  assert.deepEqual(errs, [{ type: 'FieldValueInvalid', field: 'spec.template.metadata.labels', badValue: { app: 'x' }, detail: '`selector` does not match template `labels`' }]);
});

test('a missing selector: Required, and then nothing matches', () => {
  assert.deepEqual(msgs(validateDeployment(deployment({ template: template({ app: 'x' }) }))), [
    'spec.selector: Required value',
    'spec.template.metadata.labels: Invalid value: {"app":"x"}: `selector` does not match template `labels`',
  ]);
});

test('an empty selector is invalid for deployment', () => {
  assert.deepEqual(msgs(validateDeployment(deployment({ selector: {}, template: template({ app: 'x' }) }))), ['spec.selector: Invalid value: {}: empty selector is invalid for deployment']);
});

test('templates must restart Always and have no activeDeadlineSeconds', () => {
  const t = template({ app: 'x' });
  Object.assign(t.spec, { restartPolicy: 'Never', activeDeadlineSeconds: 5 });
  assert.deepEqual(msgs(validateDeployment(deployment({ selector: { matchLabels: { app: 'x' } }, template: t }))), [
    'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
  ]);
});

test('rolling update: maxUnavailable and maxSurge cannot both be 0; percentages ≤ 100%', () => {
  const base = { selector: { matchLabels: { app: 'x' } }, template: template({ app: 'x' }) };
  assert.deepEqual(msgs(validateDeployment(deployment({ ...base, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '0%' } } }))),
    ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0']);
  assert.deepEqual(msgs(validateDeployment(deployment({ ...base, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '150%', maxSurge: 1 } } }))),
    ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%']);
  assert.deepEqual(msgs(validateDeployment(deployment({ ...base, strategy: { type: 'Recreate', rollingUpdate: {} } }))),
    ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]);
});

test('negative replicas and a deadline not above minReadySeconds', () => {
  assert.deepEqual(msgs(validateDeployment(deployment({ replicas: -1, minReadySeconds: 600, selector: { matchLabels: { app: 'x' } }, template: template({ app: 'x' }) }))), [
    'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    'spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
  ]);
});

test('update: the selector is immutable in apps/v1', () => {
  const old = deployment({ selector: { matchLabels: { app: 'x' } }, template: template({ app: 'x', v: '1' }) });
  const next = deployment({ selector: { matchLabels: { app: 'x', v: '1' } }, template: template({ app: 'x', v: '1' }) });
  assert.deepEqual(msgs(validateDeploymentUpdate(next, old)), ['spec.selector: Invalid value: {"matchLabels":{"app":"x","v":"1"}}: field is immutable']);
  assert.deepEqual(validateDeploymentUpdate(deployment({ replicas: 5, selector: { matchLabels: { app: 'x' } }, template: template({ app: 'x', v: '2' }) }), old), []);
});

test('status counts cannot exceed status.replicas', () => {
  const old = deployment({ selector: { matchLabels: { app: 'x' } }, template: template({ app: 'x' }) });
  const next = { ...structuredClone(old), status: { replicas: 1, readyReplicas: 2, availableReplicas: 2 } };
  assert.deepEqual(msgs(validateDeploymentStatusUpdate(next, old)), [
    'status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas',
    'status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas',
  ]);
});

test('ReplicaSets: same selector rules, "empty selector is invalid for deployment" (sic)', () => {
  const rs = (spec: Record<string, unknown>) => { const o: KubeObject = { metadata: { name: 'rs', namespace: 'd' }, spec }; setDefaultsReplicaSet(o); return o; };
  assert.deepEqual(validateReplicaSet(rs({ selector: { matchLabels: { a: 'b' } }, template: template({ a: 'b' }) })), []);
  assert.deepEqual(msgs(validateReplicaSet(rs({ selector: {}, template: template({ a: 'b' }) }))), ['spec.selector: Invalid value: {}: empty selector is invalid for deployment']);
  const old = rs({ selector: { matchLabels: { a: 'b' } }, template: template({ a: 'b' }) });
  assert.equal(validateReplicaSetUpdate(rs({ selector: { matchLabels: { a: 'b', c: 'd' } }, template: template({ a: 'b', c: 'd' }) }), old)[0].detail, 'field is immutable');
});
