/**
 * networking.k8s.io/v1 kinds, after pkg/registry/networking/{ingress,ingressclass,networkpolicy}/
 * strategy.go: all three track generation; Ingress has a status subresource.
 */
import { setDefaultsIngressClass, setDefaultsNetworkPolicy } from '../../api/defaults/networking.ts';
import { validateIngress, validateIngressClass, validateIngressClassUpdate, validateIngressStatusUpdate, validateIngressUpdate, validateNetworkPolicy, validateNetworkPolicyUpdate } from '../../api/validation/networking.ts';
import { defineStrategy } from './define-strategy.ts';

export const ingressStrategy = defineStrategy({
  tracksGeneration: true,
  validate: validateIngress,
  validateUpdate: validateIngressUpdate,
  status: { initial: () => ({ loadBalancer: {} }), validateUpdate: validateIngressStatusUpdate },
});

export const ingressClassStrategy = defineStrategy({
  tracksGeneration: true,
  defaults: setDefaultsIngressClass,
  validate: validateIngressClass,
  validateUpdate: validateIngressClassUpdate,
});

export const networkPolicyStrategy = defineStrategy({
  tracksGeneration: true,
  defaults: setDefaultsNetworkPolicy,
  validate: validateNetworkPolicy,
  validateUpdate: validateNetworkPolicyUpdate,
});
