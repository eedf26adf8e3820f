/**
 * The ReplicaSet controller (kube-controller-manager's "replicaset" controller): keeps
 * spec.replicas active pods for every ReplicaSet and reports their status. The same
 * implementation, told another {@link ReplicaSetKind}, is the ReplicationController manager.
 */
import { Controller } from '../../controller/controller.ts';
import { type ControllerDeps, recorderFor } from '../common/controller-deps.ts';
import { UIDTrackingControllerExpectations } from '../common/expectations.ts';
import { PodControl, PODS } from '../common/pod-control.ts';
import { REPLICA_SET_KIND, type ReplicaSetKind } from './replica-set-kind.ts';
import { registerReplicaSetEventHandlers } from './replica-set-event-handlers.ts';
import { ReplicaSetReconciler } from './replica-set-reconciler.ts';

export function newReplicaSetController(deps: ControllerDeps): Controller {
  return newReplicaSetBaseController(REPLICA_SET_KIND, deps);
}

/** kube's NewBaseController: the ReplicaSet controller for the given kind, with its handlers registered. */
export function newReplicaSetBaseController(kind: ReplicaSetKind, deps: ControllerDeps): Controller {
  const rsInformer = deps.informers.informerFor(kind.resource);
  const podInformer = deps.informers.informerFor(PODS);
  const expectations = new UIDTrackingControllerExpectations({ clock: deps.clock });
  const recorder = recorderFor(deps, kind.component);
  const reconciler = new ReplicaSetReconciler({
    kind, client: deps.client, clock: deps.clock, rsInformer, podInformer, expectations,
    podControl: new PodControl({ client: deps.client, recorder }),
  });
  const controller = new Controller({ name: kind.controllerName, reconciler, clock: deps.clock, workers: deps.workers ?? 5 });
  registerReplicaSetEventHandlers({
    kind, rsInformer, podInformer, expectations,
    enqueue: (key) => controller.enqueue(key),
    enqueueAfter: (key, ms) => controller.queue.addAfter(key, ms),
  });
  return controller;
}
