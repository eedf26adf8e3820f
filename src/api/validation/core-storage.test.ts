import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { validatePersistentVolume, validatePersistentVolumeClaim, validatePersistentVolumeClaimUpdate, validatePersistentVolumeUpdate } from './core-storage.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);
const pvSpec = { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, hostPath: { path: '/data' }, persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' };

test('a PersistentVolume needs access modes, a storage capacity and one source', () => {
  assert.deepEqual(validatePersistentVolume({ metadata: { name: 'pv' }, spec: pvSpec }), []);
  assert.deepEqual(msgs(validatePersistentVolume({ metadata: { name: 'pv' }, spec: { capacity: { storage: '0' } } })), [
    'spec.accessModes: Required value',
    'spec.capacity[storage]: Invalid value: "0": must be greater than zero',
    'spec: Required value: must specify a volume type',
  ]);
});

test('a PersistentVolume\'s source is immutable', () => {
  const old: KubeObject = { metadata: { name: 'pv' }, spec: pvSpec };
  assert.deepEqual(msgs(validatePersistentVolumeUpdate({ metadata: { name: 'pv' }, spec: { ...pvSpec, hostPath: { path: '/other' } } }, old)),
    ['spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation']);
});

const pvcSpec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' };

test('a claim needs an access mode and a positive storage request', () => {
  assert.deepEqual(validatePersistentVolumeClaim({ metadata: { name: 'c', namespace: 'd' }, spec: pvcSpec }), []);
  assert.deepEqual(msgs(validatePersistentVolumeClaim({ metadata: { name: 'c', namespace: 'd' }, spec: {} })), [
    'spec.accessModes: Required value: at least 1 access mode is required',
    'spec.resources[storage]: Required value',
  ]);
  assert.deepEqual(msgs(validatePersistentVolumeClaim({ metadata: { name: 'c', namespace: 'd' }, spec: { ...pvcSpec, accessModes: ['ReadWriteOncePod', 'ReadOnlyMany'] } })),
    ['spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes']);
});

test('a claim\'s spec is immutable but for a bound claim\'s storage request and a first volumeName', () => {
  const old: KubeObject = { metadata: { name: 'c', namespace: 'd' }, spec: pvcSpec, status: { phase: 'Bound' } };
  const grown: KubeObject = { ...structuredClone(old), spec: { ...pvcSpec, resources: { requests: { storage: '2Gi' } }, volumeName: 'pv-1' } };
  assert.deepEqual(validatePersistentVolumeClaimUpdate(grown, old), []);
  const shrunk: KubeObject = { ...structuredClone(old), spec: { ...pvcSpec, resources: { requests: { storage: '512Mi' } } } };
  assert.deepEqual(msgs(validatePersistentVolumeClaimUpdate(shrunk, old)), ['spec.resources.requests.storage: Forbidden: field can not be less than previous value']);
  const changed: KubeObject = { ...structuredClone(old), spec: { ...pvcSpec, storageClassName: 'fast' } };
  assert.deepEqual(msgs(validatePersistentVolumeClaimUpdate(changed, old)), ['spec: Forbidden: spec is immutable after creation except resources.requests for bound claims']);
});
