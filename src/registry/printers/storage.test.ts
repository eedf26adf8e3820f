import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import {
  accessModes, csiDriverPrinter, csiNodePrinter, persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter,
  volumeAttachmentPrinter,
} from './storage.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const created = '2025-06-01T11:55:00Z';

test('access modes print in RWO,ROX,RWX,RWOP order without duplicates', () => {
  assert.equal(accessModes(['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce', 'ReadWriteOncePod']), 'RWO,RWX,RWOP');
  assert.equal(accessModes(undefined), '');
});

test('a bound EBS persistent volume', () => {
  const pv: KubeObject = {
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pvc-3f6e8a2b', creationTimestamp: created },
    spec: {
      capacity: { storage: '20Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete',
      claimRef: { namespace: 'db', name: 'data-postgres-0' }, storageClassName: 'gp3', volumeMode: 'Filesystem',
    },
    status: { phase: 'Bound' },
  };
  assert.deepEqual(persistentVolumePrinter.row(pv, NOW),
    ['pvc-3f6e8a2b', '20Gi', 'RWO', 'Delete', 'Bound', 'db/data-postgres-0', 'gp3', '<unset>', '', '5m', 'Filesystem']);
  const deleting = { ...pv, metadata: { ...pv.metadata, deletionTimestamp: created, annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' } } };
  assert.deepEqual(persistentVolumePrinter.row(deleting, NOW).slice(4, 7), ['Terminating', 'db/data-postgres-0', 'legacy']);
});

test('claims show capacity and modes only once bound', () => {
  const pending: KubeObject = {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data-postgres-0', namespace: 'db', creationTimestamp: created },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } }, storageClassName: 'gp3' },
    status: { phase: 'Pending' },
  };
  assert.deepEqual(persistentVolumeClaimPrinter.row(pending, NOW), ['data-postgres-0', 'Pending', '', '', '', 'gp3', '<unset>', '5m', '<unset>']);
  const bound = { ...pending, spec: { ...(pending.spec as object), volumeName: 'pvc-3f6e8a2b', volumeMode: 'Filesystem' }, status: { phase: 'Bound', capacity: { storage: '20Gi' }, accessModes: ['ReadWriteOnce'] } };
  assert.deepEqual(persistentVolumeClaimPrinter.row(bound, NOW), ['data-postgres-0', 'Bound', 'pvc-3f6e8a2b', '20Gi', 'RWO', 'gp3', '<unset>', '5m', 'Filesystem']);
});

test('storage classes: default marker and API defaults', () => {
  const gp2: KubeObject = {
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
    metadata: { name: 'gp2', creationTimestamp: created, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'kubernetes.io/aws-ebs',
  };
  assert.deepEqual(storageClassPrinter.row(gp2, NOW), ['gp2 (default)', 'kubernetes.io/aws-ebs', 'Delete', 'Immediate', false, '5m']);
  const gp3: KubeObject = { ...gp2, metadata: { name: 'gp3', creationTimestamp: created }, provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true };
  assert.deepEqual(storageClassPrinter.row(gp3, NOW), ['gp3', 'ebs.csi.aws.com', 'Retain', 'WaitForFirstConsumer', true, '5m']);
});

test('CSI drivers, CSI nodes and volume attachments', () => {
  const driver: KubeObject = { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: 'ebs.csi.aws.com', creationTimestamp: created }, spec: { attachRequired: true, podInfoOnMount: false, volumeLifecycleModes: ['Persistent'] } };
  assert.deepEqual(csiDriverPrinter.row(driver, NOW), ['ebs.csi.aws.com', true, false, false, '<unset>', false, 'Persistent', '5m']);
  assert.deepEqual(csiNodePrinter.row({ apiVersion: 'storage.k8s.io/v1', kind: 'CSINode', metadata: { name: 'n1', creationTimestamp: created }, spec: { drivers: [{ name: 'ebs.csi.aws.com' }] } }, NOW), ['n1', 1, '5m']);
  const va: KubeObject = { apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttachment', metadata: { name: 'csi-123', creationTimestamp: created }, spec: { attacher: 'ebs.csi.aws.com', nodeName: 'n1', source: { persistentVolumeName: 'pvc-1' } }, status: { attached: true } };
  assert.deepEqual(volumeAttachmentPrinter.row(va, NOW), ['csi-123', 'ebs.csi.aws.com', 'pvc-1', 'n1', true, '5m']);
});
