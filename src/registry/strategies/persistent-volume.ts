/**
 * PersistentVolumes and PersistentVolumeClaims, after pkg/registry/core/persistentvolume and
 * persistentvolumeclaim strategy.go. A PV records when its phase last changed
 * (PersistentVolumeLastPhaseTransitionTime, GA in 1.31), so its strategy needs the clock.
 */
import type { KubeObject } from '../../api/object.ts';
import { setDefaultsPersistentVolume, setDefaultsPersistentVolumeClaim } from '../../api/defaults/core.ts';
import { asObj, ensureObj } from '../../api/validation/access.ts';
import { validatePersistentVolume, validatePersistentVolumeClaim, validatePersistentVolumeClaimUpdate, validatePersistentVolumeUpdate } from '../../api/validation/core-storage.ts';
import { validateObjectMetaUpdate } from '../../api/validation/object-meta.ts';
import type { Strategy } from '../strategy.ts';
import { defineStrategy } from './define-strategy.ts';

/** RFC 3339 at second precision, as metav1.Time serialises. */
const rfc3339 = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

export function persistentVolumeStrategy(now: () => Date): Strategy {
  return defineStrategy({
    defaults: setDefaultsPersistentVolume,
    validate: validatePersistentVolume,
    validateUpdate: validatePersistentVolumeUpdate,
    status: {
      initial: () => ({ phase: 'Pending', lastPhaseTransitionTime: rfc3339(now()) }),
      validateUpdate: (pv: KubeObject, old: KubeObject) => validateObjectMetaUpdate(pv.metadata, old.metadata),
      prepare(pv, old) {
        const status = ensureObj(pv, 'status');
        const oldStatus = asObj(old.status) ?? {};
        const stamp = status.lastPhaseTransitionTime;
        if (status.phase !== oldStatus.phase && (stamp === undefined || stamp === null || stamp === oldStatus.lastPhaseTransitionTime)) {
          status.lastPhaseTransitionTime = rfc3339(now());
        }
      },
    },
  });
}

export const persistentVolumeClaimStrategy = defineStrategy({
  defaults: (pvc) => setDefaultsPersistentVolumeClaim(pvc),
  validate: validatePersistentVolumeClaim,
  validateUpdate: validatePersistentVolumeClaimUpdate,
  status: {
    initial: () => ({ phase: 'Pending' }),
    validateUpdate: (pvc: KubeObject, old: KubeObject) => validateObjectMetaUpdate(pvc.metadata, old.metadata),
  },
});
