/**
 * Registers the object lifecycle controllers of kube-controller-manager with a Manager:
 * garbage collector, namespace, service account, node lifecycle, taint eviction and disruption.
 * The cluster composer calls this once, before the manager starts (informers are requested while
 * the controllers are built). Each controller records Events under its kube component name.
 */
import type { ResourceInfo } from '../api/resource-info.ts';
import type { Manager } from '../controller/manager.ts';
import type { ControllerDeps } from './common/controller-deps.ts';
import { newDisruptionController } from './disruption/disruption-controller.ts';
import { newGarbageCollectorController } from './garbagecollector/garbage-collector.ts';
import { newNamespaceController } from './namespace/namespace-controller.ts';
import { newNodeLifecycleController, type NodeLifecycleControllerOptions } from './nodelifecycle/node-lifecycle-controller.ts';
import { newServiceAccountsController } from './serviceaccount/serviceaccounts-controller.ts';
import { newTaintEvictionController } from './tainteviction/taint-eviction-controller.ts';

export interface LifecycleControllerDeps extends Omit<ControllerDeps, 'recorder' | 'workers'> {
  /**
   * The served resources (the registry's list, custom resources included): what a deleted
   * namespace is emptied of, and how owner kinds map to resources. @default builtinResources()
   */
  readonly resources?: () => readonly ResourceInfo[];
  /** Node health timing and zone eviction rates. @default kube-controller-manager 1.32's */
  readonly nodeLifecycle?: Pick<NodeLifecycleControllerOptions, 'nodeMonitorGracePeriodMs' | 'nodeStartupGracePeriodMs' | 'zonePolicy'>;
}

export function registerLifecycleControllers(manager: Manager, deps: LifecycleControllerDeps): void {
  const base = { client: deps.client, informers: deps.informers, clock: deps.clock, ids: deps.ids };
  const resources = deps.resources?.();
  manager.add(newGarbageCollectorController({ ...base, resources }));
  manager.add(newNamespaceController({ ...base, resources: deps.resources }));
  manager.add(newServiceAccountsController(base));
  manager.add(newNodeLifecycleController({ ...base, ...deps.nodeLifecycle }));
  manager.add(newTaintEvictionController(base));
  manager.add(newDisruptionController({ ...base, resources }));
}
