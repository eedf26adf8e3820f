/**
 * Small cluster-wide kinds: Leases (coordination.k8s.io, PUT may create), StorageClasses
 * (storage.k8s.io) and PriorityClasses (scheduling.k8s.io), after their strategy.go files.
 */
import { setDefaultsPriorityClass, setDefaultsStorageClass } from '../../api/defaults/storage.ts';
import { validateLease, validateLeaseUpdate } from '../../api/validation/coordination.ts';
import { validatePriorityClass, validatePriorityClassUpdate } from '../../api/validation/scheduling.ts';
import { validateStorageClass, validateStorageClassUpdate } from '../../api/validation/storage.ts';
import { defineStrategy } from './define-strategy.ts';

export const leaseStrategy = defineStrategy({ allowCreateOnUpdate: true, validate: validateLease, validateUpdate: validateLeaseUpdate });

export const storageClassStrategy = defineStrategy({
  defaults: setDefaultsStorageClass, validate: validateStorageClass, validateUpdate: validateStorageClassUpdate,
});

export const priorityClassStrategy = defineStrategy({
  defaults: setDefaultsPriorityClass, validate: validatePriorityClass, validateUpdate: validatePriorityClassUpdate,
});
