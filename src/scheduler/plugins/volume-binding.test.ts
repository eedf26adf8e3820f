import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/object.ts';
import { CycleState } from '../framework/cycle-state.ts';
import { filterResults, makeNode, makePod, newTestScheduler, pluginOf } from '../testing.ts';
import { ANNOTATION_SELECTED_NODE, ERR_REASON_BIND_CONFLICT, ERR_REASON_NODE_CONFLICT, ERR_REASON_UNBOUND_IMMEDIATE, VOLUME_BINDING, type VolumeBinding } from './volume-binding.ts';

const pvc = (name: string, o: { volumeName?: string; storageClassName?: string; size?: string } = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' },
  spec: { volumeName: o.volumeName, storageClassName: o.storageClassName, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: o.size ?? '1Gi' } } },
});
const localPv = (name: string, node: string, o: { storageClassName?: string; size?: string } = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
  spec: {
    capacity: { storage: o.size ?? '10Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: o.storageClassName ?? 'local', local: { path: '/mnt/disk' },
    nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
  },
  status: { phase: 'Available' },
});
const storageClass = (name: string, provisioner: string, mode = 'WaitForFirstConsumer'): KubeObject =>
  ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner, volumeBindingMode: mode });
const podWithClaims = (...claims: string[]) => makePod('p', { spec: { volumes: claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } })) } });

function cluster(objects: [Parameters<ReturnType<typeof newTestScheduler>['cluster']['addObject']>[0], KubeObject][]) {
  const ts = newTestScheduler();
  for (const n of ['n1', 'n2']) ts.cluster.addNode(makeNode(n));
  for (const [kind, o] of objects) ts.cluster.addObject(kind, o);
  return ts;
}

const cases: { name: string; objects: Parameters<typeof cluster>[0]; claims: string[]; want: Record<string, string> }[] = [
  { name: 'no claims: skipped', objects: [], claims: [], want: { Skip: '' } },
  { name: 'a missing claim', objects: [], claims: ['data'], want: { UnschedulableAndUnresolvable: 'persistentvolumeclaim "data" not found' } },
  { name: 'an unbound claim of an Immediate class', objects: [['StorageClass', storageClass('gp2', 'ebs.csi.aws.com', 'Immediate')], ['PersistentVolumeClaim', pvc('data', { storageClassName: 'gp2' })]], claims: ['data'], want: { UnschedulableAndUnresolvable: ERR_REASON_UNBOUND_IMMEDIATE } },
  { name: 'a bound claim follows its local volume', objects: [['PersistentVolume', localPv('pv1', 'n2')], ['PersistentVolumeClaim', pvc('data', { volumeName: 'pv1' })]], claims: ['data'], want: { n1: ERR_REASON_NODE_CONFLICT, n2: '' } },
  { name: 'WaitForFirstConsumer with a provisioner fits anywhere', objects: [['StorageClass', storageClass('gp3', 'ebs.csi.aws.com')], ['PersistentVolumeClaim', pvc('data', { storageClassName: 'gp3' })]], claims: ['data'], want: { n1: '', n2: '' } },
  {
    name: 'WaitForFirstConsumer without a provisioner needs a matching local volume',
    objects: [['StorageClass', storageClass('local', 'kubernetes.io/no-provisioner')], ['PersistentVolume', localPv('pv1', 'n1')], ['PersistentVolumeClaim', pvc('data', { storageClassName: 'local' })]],
    claims: ['data'], want: { n1: '', n2: ERR_REASON_BIND_CONFLICT },
  },
  {
    name: 'a local volume too small does not match',
    objects: [['StorageClass', storageClass('local', 'kubernetes.io/no-provisioner')], ['PersistentVolume', localPv('pv1', 'n1', { size: '1Gi' })], ['PersistentVolumeClaim', pvc('data', { storageClassName: 'local', size: '5Gi' })]],
    claims: ['data'], want: { n1: ERR_REASON_BIND_CONFLICT, n2: ERR_REASON_BIND_CONFLICT },
  },
];

for (const t of cases) {
  test(`VolumeBinding filter: ${t.name}`, () => {
    const ts = cluster(t.objects);
    assert.deepEqual(filterResults(ts.scheduler, VOLUME_BINDING, podWithClaims(...t.claims)), t.want);
  });
}

test('VolumeBinding PreBind records the selected node on delayed claims', async () => {
  const ts = cluster([['StorageClass', storageClass('gp3', 'ebs.csi.aws.com')], ['PersistentVolumeClaim', pvc('data', { storageClassName: 'gp3' })]]);
  const plugin = pluginOf<VolumeBinding>(ts.scheduler, VOLUME_BINDING);
  const state = new CycleState();
  const pod = ts.scheduler.podInfoFor(podWithClaims('data'));
  plugin.preFilter(state, pod);
  assert.equal((await plugin.preBind(state, pod, 'n2')).code, 'Success');
  assert.equal(ts.cluster.pvc('default', 'data')?.metadata.annotations?.[ANNOTATION_SELECTED_NODE], 'n2');
});
