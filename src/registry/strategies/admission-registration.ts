/**
 * admissionregistration.k8s.io/v1 kinds, after pkg/registry/admissionregistration/<kind>/strategy.go:
 * all track generation; ValidatingAdmissionPolicy has a status subresource (type checking).
 */
import {
  setDefaultsValidatingAdmissionPolicy, setDefaultsValidatingAdmissionPolicyBinding, setDefaultsWebhookConfiguration,
} from '../../api/defaults/admissionregistration.ts';
import {
  validateMutatingWebhookConfiguration, validateMutatingWebhookConfigurationUpdate,
  validateValidatingAdmissionPolicy, validateValidatingAdmissionPolicyBinding, validateValidatingAdmissionPolicyBindingUpdate,
  validateValidatingAdmissionPolicyUpdate, validateValidatingWebhookConfiguration, validateValidatingWebhookConfigurationUpdate,
} from '../../api/validation/admissionregistration.ts';
import { validateObjectMetaUpdate } from '../../api/validation/object-meta.ts';
import { defineStrategy } from './define-strategy.ts';

export const validatingWebhookConfigurationStrategy = defineStrategy({
  tracksGeneration: true,
  defaults: (c) => setDefaultsWebhookConfiguration(c, { mutating: false }),
  validate: validateValidatingWebhookConfiguration,
  validateUpdate: validateValidatingWebhookConfigurationUpdate,
});

export const mutatingWebhookConfigurationStrategy = defineStrategy({
  tracksGeneration: true,
  defaults: (c) => setDefaultsWebhookConfiguration(c, { mutating: true }),
  validate: validateMutatingWebhookConfiguration,
  validateUpdate: validateMutatingWebhookConfigurationUpdate,
});

export const validatingAdmissionPolicyStrategy = defineStrategy({
  tracksGeneration: true,
  defaults: setDefaultsValidatingAdmissionPolicy,
  validate: validateValidatingAdmissionPolicy,
  validateUpdate: validateValidatingAdmissionPolicyUpdate,
  status: { initial: () => ({}), validateUpdate: (p, old) => validateObjectMetaUpdate(p.metadata, old.metadata, { standardFinalizers: false }) },
});

export const validatingAdmissionPolicyBindingStrategy = defineStrategy({
  tracksGeneration: true,
  defaults: setDefaultsValidatingAdmissionPolicyBinding,
  validate: validateValidatingAdmissionPolicyBinding,
  validateUpdate: validateValidatingAdmissionPolicyBindingUpdate,
});
