/**
 * The DaemonSet, StatefulSet, Job, TTL-after-finished and CronJob controllers of
 * kube-controller-manager, added to a Manager over one set of shared informers. The cluster
 * composer calls this once, before the manager starts; each controller records Events under its
 * kube component name (daemonset-controller, statefulset-controller, job-controller,
 * cronjob-controller).
 */
import type { Manager } from '../controller/manager.ts';
import type { ControllerDeps } from './common/controller-deps.ts';
import { newCronJobController } from './cronjob/cron-job-controller.ts';
import { newDaemonSetController } from './daemonset/daemon-set-controller.ts';
import { type JobControllerOptions, newJobController } from './job/job-controller.ts';
import { newTTLAfterFinishedController } from './job/ttl-after-finished-controller.ts';
import { newStatefulSetController } from './statefulset/stateful-set-controller.ts';

export type BatchAndSetControllerDeps = Omit<ControllerDeps, 'recorder'>;

export interface BatchAndSetControllerOptions {
  /** Job controller tuning. @default kube's */
  readonly job?: JobControllerOptions;
}

export function registerBatchAndSetControllers(manager: Manager, deps: BatchAndSetControllerDeps, options: BatchAndSetControllerOptions = {}): void {
  manager.add(newDaemonSetController(deps));
  manager.add(newStatefulSetController(deps));
  manager.add(newJobController(deps, options.job));
  manager.add(newTTLAfterFinishedController(deps));
  manager.add(newCronJobController(deps));
}
