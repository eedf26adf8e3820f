import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinResources } from '../api/builtin-resources.ts';
import type { KubeObject } from '../api/object.ts';
import type { AdmissionAttributes } from './admission.ts';
import { defaultTolerationSeconds } from './default-toleration-seconds.ts';

const resource = (name: string) => builtinResources().find((r) => r.group === '' && r.resource === name)!;

function admitPod(spec: Record<string, unknown>, extra: Partial<AdmissionAttributes> = {}): KubeObject {
  const object: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec };
  const attrs: AdmissionAttributes = { operation: 'CREATE', resource: resource('pods'), subresource: '', namespace: 'default', name: 'p', object, dryRun: false, ...extra };
  void defaultTolerationSeconds().admit!(attrs);
  return object;
}

test('a pod without tolerations gets 300 s not-ready and unreachable NoExecute tolerations', () => {
  const pod = admitPod({ containers: [{ name: 'c', image: 'x' }] });
  assert.deepEqual((pod.spec as { tolerations: unknown[] }).tolerations, [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ]);
});

test('an existing toleration of one taint is kept and only the other is added', () => {
  const own = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 6000 };
  const pod = admitPod({ tolerations: [own] });
  assert.deepEqual((pod.spec as { tolerations: unknown[] }).tolerations, [
    own,
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ]);
});

test('a toleration with an empty key and effect tolerates both: nothing is added', () => {
  const pod = admitPod({ tolerations: [{ operator: 'Exists' }] });
  assert.deepEqual((pod.spec as { tolerations: unknown[] }).tolerations, [{ operator: 'Exists' }]);
});

test('a NoSchedule toleration of not-ready does not count', () => {
  const pod = admitPod({ tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }] });
  assert.equal((pod.spec as { tolerations: unknown[] }).tolerations.length, 3);
});

test('subresources and other resources are left alone', () => {
  const sub = admitPod({}, { subresource: 'binding' });
  assert.equal((sub.spec as { tolerations?: unknown }).tolerations, undefined);
  const object: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
  void defaultTolerationSeconds().admit!({ operation: 'CREATE', resource: resource('configmaps'), subresource: '', namespace: 'default', name: 'c', object, dryRun: false });
  assert.equal(object.spec, undefined);
  assert.equal(defaultTolerationSeconds().handles('UPDATE'), false);
});
