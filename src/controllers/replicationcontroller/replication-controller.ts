/**
 * The ReplicationController manager (kube-controller-manager's "replicationcontroller"
 * controller): the ReplicaSet controller run for core/v1 ReplicationControllers, as kube does by
 * converting RCs to ReplicaSets on the way in (pkg/controller/replication). The one real
 * difference is the selector, a plain label map, which the API server defaults to the template's
 * labels when it is empty; the same default is applied here when reading.
 */
import type { GroupVersionResource } from '../../api/object.ts';
import { LabelSelector, labelSelectorFromSet } from '../../api/selector/label-selector.ts';
import type { Controller } from '../../controller/controller.ts';
import type { ControllerDeps } from '../common/controller-deps.ts';
import type { ReplicaSet } from '../common/workload-types.ts';
import type { ReplicaSetKind } from '../replicaset/replica-set-kind.ts';
import { newReplicaSetBaseController } from '../replicaset/replica-set-controller.ts';

export const REPLICATION_CONTROLLERS: GroupVersionResource = { group: '', version: 'v1', resource: 'replicationcontrollers' };

export const REPLICATION_CONTROLLER_KIND: ReplicaSetKind = {
  apiVersion: 'v1',
  kind: 'ReplicationController',
  resource: REPLICATION_CONTROLLERS,
  component: 'replication-controller',
  controllerName: 'replicationcontroller',
  selectorOf(rc: ReplicaSet) {
    const selector = rc.spec?.selector as Record<string, string> | null | undefined;
    const set = selector && Object.keys(selector).length > 0 ? selector : rc.spec?.template?.metadata?.labels;
    // Validation forbids an empty selector; should one appear it selects nothing, not everything.
    return set && Object.keys(set).length > 0 ? labelSelectorFromSet(set) : LabelSelector.nothing();
  },
};

export function newReplicationController(deps: ControllerDeps): Controller {
  return newReplicaSetBaseController(REPLICATION_CONTROLLER_KIND, deps);
}
