/**
 * The workload controllers of kube-controller-manager — deployment, replicaset,
 * replicationcontroller — added to a Manager over one set of shared informers. The cluster
 * composer calls this; each controller records Events under its kube component name.
 */
import type { Manager } from '../controller/manager.ts';
import type { ControllerDeps } from './common/controller-deps.ts';
import { newDeploymentController } from './deployment/deployment-controller.ts';
import { newReplicaSetController } from './replicaset/replica-set-controller.ts';
import { newReplicationController } from './replicationcontroller/replication-controller.ts';

export type WorkloadControllerDeps = Omit<ControllerDeps, 'recorder'>;

export function registerWorkloadControllers(manager: Manager, deps: WorkloadControllerDeps): void {
  manager.add(newDeploymentController(deps));
  manager.add(newReplicaSetController(deps));
  manager.add(newReplicationController(deps));
}
