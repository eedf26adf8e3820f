/**
 * ResourceQuotas and LimitRanges, after pkg/registry/core/{resourcequota,limitrange}/strategy.go.
 * A quota's status (hard/used) is written only by the quota controller through /status.
 */
import { setDefaultsLimitRange } from '../../api/defaults/core.ts';
import { validateLimitRange, validateLimitRangeUpdate, validateResourceQuota, validateResourceQuotaUpdate } from '../../api/validation/core-cluster.ts';
import { defineStrategy } from './define-strategy.ts';

export const resourceQuotaStrategy = defineStrategy({
  validate: validateResourceQuota,
  validateUpdate: validateResourceQuotaUpdate,
  status: { initial: () => ({}), validateUpdate: validateResourceQuotaUpdate },
});

export const limitRangeStrategy = defineStrategy({
  allowCreateOnUpdate: true,
  defaults: setDefaultsLimitRange,
  validate: validateLimitRange,
  validateUpdate: validateLimitRangeUpdate,
});
