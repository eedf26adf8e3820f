import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContainerView, generatePodStatus } from './pod-status.ts';
import type { Pod } from './pod-types.ts';
import type { ContainerStatus } from './runtime/container-runtime.ts';

const T0 = Date.UTC(2026, 0, 1);
const pod = (spec: Partial<Pod['spec']>, status: Pod['status'] = { phase: 'Pending', qosClass: 'BestEffort' }): Pod =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec }, status }) as Pod;

let n = 0;
const instance = (name: string, state: 'running' | 'exited', exitCode?: number): ContainerStatus => ({
  id: `id${++n}`, sandboxId: 's', name, attempt: 0, state, createdAt: T0, startedAt: T0, finishedAt: state === 'exited' ? T0 + 1000 : undefined,
  exitCode, reason: state === 'exited' ? (exitCode === 0 ? 'Completed' : 'Error') : undefined, image: 'docker.io/library/nginx:latest', imageRef: 'docker.io/library/nginx@sha256:00',
});
const view = (v: Partial<ContainerView>): ContainerView => ({ restartCount: 0, ready: false, started: false, ...v });

function status(p: Pod, views: Record<string, ContainerView>, extra: { terminal?: boolean; sandboxReady?: boolean } = {}) {
  return generatePodStatus({ pod: p, views: new Map(Object.entries(views)), runtimeName: 'ekslite', hostIP: '127.64.0.1', podIP: '127.64.0.2', startTime: T0, sandboxReady: extra.sandboxReady ?? true, terminal: extra.terminal ?? false, now: T0 + 5000 });
}
const cond = (s: ReturnType<typeof status>, type: string) => s.conditions!.find((c) => c.type === type)!;

test('a pod whose container is not created yet is Pending with ContainerCreating', () => {
  const s = status(pod({}), {});
  assert.equal(s.phase, 'Pending');
  assert.deepEqual(s.containerStatuses![0].state, { waiting: { reason: 'ContainerCreating' } });
  assert.deepEqual(s.containerStatuses![0].lastState, {});
  assert.equal(s.containerStatuses![0].image, 'nginx');
  assert.equal(s.containerStatuses![0].imageID, '');
  assert.equal(s.qosClass, 'BestEffort');
  assert.deepEqual([cond(s, 'ContainersReady').reason, cond(s, 'ContainersReady').message], ['ContainersNotReady', 'containers with unready status: [app]']);
  assert.deepEqual(s.conditions!.map((c) => [c.type, c.status]), [['PodReadyToStartContainers', 'True'], ['Initialized', 'True'], ['Ready', 'False'], ['ContainersReady', 'False'], ['PodScheduled', 'True']]);
});

test('while an init container runs the pod is Pending, not Initialized, and its containers PodInitializing', () => {
  const p = pod({ initContainers: [{ name: 'init', image: 'busybox' }] });
  const s = status(p, { init: view({ current: instance('init', 'running'), started: true }) });
  assert.equal(s.phase, 'Pending');
  assert.deepEqual([cond(s, 'Initialized').status, cond(s, 'Initialized').reason, cond(s, 'Initialized').message], ['False', 'ContainersNotInitialized', 'containers with incomplete status: [init]']);
  assert.deepEqual(s.containerStatuses![0].state, { waiting: { reason: 'PodInitializing' } });
  assert.ok(s.initContainerStatuses![0].state.running);
});

test('a failed init container fails a Never pod', () => {
  const p = pod({ restartPolicy: 'Never', initContainers: [{ name: 'init', image: 'busybox' }] });
  assert.equal(status(p, { init: view({ current: instance('init', 'exited', 1) }) }).phase, 'Failed');
  const onFailure = pod({ restartPolicy: 'OnFailure', initContainers: [{ name: 'init', image: 'busybox' }] });
  assert.equal(status(onFailure, { init: view({ current: instance('init', 'exited', 1), waiting: { reason: 'CrashLoopBackOff', message: 'm' } }) }).phase, 'Pending');
});

test('a running ready container makes the pod Running and Ready with the runtime\'s ids', () => {
  const cur = instance('app', 'running');
  const s = status(pod({}), { app: view({ current: cur, ready: true, started: true, image: cur.image, imageRef: cur.imageRef }) });
  assert.equal(s.phase, 'Running');
  assert.equal(cond(s, 'Ready').status, 'True');
  const cs = s.containerStatuses![0];
  assert.deepEqual(cs.state, { running: { startedAt: '2026-01-01T00:00:00Z' } });
  assert.equal(cs.containerID, `ekslite://${cur.id}`);
  assert.equal(cs.image, 'docker.io/library/nginx:latest');
  assert.deepEqual([cs.ready, cs.started], [true, true]);
});

test('a crash-looping container: waiting CrashLoopBackOff with the last termination, pod Running under Always', () => {
  const dead = instance('app', 'exited', 2);
  const s = status(pod({}), { app: view({ current: dead, restartCount: 3, waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=app pod=p_default(u)' } }) });
  assert.equal(s.phase, 'Running');
  const cs = s.containerStatuses![0];
  assert.equal(cs.state.waiting?.reason, 'CrashLoopBackOff');
  assert.deepEqual(cs.lastState.terminated, { exitCode: 2, reason: 'Error', message: undefined, startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:01Z', containerID: `ekslite://${dead.id}` });
  assert.equal(cs.restartCount, 3);
});

test('completed pods: Succeeded with PodCompleted, Failed when any container failed', () => {
  const ok = status(pod({ restartPolicy: 'OnFailure' }), { app: view({ current: instance('app', 'exited', 0) }) }, { terminal: true });
  assert.equal(ok.phase, 'Succeeded');
  assert.deepEqual([cond(ok, 'Initialized').status, cond(ok, 'Initialized').reason], ['True', 'PodCompleted']);
  assert.deepEqual([cond(ok, 'Ready').status, cond(ok, 'Ready').reason], ['False', 'PodCompleted']);
  assert.equal(cond(ok, 'PodReadyToStartContainers').status, 'False');
  const killed = status(pod({}), { app: view({ current: instance('app', 'exited', 143) }) }, { terminal: true });
  assert.equal(killed.phase, 'Failed');
});

test('readiness gates hold Ready back until their condition is True', () => {
  const p = pod({ readinessGates: [{ conditionType: 'target-health.elbv2.k8s.aws/tg' }] });
  const s = status(p, { app: view({ current: instance('app', 'running'), ready: true, started: true }) });
  assert.deepEqual([cond(s, 'ContainersReady').status, cond(s, 'Ready').status, cond(s, 'Ready').reason], ['True', 'False', 'ReadinessGatesNotReady']);
  p.status!.conditions = [{ type: 'target-health.elbv2.k8s.aws/tg', status: 'True' }];
  const s2 = status(p, { app: view({ current: instance('app', 'running'), ready: true, started: true }) });
  assert.equal(cond(s2, 'Ready').status, 'True');
  assert.ok(s2.conditions!.some((c) => c.type === 'target-health.elbv2.k8s.aws/tg'));
});

test('transition times are kept while a condition keeps its status', () => {
  const p = pod({}, { phase: 'Running', conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: '2025-01-01T00:00:00Z' }, { type: 'PodScheduled', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z' }] });
  const s = status(p, {});
  assert.equal(cond(s, 'Ready').lastTransitionTime, '2025-01-01T00:00:00Z');
  assert.equal(cond(s, 'PodScheduled').lastTransitionTime, '2025-01-01T00:00:00Z');
  assert.equal(cond(s, 'Initialized').lastTransitionTime, '2026-01-01T00:00:05Z');
});
