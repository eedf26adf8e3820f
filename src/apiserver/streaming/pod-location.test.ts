import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { kubeletLocation } from './kubelet-client.ts';
import { resolveContainer } from './pod-location.ts';

const pod = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec });

test('an unnamed container defaults to the only one', () => {
  assert.equal(resolveContainer(pod({ containers: [{ name: 'main' }] }), 'web', undefined), 'main');
});

test('several containers and none named: kube\'s message, init containers listed after', () => {
  assert.throws(() => resolveContainer(pod({ containers: [{ name: 'a' }, { name: 'b' }] }), 'web', undefined),
    { message: 'a container name must be specified for pod web, choose one of: [a b]' });
  assert.throws(() => resolveContainer(pod({ containers: [{ name: 'a' }, { name: 'b' }], initContainers: [{ name: 'init' }] }), 'web', undefined),
    { message: 'a container name must be specified for pod web, choose one of: [a b] or one of the init containers: [init]' });
});

test('a named container must exist among the containers, init or ephemeral ones', () => {
  const p = pod({ containers: [{ name: 'a' }], initContainers: [{ name: 'i' }], ephemeralContainers: [{ name: 'debugger' }] });
  assert.equal(resolveContainer(p, 'web', 'i'), 'i');
  assert.equal(resolveContainer(p, 'web', 'debugger'), 'debugger');
  assert.throws(() => resolveContainer(p, 'web', 'x'), { message: 'container x is not valid for pod web' });
});

test('the kubelet is reached at the InternalIP and the reported kubelet port', () => {
  const node: KubeObject = {
    apiVersion: 'v1', kind: 'Node', metadata: { name: 'ip-127-64-0-1.ec2.internal' },
    status: { addresses: [{ type: 'Hostname', address: 'ip-127-64-0-1.ec2.internal' }, { type: 'InternalIP', address: '127.64.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: 10250 } } },
  };
  assert.deepEqual(kubeletLocation(node), { nodeName: 'ip-127-64-0-1.ec2.internal', host: '127.64.0.1', port: 10250 });
  assert.equal(kubeletLocation({ ...node, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] } })?.port, 10250, 'no port reported: the default');
  assert.equal(kubeletLocation({ ...node, status: {} }), undefined);
});
