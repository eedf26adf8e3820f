import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { podPrinter, podTemplatePrinter } from './pod.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const ago = (seconds: number): string => new Date(NOW - seconds * 1000).toISOString().replace('.000Z', 'Z');

function pod(spec: Record<string, unknown>, status: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'web-7d4b9c-x2x9z', namespace: 'default', creationTimestamp: ago(300), ...metadata },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
    status,
  };
}

const running = { running: { startedAt: ago(290) } };

/** NAME, READY, STATUS, RESTARTS, AGE: the default (non-wide) cells. */
function main(p: KubeObject): unknown[] {
  return podPrinter.row(p, NOW).slice(0, 5);
}

test('pod columns match kube-apiserver: 5 default, 4 wide', () => {
  assert.deepEqual(podPrinter.columns.map((c) => [c.name, c.type, c.priority]), [
    ['Name', 'string', 0], ['Ready', 'string', 0], ['Status', 'string', 0], ['Restarts', 'string', 0], ['Age', 'string', 0],
    ['IP', 'string', 1], ['Node', 'string', 1], ['Nominated Node', 'string', 1], ['Readiness Gates', 'string', 1],
  ]);
  assert.equal(podPrinter.columns[0].format, 'name');
});

test('a running pod with two ready containers', () => {
  const p = pod({ containers: [{ name: 'app' }, { name: 'proxy' }], nodeName: 'ip-10-0-1-23.ec2.internal' }, {
    phase: 'Running', podIPs: [{ ip: '10.0.1.57' }],
    containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }, { name: 'proxy', ready: true, restartCount: 0, state: running }],
  });
  assert.deepEqual(podPrinter.row(p, NOW), ['web-7d4b9c-x2x9z', '2/2', 'Running', '0', '5m', '10.0.1.57', 'ip-10-0-1-23.ec2.internal', '<none>', '<none>']);
  assert.equal(podPrinter.conditions?.(p), undefined);
});

test('CrashLoopBackOff with 3 restarts prints the last restart age', () => {
  const p = pod({}, {
    phase: 'Running',
    containerStatuses: [{
      name: 'app', ready: false, restartCount: 3,
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(12) } },
    }],
  });
  assert.deepEqual(main(p), ['web-7d4b9c-x2x9z', '0/1', 'CrashLoopBackOff', '3 (12s ago)', '5m']);
});

test('restarts without a recorded termination print the bare count', () => {
  const p = pod({}, { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 4, state: running }] });
  assert.deepEqual(main(p), ['web-7d4b9c-x2x9z', '1/1', 'Running', '4', '5m']);
});

test('waiting reasons win over the phase', () => {
  for (const reason of ['ContainerCreating', 'ErrImagePull', 'ImagePullBackOff', 'CreateContainerConfigError']) {
    const p = pod({}, { phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason } } }] });
    assert.equal(main(p)[2], reason);
  }
});

test('a pending pod without statuses prints its phase', () => {
  assert.deepEqual(main(pod({}, { phase: 'Pending' })), ['web-7d4b9c-x2x9z', '0/1', 'Pending', '0', '5m']);
});

test('the first container\'s reason wins: containers are visited last to first', () => {
  const p = pod({ containers: [{ name: 'a' }, { name: 'b' }] }, {
    phase: 'Running',
    containerStatuses: [
      { name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } },
      { name: 'b', ready: false, restartCount: 0, state: { waiting: { reason: 'CrashLoopBackOff' } } },
    ],
  });
  assert.equal(main(p)[2], 'ImagePullBackOff');
});

test('terminated containers without a reason print Signal:N or ExitCode:N', () => {
  const t = (terminated: Record<string, unknown>): KubeObject =>
    pod({}, { phase: 'Running', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated } }] });
  assert.equal(main(t({ exitCode: 137 }))[2], 'ExitCode:137');
  assert.equal(main(t({ exitCode: 137, signal: 9 }))[2], 'Signal:9');
  assert.equal(main(t({ exitCode: 137, reason: 'OOMKilled' }))[2], 'OOMKilled');
});

test('init containers: progress, failures and waiting reasons', () => {
  const spec = { initContainers: [{ name: 'migrate' }, { name: 'warm' }] };
  const withInit = (initContainerStatuses: unknown[]): KubeObject => pod(spec, {
    phase: 'Pending', initContainerStatuses,
    containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
  });
  const done = { name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } };
  assert.equal(main(withInit([{ name: 'migrate', restartCount: 0, state: running }, { name: 'warm', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }]))[2], 'Init:0/2');
  assert.equal(main(withInit([done, { name: 'warm', restartCount: 0, state: running }]))[2], 'Init:1/2');
  assert.deepEqual(main(withInit([{ name: 'migrate', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(30) } } }]))
    .slice(2, 4), ['Init:CrashLoopBackOff', '2 (30s ago)']);
  assert.equal(main(withInit([{ name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }]))[2], 'Init:Error');
  assert.equal(main(withInit([{ name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 2 } } }]))[2], 'Init:ExitCode:2');
  assert.equal(main(withInit([{ name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 2, signal: 15 } } }]))[2], 'Init:Signal:15');
  // All init containers done: the app container's PodInitializing reason shows.
  assert.equal(main(withInit([done, { ...done, name: 'warm' }]))[2], 'PodInitializing');
});

test('sidecars (restartable init containers) count toward READY and keep their restarts', () => {
  const p = pod({ initContainers: [{ name: 'istio-proxy', restartPolicy: 'Always' }] }, {
    phase: 'Running',
    conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
    initContainerStatuses: [{
      name: 'istio-proxy', ready: true, started: true, restartCount: 1, state: running,
      lastState: { terminated: { exitCode: 1, finishedAt: ago(3 * 3600) } },
    }],
    containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }],
  });
  assert.deepEqual(main(p), ['web-7d4b9c-x2x9z', '2/2', 'Running', '1 (3h ago)', '5m']);
});

test('Completed pods, and Completed with a container still running', () => {
  const completed = pod({}, {
    phase: 'Succeeded',
    containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
  });
  assert.deepEqual(main(completed), ['web-7d4b9c-x2x9z', '0/1', 'Completed', '0', '5m']);
  assert.deepEqual(podPrinter.conditions?.(completed), [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);

  const partly = (conditions: unknown[]): KubeObject => pod({ containers: [{ name: 'app' }, { name: 'job' }] }, {
    phase: 'Running', conditions,
    containerStatuses: [
      { name: 'app', ready: true, restartCount: 0, state: running },
      { name: 'job', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
    ],
  });
  assert.equal(main(partly([{ type: 'Ready', status: 'True' }]))[2], 'Running');
  assert.equal(main(partly([{ type: 'Ready', status: 'False' }]))[2], 'NotReady');
});

test('failed pods: evicted reason, Completed row condition', () => {
  const p = pod({}, { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' });
  assert.equal(main(p)[2], 'Evicted');
  assert.deepEqual(podPrinter.conditions?.(p), [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }]);
});

test('deletion: Terminating, Unknown for a lost node, unchanged for a finished pod', () => {
  const deleting = { deletionTimestamp: ago(-30) };
  const runningPod = (status: Record<string, unknown>): KubeObject =>
    pod({}, { containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }], ...status }, deleting);
  assert.equal(main(runningPod({ phase: 'Running' }))[2], 'Terminating');
  assert.equal(main(runningPod({ phase: 'Running', reason: 'NodeLost' }))[2], 'Unknown');
  assert.equal(main(pod({}, { phase: 'Succeeded' }, deleting))[2], 'Succeeded');
});

test('SchedulingGated overrides Pending', () => {
  const p = pod({ schedulingGates: [{ name: 'example.com/quota' }] }, {
    phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
  });
  assert.equal(main(p)[2], 'SchedulingGated');
});

test('wide cells: readiness gates and nominated node', () => {
  const p = pod({ readinessGates: [{ conditionType: 'target-health.elbv2.k8s.aws/tg' }, { conditionType: 'example.com/ready' }] }, {
    phase: 'Pending', nominatedNodeName: 'ip-10-0-2-9.ec2.internal',
    conditions: [{ type: 'target-health.elbv2.k8s.aws/tg', status: 'True' }, { type: 'example.com/ready', status: 'False' }],
  });
  assert.deepEqual(podPrinter.row(p, NOW).slice(5), ['<none>', '<none>', 'ip-10-0-2-9.ec2.internal', '1/2']);
});

test('pod templates print containers, images and pod labels', () => {
  const t: KubeObject = {
    apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'tmpl' },
    template: { metadata: { labels: { tier: 'web', app: 'shop' } }, spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:2' }] } },
  };
  assert.deepEqual(podTemplatePrinter.row(t, NOW), ['tmpl', 'a,b', 'a:1,b:2', 'app=shop,tier=web']);
});
