/**
 * ReplicationControllers, after pkg/registry/core/replicationcontroller/strategy.go.
 */
import type { KubeObject } from '../../api/object.ts';
import { setDefaultsReplicationController } from '../../api/defaults/core.ts';
import { asObj } from '../../api/validation/access.ts';
import { validateReplicationController, validateReplicationControllerStatusUpdate, validateReplicationControllerUpdate } from '../../api/validation/core-rc.ts';
import { defineStrategy } from './define-strategy.ts';
import { mapSelectorScale } from './replicas-scale.ts';

/** "status.replicas" as a field selector (ControllerToSelectableFields, also ReplicaSets). */
export const replicasFieldSet = (obj: KubeObject): Record<string, string> => {
  const replicas = asObj(obj.status)?.replicas;
  return { 'status.replicas': String(typeof replicas === 'number' ? replicas : 0) };
};

export const replicationControllerStrategy = defineStrategy({
  tracksGeneration: true,
  defaults: setDefaultsReplicationController,
  validate: validateReplicationController,
  validateUpdate: validateReplicationControllerUpdate,
  status: { initial: () => ({ replicas: 0 }), validateUpdate: validateReplicationControllerStatusUpdate },
  scale: mapSelectorScale,
  fieldSet: replicasFieldSet,
});
