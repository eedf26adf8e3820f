import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManagedFieldsEntry } from '../object.ts';
import { upgradeManagedFields } from './csa-upgrade.ts';

const e = (manager: string, operation: 'Apply' | 'Update', fieldsV1: Record<string, unknown>, more: Partial<ManagedFieldsEntry> = {}): ManagedFieldsEntry =>
  ({ manager, operation, apiVersion: 'apps/v1', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1, ...more });

test('the client-side entry folds into the existing Apply entry, which keeps its place and time', () => {
  const entries = [
    e('kubectl', 'Apply', { 'f:spec': { 'f:replicas': {} } }, { time: '2026-01-01T01:00:00Z' }),
    e('kubectl-client-side-apply', 'Update', { 'f:metadata': { 'f:labels': { '.': {}, 'f:tier': {} } } }),
    e('kube-controller-manager', 'Update', { 'f:status': { 'f:replicas': {} } }, { subresource: 'status' }),
  ];
  const before = JSON.stringify(entries);
  assert.deepEqual(upgradeManagedFields(entries, ['kubectl-client-side-apply'], 'kubectl'), [
    e('kubectl', 'Apply', { 'f:metadata': { 'f:labels': { '.': {}, 'f:tier': {} } }, 'f:spec': { 'f:replicas': {} } }, { time: '2026-01-01T01:00:00Z' }),
    entries[2],
  ]);
  assert.equal(JSON.stringify(entries), before, 'the input is not modified');
});

test('without an Apply entry the first client-side entry becomes it', () => {
  const entries = [e('kubectl-client-side-apply', 'Update', { 'f:spec': { 'f:replicas': {} } })];
  assert.deepEqual(upgradeManagedFields(entries, ['kubectl-client-side-apply'], 'kubectl'), [e('kubectl', 'Apply', { 'f:spec': { 'f:replicas': {} } })]);
});

test('nothing to migrate leaves the entries as they are; an emptied list is undefined', () => {
  const entries = [e('helm', 'Update', { 'f:data': {} })];
  assert.deepEqual(upgradeManagedFields(entries, ['kubectl-client-side-apply'], 'kubectl'), entries);
  assert.equal(upgradeManagedFields(undefined, ['x'], 'kubectl'), undefined);
  const onlyOther = [e('kubectl', 'Apply', { 'f:a': {} }, { subresource: 'status' })];
  assert.deepEqual(upgradeManagedFields(onlyOther, ['x'], 'kubectl', { subresource: 'status' }), onlyOther);
});
