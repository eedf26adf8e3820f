/**
 * ConfigMaps, Secrets and ServiceAccounts, after pkg/registry/core/{configmap,secret,
 * serviceaccount}/strategy.go: no status, no generation. Secrets are selectable by type.
 */
import type { KubeObject } from '../../api/object.ts';
import { setDefaultsSecret } from '../../api/defaults/core.ts';
import { asStr } from '../../api/validation/access.ts';
import { validateConfigMap, validateConfigMapUpdate, validateSecret, validateSecretUpdate, validateServiceAccount, validateServiceAccountUpdate } from '../../api/validation/core-config.ts';
import { defineStrategy } from './define-strategy.ts';

export const configMapStrategy = defineStrategy({ validate: validateConfigMap, validateUpdate: validateConfigMapUpdate });

export const secretStrategy = defineStrategy({
  defaults: setDefaultsSecret,
  validate: validateSecret,
  validateUpdate: validateSecretUpdate,
  fieldSet: (s: KubeObject) => ({ type: asStr(s.type) }),
});

export const serviceAccountStrategy = defineStrategy({ validate: validateServiceAccount, validateUpdate: validateServiceAccountUpdate });
