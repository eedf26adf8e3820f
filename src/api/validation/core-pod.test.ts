import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { setDefaultsPod } from '../defaults/core-pod.ts';
import { UPDATABLE_POD_SPEC_FIELDS, validatePodCreate, validatePodStatusUpdate, validatePodUpdate } from './core-pod.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);

function pod(spec: Record<string, unknown>): KubeObject {
  const p: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u', resourceVersion: '1' }, spec };
  setDefaultsPod(p);
  return p;
}

test('a Pod without containers: spec.containers: Required value', () => {
  assert.deepEqual(msgs(validatePodCreate(pod({}))), ['spec.containers: Required value']);
});

test('a valid defaulted Pod passes', () => {
  assert.deepEqual(validatePodCreate(pod({ containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80, name: 'http' }] }] })), []);
});

test('container names are required, DNS labels and unique; images required', () => {
  const errs = validatePodCreate(pod({ containers: [{ name: 'a', image: 'x' }, { name: 'a', image: '' }, { image: 'y' }] }));
  assert.deepEqual(msgs(errs), [
    'spec.containers[1].image: Required value',
    'spec.containers[1].name: Duplicate value: "a"',
    'spec.containers[2].name: Required value',
  ]);
});

test('ports: containerPort required, names valid and unique, protocol supported', () => {
  const errs = validatePodCreate(pod({ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 0 }, { containerPort: 70000, protocol: 'ICMP', name: 'p' }, { containerPort: 1, name: 'p' }] }] }));
  assert.deepEqual(msgs(errs), [
    'spec.containers[0].ports[0].containerPort: Required value',
    'spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    'spec.containers[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    'spec.containers[0].ports[2].name: Duplicate value: "p"',
  ]);
});

test('restartPolicy and dnsPolicy are enums', () => {
  const errs = validatePodCreate(pod({ restartPolicy: 'Sometimes', dnsPolicy: 'Mine', containers: [{ name: 'a', image: 'x' }] }));
  assert.deepEqual(msgs(errs), [
    'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    'spec.dnsPolicy: Unsupported value: "Mine": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
  ]);
});

test('volumes: one source each, unique names; mounts must name a volume', () => {
  const errs = validatePodCreate(pod({
    volumes: [{ name: 'data', emptyDir: {}, hostPath: { path: '/x' } }, { name: 'data', secret: {} }],
    containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/d' }, { name: 'nope', mountPath: '/d' }] }],
  }));
  assert.deepEqual(msgs(errs), [
    'spec.volumes[0].emptyDir: Forbidden: may not specify more than 1 volume type',
    'spec.volumes[1].secret.secretName: Required value',
    'spec.volumes[1].name: Duplicate value: "data"',
    'spec.containers[0].volumeMounts[1].name: Invalid value: "nope": not found',
    'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/d": must be unique',
  ]);
});

test('requests may not exceed limits', () => {
  const errs = validatePodCreate(pod({ containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '2' }, limits: { cpu: '1000m' } } }] }));
  assert.deepEqual(msgs(errs), ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1']);
});

test('probes need exactly one handler; liveness successThreshold must be 1', () => {
  const errs = validatePodCreate(pod({ containers: [{ name: 'a', image: 'x', livenessProbe: { successThreshold: 2, tcpSocket: { port: 80 } }, readinessProbe: {} }] }));
  assert.deepEqual(msgs(errs), [
    'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
    'spec.containers[0].readinessProbe: Required value: must specify a handler type',
  ]);
});

test('tolerations: an empty key needs operator Exists', () => {
  const errs = validatePodCreate(pod({ tolerations: [{ operator: 'Equal', value: 'x' }], containers: [{ name: 'a', image: 'x' }] }));
  assert.deepEqual(msgs(errs), ['spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"']);
});

test('host network: a set hostPort must equal the containerPort', () => {
  const errs = validatePodCreate(pod({ hostNetwork: true, containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81 }] }] }));
  assert.deepEqual(msgs(errs), ['spec.containers[0].ports[0].containerPort: Invalid value: 80: must match `hostPort` when `hostNetwork` is true']);
});

test('ephemeral containers cannot be set on create', () => {
  const errs = validatePodCreate(pod({ containers: [{ name: 'a', image: 'x' }], ephemeralContainers: [{ name: 'e', image: 'busybox' }] }));
  assert.deepEqual(msgs(errs), ['spec.ephemeralContainers: Forbidden: cannot be set on create']);
});

test('update: images, activeDeadlineSeconds and added tolerations may change', () => {
  const old = pod({ containers: [{ name: 'a', image: 'nginx:1' }], tolerations: [{ key: 'k', operator: 'Exists' }] });
  const next = pod({ containers: [{ name: 'a', image: 'nginx:2' }], activeDeadlineSeconds: 30, tolerations: [{ key: 'k', operator: 'Exists' }, { key: 'j', operator: 'Exists' }] });
  // The pull policy was defaulted from the old image and is kept by clients that send the whole object.
  (next.spec as { containers: { imagePullPolicy: string }[] }).containers[0].imagePullPolicy = 'IfNotPresent';
  assert.deepEqual(validatePodUpdate(next, old), []);
});

test('update: other spec fields are forbidden, with kube\'s list of updatable fields', () => {
  const old = pod({ containers: [{ name: 'a', image: 'nginx' }] });
  const next = pod({ containers: [{ name: 'a', image: 'nginx' }], nodeName: 'node-1' });
  const errs = validatePodUpdate(next, old);
  assert.equal(errs.length, 1);
  assert.equal(errs[0].type, 'FieldValueForbidden');
  assert.equal(errs[0].field, 'spec');
  assert.ok(errs[0].detail?.startsWith(`pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n`));
  assert.ok(errs[0].detail?.includes('+ \tNodeName: "node-1",'));
  assert.equal(UPDATABLE_POD_SPEC_FIELDS.join(','),
    '`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)');
});

test('update: containers may not be added, activeDeadlineSeconds may only shrink', () => {
  const old = pod({ containers: [{ name: 'a', image: 'x' }], activeDeadlineSeconds: 10 });
  assert.deepEqual(msgs(validatePodUpdate(pod({ containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }], activeDeadlineSeconds: 10 }), old)),
    ['spec.containers: Forbidden: pod updates may not add or remove containers']);
  assert.deepEqual(msgs(validatePodUpdate(pod({ containers: [{ name: 'a', image: 'x' }], activeDeadlineSeconds: 20 }), old)),
    ['spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value']);
});

test('update: existing tolerations may not be removed', () => {
  const old = pod({ containers: [{ name: 'a', image: 'x' }], tolerations: [{ key: 'k', operator: 'Exists' }] });
  assert.deepEqual(msgs(validatePodUpdate(pod({ containers: [{ name: 'a', image: 'x' }] }), old)),
    ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
});

test('status update: nodeName may not change; terminated containers stay terminated under restartPolicy Never', () => {
  const old = pod({ restartPolicy: 'Never', containers: [{ name: 'a', image: 'x' }] });
  old.status = { containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 0 } } }] };
  const next = structuredClone(old);
  next.status = { containerStatuses: [{ name: 'a', state: { running: {} } }], podIPs: [{ ip: '127.1.0.5' }] };
  assert.deepEqual(msgs(validatePodStatusUpdate(next, old)), ['status.containerStatuses[0]: Forbidden: terminated container a attempted illegal transition to non-terminated state']);
  const moved = structuredClone(old);
  (moved.spec as Record<string, unknown>).nodeName = 'n2';
  assert.deepEqual(msgs(validatePodStatusUpdate(moved, old)), ['status.nodeName: Forbidden: may not be changed directly']);
});
