import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../object.ts';
import { setDefaultsPriorityClass, setDefaultsStorageClass } from './storage.ts';

test('StorageClass: Delete and Immediate; PriorityClass: PreemptLowerPriority', () => {
  const sc: KubeObject = { metadata: { name: 'gp3' }, provisioner: 'ebs.csi.aws.com', volumeBindingMode: 'WaitForFirstConsumer' };
  setDefaultsStorageClass(sc);
  assert.deepEqual([sc.reclaimPolicy, sc.volumeBindingMode], ['Delete', 'WaitForFirstConsumer']);
  const pc: KubeObject = { metadata: { name: 'high' }, value: 10 };
  setDefaultsPriorityClass(pc);
  assert.equal(pc.preemptionPolicy, 'PreemptLowerPriority');
});
