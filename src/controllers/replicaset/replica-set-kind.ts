/**
 * What differs between the kinds one ReplicaSet controller implementation serves. As in
 * kube-controller-manager, where the ReplicationController manager is the ReplicaSet controller
 * instantiated for another GroupVersionKind (pkg/controller/replication), the logic is written once
 * and told the kind's resource, its Event source and how to read its pod selector.
 */
import type { GroupVersionResource } from '../../api/object.ts';
import { type LabelSelector, labelSelectorAsSelector, type LabelSelectorObject } from '../../api/selector/label-selector.ts';
import type { ControllerKind } from '../common/controller-ref.ts';
import type { ReplicaSet } from '../common/workload-types.ts';

export interface ReplicaSetKind extends ControllerKind {
  readonly resource: GroupVersionResource;
  /** The Event source component, e.g. "replicaset-controller". */
  readonly component: string;
  /** The controller's name in logs and the manager, e.g. "replicaset". */
  readonly controllerName: string;
  /** The pod selector; throws LabelSelectorError when it is malformed. */
  selectorOf(rs: ReplicaSet): LabelSelector;
}

export const REPLICA_SETS: GroupVersionResource = { group: 'apps', version: 'v1', resource: 'replicasets' };

export const REPLICA_SET_KIND: ReplicaSetKind = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  resource: REPLICA_SETS,
  component: 'replicaset-controller',
  controllerName: 'replicaset',
  selectorOf: (rs) => labelSelectorAsSelector(rs.spec?.selector as LabelSelectorObject | null | undefined),
};
