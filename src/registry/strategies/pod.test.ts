import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/object.ts';
import { podStrategy } from './pod.ts';
import { computePodQOS } from './pod-qos.ts';

function created(spec: Record<string, unknown>): KubeObject {
  const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u1', resourceVersion: '1' }, spec, status: { phase: 'Running' } };
  podStrategy.applyDefaults?.(pod);
  podStrategy.prepareForCreate?.(pod);
  return pod;
}

test('create: status is reset to Pending with the QoS class', () => {
  const pod = created({ containers: [{ name: 'a', image: 'nginx' }] });
  assert.deepEqual(pod.status, { phase: 'Pending', qosClass: 'BestEffort' });
  assert.deepEqual(podStrategy.validate(pod), []);
  assert.equal(podStrategy.tracksGeneration, undefined);
});

test('create: scheduling gates add the SchedulingGated condition', () => {
  const pod = created({ schedulingGates: [{ name: 'example.com/wait' }], containers: [{ name: 'a', image: 'nginx' }] });
  assert.deepEqual((pod.status as { conditions: unknown[] }).conditions, [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: null, reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' }]);
});

test('QoS classes', () => {
  const qos = (containers: unknown[]) => computePodQOS({ metadata: {}, spec: { containers } });
  assert.equal(qos([{ name: 'a' }]), 'BestEffort');
  assert.equal(qos([{ name: 'a', resources: { requests: { cpu: '100m' } } }]), 'Burstable');
  assert.equal(qos([{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } } }]), 'Guaranteed');
  assert.equal(qos([{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } } }]), 'Burstable');
  assert.equal(qos([{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' } } }, { name: 'b' }]), 'Burstable');
  // Limits alone make requests by defaulting, so a Pod with only limits is Guaranteed.
  const pod = created({ containers: [{ name: 'a', image: 'x:1', resources: { limits: { cpu: '1', memory: '1Gi' } } }] });
  assert.equal((pod.status as { qosClass: string }).qosClass, 'Guaranteed');
});

test('update: users cannot write status through the main resource', () => {
  const old = created({ containers: [{ name: 'a', image: 'nginx:1' }] });
  const next = structuredClone(old);
  next.status = { phase: 'Succeeded' };
  (next.spec as { containers: { image: string }[] }).containers[0].image = 'nginx:2';
  podStrategy.applyDefaults?.(next);
  podStrategy.prepareForUpdate?.(next, old);
  assert.deepEqual(next.status, old.status);
  assert.deepEqual(podStrategy.validateUpdate(next, old), []);
});

test('status update: spec and ownerReferences come from the stored Pod; podIP fills podIPs; qosClass backfilled', () => {
  const old = created({ containers: [{ name: 'a', image: 'nginx' }] });
  old.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'r1', controller: true }];
  const next = structuredClone(old);
  next.spec = { containers: [] };
  next.metadata.ownerReferences = [];
  next.status = { phase: 'Running', podIP: '127.1.0.9' };
  podStrategy.status?.prepareForUpdate?.(next, old);
  assert.deepEqual(next.spec, old.spec);
  assert.deepEqual(next.metadata.ownerReferences, old.metadata.ownerReferences);
  assert.deepEqual(next.status, { phase: 'Running', podIP: '127.1.0.9', podIPs: [{ ip: '127.1.0.9' }], qosClass: 'BestEffort' });
  assert.deepEqual(podStrategy.status?.validateUpdate?.(next, old), []);
});

test('graceful deletion: the requested or the spec\'s period for scheduled, unfinished pods', () => {
  const pod = created({ containers: [{ name: 'a', image: 'nginx' }], terminationGracePeriodSeconds: 45 });
  const grace = podStrategy.gracePeriodSeconds!;
  assert.equal(grace(pod, undefined), undefined, 'never scheduled: at once');
  (pod.spec as Record<string, unknown>).nodeName = 'node-1';
  assert.equal(grace(pod, undefined), 45);
  assert.equal(grace(pod, 5), 5);
  assert.equal(grace(pod, 0), undefined);
  assert.equal(grace(pod, -3), 1);
  pod.status = { phase: 'Succeeded' };
  assert.equal(grace(pod, 10), undefined, 'finished: at once');
});

test('field selectors as GetAttrs', () => {
  const pod = created({ containers: [{ name: 'a', image: 'nginx' }], nodeName: 'node-1', serviceAccountName: 'sa' });
  pod.status = { phase: 'Running', podIPs: [{ ip: '127.1.0.3' }] };
  assert.deepEqual(podStrategy.fieldSet?.(pod), {
    'spec.nodeName': 'node-1', 'spec.restartPolicy': 'Always', 'spec.schedulerName': 'default-scheduler', 'spec.serviceAccountName': 'sa',
    'spec.hostNetwork': 'false', 'status.phase': 'Running', 'status.podIP': '127.1.0.3', 'status.nominatedNodeName': '',
  });
});
