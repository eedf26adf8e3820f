import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerStatusApi, PodStatus } from '../pod-types.ts';
import { KubeletHttpError, logContainerId, parseLogOptions } from './container-logs.ts';

const status = (s: Partial<ContainerStatusApi>): PodStatus => ({
  containerStatuses: [{ name: 'main', state: {}, lastState: {}, ready: false, restartCount: 0, image: '', imageID: '', ...s }],
});

function rejects(fn: () => unknown): { code: number; message: string } {
  try { fn(); } catch (e) { if (e instanceof KubeletHttpError) return { code: e.code, message: e.message }; throw e; }
  assert.fail('expected a KubeletHttpError');
}

test('the running instance, or for previous the last terminated one (validateContainerLogStatus)', () => {
  const s = status({ state: { running: {} }, containerID: 'ekslite://cur', lastState: { terminated: { exitCode: 1, containerID: 'ekslite://old' } } });
  assert.equal(logContainerId('web', s, 'main', false), 'cur');
  assert.equal(logContainerId('web', s, 'main', true), 'old');
});

test('a crash-looping container (waiting, last state terminated) shows its last run', () => {
  const s = status({ state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, containerID: 'ekslite://dead' } } });
  assert.equal(logContainerId('web', s, 'main', false), 'dead');
});

test('kubelet\'s wording for containers without logs', () => {
  assert.deepEqual(rejects(() => logContainerId('web', status({ state: { waiting: { reason: 'ContainerCreating' } } }), 'main', false)),
    { code: 400, message: 'container "main" in pod "web" is waiting to start: ContainerCreating' });
  assert.equal(rejects(() => logContainerId('web', status({ state: { waiting: { reason: 'ErrImagePull' } } }), 'main', false)).message,
    'container "main" in pod "web" is waiting to start: image can\'t be pulled');
  assert.equal(rejects(() => logContainerId('web', status({ state: { waiting: { reason: 'ImagePullBackOff' } } }), 'main', false)).message,
    'container "main" in pod "web" is waiting to start: trying and failing to pull image');
  assert.equal(rejects(() => logContainerId('web', status({ state: { running: {} } }), 'main', true)).message,
    'previous terminated container "main" in pod "web" not found');
  assert.equal(rejects(() => logContainerId('web', { containerStatuses: [] }, 'main', false)).message,
    'container "main" in pod "web" is not available');
});

test('query options: kube\'s bool spellings, legacy tail, since as an absolute time', () => {
  const now = Date.UTC(2026, 0, 1, 12);
  assert.deepEqual(parseLogOptions(new URLSearchParams('follow=1&timestamps=True&tail=3&sinceSeconds=60'), now),
    { follow: true, previous: false, timestamps: true, tailLines: 3, limitBytes: undefined, sinceMs: now - 60_000 });
  assert.equal(parseLogOptions(new URLSearchParams('tail=all'), now).tailLines, undefined);
  assert.equal(parseLogOptions(new URLSearchParams('sinceTime=2026-01-01T11:00:00Z'), now).sinceMs, Date.UTC(2026, 0, 1, 11));
  assert.equal(rejects(() => parseLogOptions(new URLSearchParams('tailLines=-2'), now)).code, 422);
  assert.equal(rejects(() => parseLogOptions(new URLSearchParams('follow=maybe'), now)).code, 400);
});
