import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../object.ts';
import { defaultImagePullPolicy, imageTag, setDefaultsPod, setDefaultsPodTemplateSpec, setDefaultsProbe } from './core-pod.ts';

test('imagePullPolicy: Always for :latest or untagged, IfNotPresent otherwise', () => {
  assert.equal(defaultImagePullPolicy('nginx'), 'Always');
  assert.equal(defaultImagePullPolicy('nginx:latest'), 'Always');
  assert.equal(defaultImagePullPolicy('nginx:1.7.9'), 'IfNotPresent');
  assert.equal(defaultImagePullPolicy('registry.local:5000/team/app'), 'Always');
  assert.equal(defaultImagePullPolicy('registry.local:5000/team/app:v2'), 'IfNotPresent');
  assert.equal(defaultImagePullPolicy(`nginx@sha256:${'a'.repeat(64)}`), 'IfNotPresent');
  assert.equal(defaultImagePullPolicy(`nginx:latest@sha256:${'a'.repeat(64)}`), 'Always');
  // An unparsable reference has no tag: IfNotPresent, as kubelet's ParseImageName error path.
  assert.equal(defaultImagePullPolicy('Nginx'), 'IfNotPresent');
  assert.equal(imageTag('public.ecr.aws/eks/pause:3.9'), '3.9');
});

test('probe defaults', () => {
  const p = { httpGet: { port: 8080 } } as Record<string, unknown>;
  setDefaultsProbe(p);
  assert.deepEqual(p, { httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
});

test('a Pod gets the pod-only defaults, its spec and containers their defaults', () => {
  const pod: KubeObject = { metadata: { name: 'p' }, spec: {
    serviceAccount: 'builder',
    volumes: [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'c' } }, { name: 'host', hostPath: { path: '/var' } }],
    containers: [{ name: 'a', image: 'busybox', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '1' } }, env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }] }],
  } };
  setDefaultsPod(pod);
  assert.deepEqual(pod.spec, {
    serviceAccount: 'builder',
    serviceAccountName: 'builder',
    volumes: [{ name: 'scratch', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } }, { name: 'host', hostPath: { path: '/var', type: '' } }],
    containers: [{
      name: 'a', image: 'busybox', ports: [{ containerPort: 80, protocol: 'TCP' }],
      resources: { limits: { cpu: '1' }, requests: { cpu: '1' } },
      env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName', apiVersion: 'v1' } } }],
      imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
    }],
    enableServiceLinks: true,
    dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', securityContext: {}, terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler',
  });
});

test('host-network Pods get hostPort = containerPort', () => {
  const pod: KubeObject = { metadata: { name: 'p' }, spec: { hostNetwork: true, containers: [{ name: 'a', image: 'x:1', ports: [{ containerPort: 9100 }] }] } };
  setDefaultsPod(pod);
  assert.deepEqual((pod.spec as { containers: { ports: unknown[] }[] }).containers[0].ports, [{ containerPort: 9100, hostPort: 9100, protocol: 'TCP' }]);
});

test('status podIP and podIPs are kept in step', () => {
  const pod: KubeObject = { metadata: { name: 'p' }, spec: { containers: [] }, status: { podIP: '127.1.0.7', hostIPs: [{ ip: '127.0.1.1' }] } };
  setDefaultsPod(pod);
  assert.deepEqual(pod.status, { podIP: '127.1.0.7', podIPs: [{ ip: '127.1.0.7' }], hostIPs: [{ ip: '127.0.1.1' }], hostIP: '127.0.1.1' });
});

test('templates get spec defaults but not the pod-only ones, and creationTimestamp: null', () => {
  const t: Record<string, unknown> = { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x:1', resources: { limits: { cpu: '1' } } }] } };
  setDefaultsPodTemplateSpec(t);
  const spec = t.spec as Record<string, unknown>;
  assert.equal(spec.enableServiceLinks, undefined);
  assert.deepEqual((spec.containers as { resources: unknown }[])[0].resources, { limits: { cpu: '1' } });
  assert.deepEqual(t.metadata, { labels: { a: 'b' }, creationTimestamp: null });
});
