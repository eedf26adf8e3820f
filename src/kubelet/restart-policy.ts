/**
 * Whether containers run again, as kuberuntime's computePodActions and ShouldContainerBeRestarted
 * decide: restartPolicy Always restarts any exited container, OnFailure only failed ones, Never
 * none; a sidecar (init container with restartPolicy Always) always restarts; a failed regular
 * init container restarts unless the pod's policy is Never. Restarts are spaced by the crash-loop
 * back-off (doBackOff), keyed per pod and container.
 */
import type { Backoff } from './backoff.ts';
import { type Container, isRestartableInit, type Pod } from './pod-types.ts';
import type { ContainerStatus } from './runtime/container-runtime.ts';

export function shouldRestart(pod: Pod, c: Container, exited: ContainerStatus, isInit: boolean): boolean {
  if (isRestartableInit(c)) return true;
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (isInit) return exited.exitCode !== 0 && policy !== 'Never';
  return policy === 'Always' || (policy === 'OnFailure' && exited.exitCode !== 0);
}

/** No regular container will run again (kubelet's podIsTerminal for running pods). */
export function allContainersDone(pod: Pod, current: (name: string) => ContainerStatus | undefined): boolean {
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (policy === 'Always') return false;
  return pod.spec.containers.every((c) => {
    const cur = current(c.name);
    return cur?.state === 'exited' && (policy === 'Never' || cur.exitCode === 0);
  });
}

/** kubelet's stable back-off key of a container: `<pod>_<namespace>_<uid>_<container>`. */
export function crashBackoffKey(pod: Pod, c: Container): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}_${pod.metadata.uid}_${c.name}`;
}

/**
 * doBackOff: undefined when the container may restart now (the back-off advances), else how long
 * the current back-off is (the container waits in CrashLoopBackOff until finishedAt + that).
 */
export function crashLoopWait(backoff: Backoff, key: string, finishedAt: number): number | undefined {
  if (backoff.isInBackOffSince(key, finishedAt)) return backoff.get(key);
  backoff.next(key, finishedAt);
  return undefined;
}
