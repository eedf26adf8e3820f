/**
 * The cluster's nodes: N kubelets of one instance type spread over the region's first three
 * zones, each with its own loopback /22 and an identity system:node:<name> in system:nodes.
 * Runtimes: `process` (one ProcessRuntime per node: containers are host processes) or
 * `simulated` (one SimulatedRuntime shared by all nodes: KWOK-style stages, no processes).
 */
import { join } from 'node:path';
import { newKubelet, ProcessRuntime, SimulatedRuntime } from '../kubelet/index.ts';
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
  /** Managed node group name. @default "default" */
  readonly nodegroup?: string;
}

export function nodeRunnables(cp: ControlPlane, options: NodePoolOptions & { clock: Clock; dataDir: string }): Runnable[] {
  const count = options.count ?? 0;
  if (count === 0) return [];
  const region = options.region ?? 'us-west-2';
  const zones = ['a', 'b', 'c'].map((z) => `${region}${z}`);
  const simulated = options.runtime === 'simulated' ? new SimulatedRuntime({ clock: options.clock }) : undefined;
  const out: Runnable[] = [];
  const identity = (i: number) => ({ username: `system:node:${options.nodegroup ?? 'default'}-${i}`, groups: ['system:nodes', 'system:authenticated', 'system:masters'] });
  // Simulated nodes share one client: the SimulatedRuntime keeps one pod watch per client and
  // dispatches by node name, so a client per node would mean a full pod cache per node.
  const shared = simulated ? cp.client(identity(0)) : undefined;
  for (let i = 0; i < count; i++) {
    const rootDir = join(options.dataDir, 'nodes', String(i));
    // The node's name comes from its address (EC2 private DNS name), chosen inside the kubelet;
    // the identity names the pool slot until RBAC needs system:node:<name>.
    const client = shared ?? cp.client(identity(i));
    const kubelet = newKubelet({
      client, clock: options.clock, rootDir, region, zone: zones[i % zones.length],
      instanceType: options.instanceType ?? 't3.medium', nodegroup: options.nodegroup ?? 'default',
      runtime: simulated ?? new ProcessRuntime({ clock: options.clock }),
      closeRuntimeOnStop: !simulated,
    });
    out.push(kubelet);
  }
  return out;
}
