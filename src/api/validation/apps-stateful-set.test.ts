import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { setDefaultsStatefulSet } from '../defaults/apps.ts';
import { validateControllerRevision, validateControllerRevisionUpdate, validateStatefulSet, validateStatefulSetUpdate } from './apps-stateful-set.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);
const template = { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16', volumeMounts: [{ name: 'data', mountPath: '/var/lib' }] }] } };
function sts(spec: Record<string, unknown>, name = 'db'): KubeObject {
  const o: KubeObject = { metadata: { name, namespace: 'default' }, spec };
  setDefaultsStatefulSet(o);
  return o;
}
const spec = { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] };

test('a StatefulSet mounting a claim template validates (its pod spec is not validated, as in kube)', () => {
  assert.deepEqual(validateStatefulSet(sts(spec)), []);
});

test('StatefulSet names are DNS labels', () => {
  assert.equal(validateStatefulSet(sts(spec, 'db.primary'))[0].field, 'metadata.name');
});

test('a selector is required and must match', () => {
  assert.deepEqual(msgs(validateStatefulSet(sts({ ...spec, selector: { matchLabels: { app: 'other' } } }))),
    ['spec.template.metadata.labels: Invalid value: {"app":"db"}: `selector` does not match template `labels`']);
  assert.deepEqual(msgs(validateStatefulSet(sts({ ...spec, selector: {} }))), ['spec.selector: Invalid value: {}: empty selector is invalid for statefulset']);
});

test('update: only replicas, template, updateStrategy and a few more may change', () => {
  const old = sts(spec);
  assert.deepEqual(validateStatefulSetUpdate(sts({ ...spec, replicas: 3 }), old), []);
  assert.deepEqual(msgs(validateStatefulSetUpdate(sts({ ...spec, serviceName: 'other' }), old)), [
    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
  ]);
});

test('ControllerRevisions need data, which is then immutable', () => {
  const cr: KubeObject = { metadata: { name: 'db-1', namespace: 'default' }, revision: 1 };
  assert.deepEqual(msgs(validateControllerRevision(cr)), ['data: Required value: data is mandatory']);
  const old = { ...cr, data: { spec: 1 } };
  assert.deepEqual(validateControllerRevisionUpdate({ ...cr, data: { spec: 2 } }, old).map((e) => [e.field, e.detail]), [['data', 'field is immutable']]);
});
