/**
 * A whole cluster in one process: the control plane (storage, API server), then
 * kube-controller-manager's controllers and the scheduler, then the nodes — started in that order
 * by the Supervisor and stopped in reverse (ARCHITECTURE.md decision 6). Every component reaches
 * state through an in-process Client, as it would over HTTPS from another process.
 */
import type { UserInfo } from '../auth/user.ts';
import { InformerFactory } from '../controller/informer-factory.ts';
import { Manager } from '../controller/manager.ts';
import { registerLifecycleControllers } from '../controllers/lifecycle.ts';
import { registerWorkloadControllers } from '../controllers/workloads.ts';
import { registerBatchAndSetControllers } from '../controllers/batch-and-sets.ts';
import { newScheduler } from '../scheduler/scheduler.ts';
import { randomIds } from '../util/ids.ts';
import type { Runnable } from '../util/runnable.ts';
import { type ControlPlane, type ControlPlaneOptions, resolveControlPlaneOptions, startControlPlane } from './control-plane.ts';
import { type NodePoolOptions, nodeRunnables } from './node-pool.ts';
import { Supervisor } from './supervisor.ts';

export interface ClusterOptions extends ControlPlaneOptions {
  /** Nodes of the default node group. @default see node-pool.ts */
  readonly nodes?: NodePoolOptions;
  /** Run kube-controller-manager's controllers and the scheduler. @default true */
  readonly controllers?: boolean;
}

export interface Cluster extends ControlPlane {
  /** Stops nodes, controllers, then the control plane. */
  stop(): Promise<void>;
}

/** The identities of in-process components, as their kubeconfigs name them in EKS. */
const CONTROLLER_MANAGER: UserInfo = { username: 'system:kube-controller-manager', groups: ['system:authenticated', 'system:masters'] };
const SCHEDULER: UserInfo = { username: 'system:kube-scheduler', groups: ['system:authenticated', 'system:masters'] };

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const resolved = resolveControlPlaneOptions(options);
  const cp = await startControlPlane(options);
  const supervisor = new Supervisor();
  try {
    if (options.controllers ?? true) {
      const client = cp.client(CONTROLLER_MANAGER);
      const informers = new InformerFactory(client, resolved.clock);
      const manager = new Manager(informers);
      const deps = { client, informers, clock: resolved.clock, ids: randomIds };
      registerWorkloadControllers(manager, deps);
      registerBatchAndSetControllers(manager, deps);
      registerLifecycleControllers(manager, { ...deps, resources: () => cp.registry.resources() });
      const scheduler = newScheduler({ client: cp.client(SCHEDULER), clock: resolved.clock });
      await supervisor.startGroup([manager, scheduler as Runnable]);
    }
    const nodes = nodeRunnables(cp, { ...options.nodes, clock: resolved.clock, dataDir: resolved.dataDir });
    if (nodes.length) await supervisor.startGroup(nodes);
  } catch (e) {
    await supervisor.stop();
    await cp.stop();
    throw e;
  }
  return Object.assign(Object.create(cp) as ControlPlane, cp, {
    async stop() { await supervisor.stop(); await cp.stop(); },
  });
}
