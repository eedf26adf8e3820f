import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../object.ts';
import { setDefaultsDaemonSet, setDefaultsDeployment, setDefaultsStatefulSet } from './apps.ts';

test('the seed Deployment defaults to exactly what kube-apiserver stores', () => {
  const d: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx-deployment' }, spec: {
    replicas: 2, selector: { matchLabels: { app: 'nginx' } },
    template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.7.9', ports: [{ containerPort: 80 }] }] } },
  } };
  setDefaultsDeployment(d);
  assert.deepEqual(d.spec, {
    replicas: 2,
    selector: { matchLabels: { app: 'nginx' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
    template: {
      metadata: { creationTimestamp: null, labels: { app: 'nginx' } },
      spec: {
        containers: [{
          name: 'nginx', image: 'nginx:1.7.9', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: {},
          imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
        }],
        restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', securityContext: {}, schedulerName: 'default-scheduler',
      },
    },
  });
});

test('Recreate Deployments get no rollingUpdate', () => {
  const d: KubeObject = { metadata: { name: 'd' }, spec: { strategy: { type: 'Recreate' } } };
  setDefaultsDeployment(d);
  assert.deepEqual((d.spec as Record<string, unknown>).strategy, { type: 'Recreate' });
});

test('DaemonSet: RollingUpdate with maxUnavailable 1 and maxSurge 0', () => {
  const ds: KubeObject = { metadata: { name: 'd' }, spec: {} };
  setDefaultsDaemonSet(ds);
  assert.deepEqual(ds.spec, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 });
});

test('StatefulSet defaults, claim templates included', () => {
  const sts: KubeObject = { metadata: { name: 'db' }, spec: { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }] } };
  setDefaultsStatefulSet(sts);
  assert.deepEqual(sts.spec, {
    podManagementPolicy: 'OrderedReady',
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    replicas: 1,
    revisionHistoryLimit: 10,
    volumeClaimTemplates: [{ metadata: { name: 'data', creationTimestamp: null }, spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' }, status: { phase: 'Pending' } }],
  });
});

test('OnDelete StatefulSets get no rollingUpdate', () => {
  const sts: KubeObject = { metadata: { name: 'db' }, spec: { updateStrategy: { type: 'OnDelete' } } };
  setDefaultsStatefulSet(sts);
  assert.deepEqual((sts.spec as Record<string, unknown>).updateStrategy, { type: 'OnDelete' });
});
