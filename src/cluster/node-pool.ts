/**
 * The cluster's nodes: N kubelets of one instance type spread over the region's zones, each with a
 * runtime (process: containers are host processes; simulated: KWOK-style stages, no processes).
 * Until the kubelet lands this builds no nodes and says so when nodes are asked for.
 */
import type { Clock } from '../util/clock.ts';
import type { Runnable } from '../util/runnable.ts';
import type { ControlPlane } from './control-plane.ts';

export interface NodePoolOptions {
  /** @default 0 */
  readonly count?: number;
  /** EC2 instance type: capacity and max pods (VPC CNI limits). @default "t3.medium" */
  readonly instanceType?: string;
  /** @default "process" */
  readonly runtime?: 'process' | 'simulated';
  /** @default "us-west-2" */
  readonly region?: string;
}

export function nodeRunnables(_cp: ControlPlane, options: NodePoolOptions & { clock: Clock; dataDir: string }): Runnable[] {
  if ((options.count ?? 0) > 0) throw new Error('nodes are not available in this build yet (the kubelet is not wired)');
  return [];
}
