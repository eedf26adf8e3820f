/**
 * The Deployment controller (kube-controller-manager's "deployment" controller): rolls a
 * Deployment's pod template out through ReplicaSets (RollingUpdate or Recreate), scales them,
 * keeps revision history for `kubectl rollout undo`, and reports the status and conditions that
 * `kubectl rollout status`, `kubectl wait` and `kubectl describe` read. Events come from
 * "deployment-controller".
 */
import { Controller } from '../../controller/controller.ts';
import { type ControllerDeps, recorderFor } from '../common/controller-deps.ts';
import { PODS } from '../common/pod-control.ts';
import { REPLICA_SETS } from '../replicaset/replica-set-kind.ts';
import { registerDeploymentEventHandlers } from './deployment-event-handlers.ts';
import { DeploymentReconciler } from './deployment-reconciler.ts';
import { DEPLOYMENTS } from './deployment-spec.ts';

export function newDeploymentController(deps: ControllerDeps): Controller {
  const deploymentInformer = deps.informers.informerFor(DEPLOYMENTS);
  const rsInformer = deps.informers.informerFor(REPLICA_SETS);
  const podInformer = deps.informers.informerFor(PODS);
  const reconciler = new DeploymentReconciler({
    deploymentInformer,
    context: {
      client: deps.client,
      clock: deps.clock,
      recorder: recorderFor(deps, 'deployment-controller'),
      rsInformer,
      podInformer,
      // The controller exists by the time a reconcile runs.
      enqueueAfter: (key, ms) => controller.queue.addAfter(key, ms),
      enqueueRateLimited: (key) => controller.queue.addRateLimited(key),
    },
  });
  const controller = new Controller({ name: 'deployment', reconciler, clock: deps.clock, workers: deps.workers ?? 5 });
  registerDeploymentEventHandlers({ deploymentInformer, rsInformer, podInformer, enqueue: (key) => controller.enqueue(key) });
  return controller;
}
