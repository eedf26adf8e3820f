import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../util/clock.ts';
import { Backoff } from './backoff.ts';
import type { Pod } from './pod-types.ts';
import { allContainersDone, crashLoopWait, shouldRestart } from './restart-policy.ts';
import type { ContainerStatus } from './runtime/container-runtime.ts';

const pod = (restartPolicy?: 'Always' | 'OnFailure' | 'Never'): Pod => ({ metadata: { name: 'p', namespace: 'ns', uid: 'u' }, spec: { restartPolicy, containers: [{ name: 'a' }, { name: 'b' }] } });
const exited = (exitCode: number): ContainerStatus => ({ id: 'x', sandboxId: 's', name: 'a', attempt: 0, state: 'exited', createdAt: 0, exitCode, image: '', imageRef: '' });

test('restart policies as kubelet applies them', () => {
  const c = { name: 'a' };
  assert.deepEqual(['Always', 'OnFailure', 'Never'].map((p) => [shouldRestart(pod(p as never), c, exited(0), false), shouldRestart(pod(p as never), c, exited(1), false)]),
    [[true, true], [false, true], [false, false]]);
  assert.equal(shouldRestart(pod('Always'), c, exited(1), true), true);
  assert.equal(shouldRestart(pod('Never'), c, exited(1), true), false);
  assert.equal(shouldRestart(pod('Never'), { name: 'side', restartPolicy: 'Always' }, exited(0), true), true);
});

test('a pod is done when no container will run again', () => {
  const statuses: Record<string, ContainerStatus> = { a: exited(0), b: exited(1) };
  assert.equal(allContainersDone(pod('Never'), (n) => statuses[n]), true);
  assert.equal(allContainersDone(pod('OnFailure'), (n) => statuses[n]), false);
  assert.equal(allContainersDone(pod('Always'), (n) => statuses[n]), false);
  assert.equal(allContainersDone(pod('Never'), (n) => (n === 'a' ? statuses.a : undefined)), false);
});

test('the first crash restarts at once, the next waits 10s', () => {
  const clock = new FakeClock();
  const b = new Backoff(clock);
  assert.equal(crashLoopWait(b, 'k', clock.now()), undefined);
  assert.equal(crashLoopWait(b, 'k', clock.now()), 10_000);
  clock.advance(10_000);
  assert.equal(crashLoopWait(b, 'k', clock.now() - 10_000), undefined);
  assert.equal(crashLoopWait(b, 'k', clock.now()), 20_000);
});
