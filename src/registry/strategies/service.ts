/**
 * Services, after pkg/registry/core/service/strategy.go (svcStrategy, serviceStatusStrategy).
 * PUT may create (AllowCreateOnUpdate). Allocation (clusterIPs, nodePorts, their ranges and
 * conflicts) is done by the Store's allocator between prepareForCreate/Update and validation.
 */
import type { KubeObject } from '../../api/object.ts';
import { setDefaultsService } from '../../api/defaults/core.ts';
import { type FieldError, child, forbidden, index, notSupported, required } from '../../api/field-error.ts';
import { asObj, asStr, objects } from '../../api/validation/access.ts';
import { validateService, validateServiceUpdate } from '../../api/validation/core-service.ts';
import { invalidEach, isValidIP } from '../../api/validation/names.ts';
import { validateObjectMetaUpdate } from '../../api/validation/object-meta.ts';
import type { Strategy } from '../strategy.ts';
import { dropTypeDependentFields, initIPFamilyFields, normalizeClusterIPs, patchAllocatedValues } from './service-fields.ts';
import { keepStatus, statusSubresource } from './status-subresource.ts';

/** ValidateServiceStatusUpdate: load balancer ingress addresses. */
export function validateServiceStatusUpdate(svc: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata);
  objects(asObj(asObj(svc.status)?.loadBalancer)?.ingress).forEach((ing, i) => {
    const p = index('status.loadBalancer.ingress', i);
    const ip = asStr(ing.ip);
    if (ip !== '') errs.push(...invalidEach(child(p, 'ip'), ip, isValidIP(ip)));
    if (ing.ipMode !== undefined && ing.ipMode !== null) {
      if (ip === '') errs.push(forbidden(child(p, 'ipMode'), 'may not be specified when `ip` is not'));
      else if (!['Proxy', 'VIP'].includes(asStr(ing.ipMode))) errs.push(notSupported(child(p, 'ipMode'), ing.ipMode, ['Proxy', 'VIP']));
    } else if (ip !== '') {
      errs.push(required(child(p, 'ipMode'), 'must be specified when `ip` is set'));
    }
  });
  return errs;
}

export const serviceStrategy: Strategy = {
  allowCreateOnUpdate: true,
  applyDefaults: setDefaultsService,
  prepareForCreate(svc) {
    svc.status = { loadBalancer: {} };
    normalizeClusterIPs(svc);
    initIPFamilyFields(svc);
  },
  validate: validateService,
  prepareForUpdate(svc, old) {
    keepStatus(svc, old);
    patchAllocatedValues(svc, old);
    normalizeClusterIPs(svc, old);
    dropTypeDependentFields(svc, old);
    // As the service REST's beginUpdate, families are (re)initialised on every update.
    initIPFamilyFields(svc);
  },
  validateUpdate: validateServiceUpdate,
  status: statusSubresource({ defaults: setDefaultsService, validateUpdate: validateServiceStatusUpdate }),
};
