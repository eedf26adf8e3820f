/** Where a node keeps pod files, in the kubelet's layouts under the node's root directory. */
import { join } from 'node:path';
import type { KubeObject } from '../api/object.ts';

/** `<rootDir>/pods/<uid>` (kubelet's /var/lib/kubelet/pods/<uid>). */
export function podDir(rootDir: string, uid: string): string {
  return join(rootDir, 'pods', uid);
}

/** `<rootDir>/logs/pods/<ns>_<name>_<uid>` (kubelet's /var/log/pods/…). */
export function podLogsDir(rootDir: string, pod: KubeObject): string {
  return join(rootDir, 'logs', 'pods', `${pod.metadata.namespace}_${pod.metadata.name}_${pod.metadata.uid}`);
}

/** `<podLogsDir>/<container>/<restartCount>.log`, kubelet's BuildContainerLogsPath. */
export function containerLogPath(rootDir: string, pod: KubeObject, container: string, restartCount: number): string {
  return join(podLogsDir(rootDir, pod), container, `${restartCount}.log`);
}
