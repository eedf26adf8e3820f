import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schemaForKind } from '../schema.ts';
import type { KubeObject, ManagedFieldsEntry } from '../object.ts';
import { applyPatch } from './apply.ts';
import { FieldSet } from './field-set.ts';
import { managerFromUserAgent, managerOrUserAgent, updateManagedFields } from './managed-fields.ts';
import { fieldElement } from './path-element.ts';

const deployment = schemaForKind({ group: 'apps', version: 'v1', kind: 'Deployment' });
const configMap = schemaForKind({ group: '', version: 'v1', kind: 'ConfigMap' });
const T0 = '2026-01-01T00:00:00Z';

const cm = (data: Record<string, string>, extra: Partial<KubeObject['metadata']> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', uid: 'u', ...extra }, data });
const entry = (manager: string, fieldsV1: Record<string, unknown>, more: Partial<ManagedFieldsEntry> = {}): ManagedFieldsEntry =>
  ({ manager, operation: 'Update', apiVersion: 'v1', time: T0, fieldsType: 'FieldsV1', fieldsV1, ...more });
const update = (old: KubeObject | undefined, next: KubeObject, manager: string, more: { subresource?: string; resetFields?: FieldSet; now?: string } = {}) =>
  updateManagedFields(old, next, { manager, operation: 'Update', now: more.now ?? '2026-01-01T00:05:00.789Z', apiVersion: 'v1', schema: configMap, ...more });

test('the default manager is the User-Agent up to the first slash', () => {
  assert.equal(managerFromUserAgent('kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07'), 'kubectl');
  assert.equal(managerFromUserAgent('kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/abc/system:serviceaccount:x'), 'kube-controller-manager');
  assert.equal(managerFromUserAgent('Go-http-client/1.1'), 'Go-http-client');
  assert.equal(managerFromUserAgent('no slash at all'), 'no slash at all');
  assert.equal(managerFromUserAgent('tab\there\u0007/1'), 'tabhere', 'non-printable characters are dropped');
  assert.equal(managerFromUserAgent('é'.repeat(100)), 'é'.repeat(64), 'cut at 128 bytes of UTF-8');
  assert.equal(managerOrUserAgent('helm', 'kubectl/v1.32'), 'helm');
  assert.equal(managerOrUserAgent(undefined, 'kubectl/v1.32'), 'kubectl');
});

test('a create gives the creator every field, with "." on what it added, at whole-second time', () => {
  const r = update(undefined, cm({ a: '1' }, { uid: undefined, labels: { x: 'y' } }), 'kubectl-create');
  assert.deepEqual(r.managedFields, [entry('kubectl-create', { 'f:data': { '.': {}, 'f:a': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:x': {} } } }, { time: '2026-01-01T00:05:00Z' })]);
  assert.deepEqual(r.object.metadata.managedFields, r.managedFields);
});

test('an update moves changed fields, drops removed ones, and removes emptied entries', () => {
  const old = cm({ a: '1', b: '2' }, { managedFields: [entry('creator', { 'f:data': { '.': {}, 'f:a': {}, 'f:b': {} } }), entry('other', { 'f:data': { 'f:b': {} } })] });
  const r = update(old, cm({ a: '1', b: '3' }), 'editor');
  assert.deepEqual(r.managedFields.map((e) => [e.manager, e.fieldsV1]), [
    ['creator', { 'f:data': { '.': {}, 'f:a': {} } }],
    ['editor', { 'f:data': { 'f:b': {} } }],
  ]);
  const r2 = update(r.object, cm({ a: '1' }), 'pruner');
  assert.deepEqual(r2.managedFields.map((e) => e.manager), ['creator'], 'editor lost its only field; pruner changed nothing it can own');
});

test('managedFields sent with the write replace the tracked ones; [] resets; undecodable ones are ignored', () => {
  const old = cm({ a: '1' }, { managedFields: [entry('creator', { 'f:data': { 'f:a': {} } })] });
  const edited = [entry('someone-else', { 'f:data': { 'f:a': {} } })];
  assert.deepEqual(update(old, { ...cm({ a: '1' }), metadata: { ...old.metadata, managedFields: edited } }, 'x').managedFields, edited);
  assert.deepEqual(update(old, { ...cm({ a: '1' }), metadata: { ...old.metadata, managedFields: [] } }, 'x').managedFields, []);
  assert.deepEqual(update(old, { ...cm({ a: '1' }), metadata: { ...old.metadata, managedFields: [{}] } }, 'x').managedFields, []);
  const bad = [{ manager: 'm', operation: 'Update' as const, apiVersion: 'v1', fieldsType: 'FieldsV2', fieldsV1: {} }];
  assert.deepEqual(update(old, { ...cm({ a: '1' }), metadata: { ...old.metadata, managedFields: bad } }, 'x').managedFields, old.metadata.managedFields);
  const sub = update(old, { ...cm({ a: '1' }), metadata: { ...old.metadata, managedFields: edited } }, 'x', { subresource: 'status' });
  assert.deepEqual(sub.managedFields, old.metadata.managedFields, 'a subresource write keeps the stored entries');
});

test('subresource writes have their own entries; reset fields are never owned', () => {
  const dep = (replicas: number, ready?: number): KubeObject => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default', uid: 'u' },
    spec: { replicas }, ...(ready === undefined ? {} : { status: { readyReplicas: ready } }),
  });
  const status = new FieldSet([[fieldElement('status')]]);
  const spec = new FieldSet([[fieldElement('spec')]]);
  const common = { operation: 'Update' as const, now: T0, apiVersion: 'apps/v1', schema: deployment };
  const created = updateManagedFields(undefined, dep(1, 0), { ...common, manager: 'kubectl-create', resetFields: status });
  assert.deepEqual(created.managedFields[0]!.fieldsV1, { 'f:spec': { 'f:replicas': {} } }, 'status is not owned through the main resource');
  const withStatus = updateManagedFields(created.object, dep(1, 1), { ...common, manager: 'kube-controller-manager', subresource: 'status', resetFields: spec });
  assert.deepEqual(withStatus.managedFields.map((e) => [e.manager, e.subresource, e.fieldsV1]), [
    ['kube-controller-manager', 'status', { 'f:status': { 'f:readyReplicas': {} } }],
    ['kubectl-create', undefined, { 'f:spec': { 'f:replicas': {} } }],
  ], 'entries of the same second sort by manager name');
  // An apply through the main resource neither owns nor conflicts on status.
  const applied = applyPatch(withStatus.object, { ...dep(1), status: { readyReplicas: 7 } }, { manager: 'kubectl', force: false, schema: deployment, now: T0, apiVersion: 'apps/v1', resetFields: status });
  assert.deepEqual(applied.managedFields.find((e) => e.manager === 'kubectl')!.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
});

test('beyond ten Update entries the oldest merge into ancient-changes', () => {
  const entries = Array.from({ length: 10 }, (_, i) => entry(`m${i}`, { 'f:data': { [`f:k${i}`]: {} } }, { time: `2026-01-01T00:00:${String(i).padStart(2, '0')}Z` }));
  const data = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v']));
  const old = cm(data, { managedFields: entries });
  const r = update(old, cm({ ...data, k10: 'v' }), 'm10', { now: '2026-01-01T00:01:00Z' });
  assert.equal(r.managedFields.length, 10);
  const ancient = r.managedFields.find((e) => e.manager === 'ancient-changes')!;
  assert.deepEqual(ancient.fieldsV1, { 'f:data': { 'f:k0': {}, 'f:k1': {} } });
  assert.equal(ancient.time, '2026-01-01T00:00:01Z', 'the bucket takes the time of the newest entry merged into it');
  assert.ok(!r.managedFields.some((e) => e.manager === 'm0' || e.manager === 'm1'));
});

test('bad live data keeps the stored managedFields instead of failing the write', () => {
  const pod = schemaForKind({ group: '', version: 'v1', kind: 'Pod' });
  const stored = [entry('creator', { 'f:spec': { 'f:nodeName': {} } })];
  const old: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', uid: 'u', managedFields: stored }, spec: { containers: [{ image: 'x' }] } };
  const r = updateManagedFields(old, { ...old, spec: { containers: [{ image: 'y' }] } }, { manager: 'm', operation: 'Update', now: T0, apiVersion: 'v1', schema: pod });
  assert.deepEqual(r.managedFields, stored);
});

test('inputs are never modified', () => {
  const old = cm({ a: '1' }, { managedFields: [entry('creator', { 'f:data': { 'f:a': {} } })] });
  const next = cm({ a: '2' });
  const before = JSON.stringify([old, next]);
  update(old, next, 'x');
  applyPatch(old, cm({ a: '3' }), { manager: 'y', force: true, schema: configMap, now: T0, apiVersion: 'v1' });
  assert.equal(JSON.stringify([old, next]), before);
});

test('a write without a manager name is recorded as "unknown"; a stored entry without one stays so', () => {
  assert.equal(update(undefined, cm({ a: '1' }, { uid: undefined }), '').managedFields[0]!.manager, 'unknown');
  const old = cm({ a: '1' }, { managedFields: [{ operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } }] });
  const r = update(old, cm({ a: '1', b: '2' }), 'x');
  assert.deepEqual(r.managedFields.map((e) => e.manager), [undefined, 'x']);
});
