/**
 * ConfigMap, Secret and ServiceAccount validation after pkg/apis/core/validation (ValidateConfigMap,
 * ValidateConfigMapUpdate, ValidateSecret, ValidateSecretUpdate, ValidateServiceAccount).
 */
import { type FieldError, forbidden, invalidValue, key, required, tooLong } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { asObj, asStr, deepEqual } from './access.ts';
import { base64DecodedLength, base64Error } from './base64.ts';
import { validateImmutableField } from './common.ts';
import { invalidEach, isConfigMapKey } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

/** MaxSecretSize, also the ConfigMap limit. */
export const MAX_SECRET_SIZE = 1024 * 1024;
const IMMUTABLE_WHEN_SET = 'field is immutable when `immutable` is set';

/** ValidateConfigMap. */
export function validateConfigMap(cm: KubeObject): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, { namespaced: true });
  const data = asObj(cm.data) ?? {};
  const binary = asObj(cm.binaryData) ?? {};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    errs.push(...invalidEach(key('data', k), k, isConfigMapKey(k)));
    if (k in binary) errs.push(invalidValue(key('data', k), k, 'duplicate of key present in binaryData'));
    total += Buffer.byteLength(asStr(v));
  }
  for (const [k, v] of Object.entries(binary)) {
    errs.push(...invalidEach(key('binaryData', k), k, isConfigMapKey(k)));
    const bad = base64Error(asStr(v));
    if (bad) errs.push(invalidValue(key('binaryData', k), '<binary data omitted>', bad));
    else total += base64DecodedLength(asStr(v));
  }
  // kube passes back "" as the path: the error refers to the whole object.
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('', cm, MAX_SECRET_SIZE));
  return errs;
}

/** ValidateConfigMapUpdate: with `immutable: true`, data and the flag are frozen. */
export function validateConfigMapUpdate(cm: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(cm.metadata, old.metadata);
  if (old.immutable === true) {
    if (cm.immutable !== true) errs.push(forbidden('immutable', IMMUTABLE_WHEN_SET));
    if (!deepEqual(cm.data, old.data)) errs.push(forbidden('data', IMMUTABLE_WHEN_SET));
    if (!deepEqual(cm.binaryData, old.binaryData)) errs.push(forbidden('binaryData', IMMUTABLE_WHEN_SET));
  }
  return [...errs, ...validateConfigMap(cm)];
}

/**
 * ValidateSecret. `data` values are base64 in JSON; kube rejects an undecodable one while decoding
 * the request (400, "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data
 * at input byte N"); here it is reported on `data[key]` with the same words, so nothing undecodable
 * is ever stored, whichever layer answers first.
 */
export function validateSecret(secret: KubeObject): FieldError[] {
  const errs = validateObjectMeta(secret.metadata, { namespaced: true });
  const data = asObj(secret.data) ?? {};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    errs.push(...invalidEach(key('data', k), k, isConfigMapKey(k)));
    const bad = base64Error(asStr(v));
    if (bad) errs.push(invalidValue(key('data', k), '<secret contents redacted>', bad));
    else total += base64DecodedLength(asStr(v));
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('data', '', MAX_SECRET_SIZE));
  const has = (k: string) => data[k] !== undefined && data[k] !== null;
  const decoded = (k: string) => Buffer.from(asStr(data[k]), 'base64').toString('utf8');
  switch (asStr(secret.type)) {
    case 'kubernetes.io/service-account-token':
      if (asStr(asObj(secret.metadata?.annotations)?.['kubernetes.io/service-account.name']) === '') {
        errs.push(required(key('metadata.annotations', 'kubernetes.io/service-account.name'), ''));
      }
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const k = secret.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!has(k)) { errs.push(required(key('data', k), '')); break; }
      try { JSON.parse(decoded(k)); } catch (e) { errs.push(invalidValue(key('data', k), '<secret contents redacted>', (e as Error).message)); }
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) errs.push(required(key('data', 'username'), ''), required(key('data', 'password'), ''));
      break;
    case 'kubernetes.io/ssh-auth':
      if (asStr(data['ssh-privatekey']) === '') errs.push(required(key('data', 'ssh-privatekey'), ''));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(required(key('data', 'tls.crt'), ''));
      if (!has('tls.key')) errs.push(required(key('data', 'tls.key'), ''));
      break;
  }
  return errs;
}

/** ValidateSecretUpdate: type immutable; `immutable: true` freezes data and the flag. */
export function validateSecretUpdate(secret: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(secret.metadata, old.metadata);
  errs.push(...validateImmutableField(secret.type, old.type, 'type'));
  if (old.immutable === true) {
    if (secret.immutable !== true) errs.push(forbidden('immutable', IMMUTABLE_WHEN_SET));
    if (!deepEqual(secret.data, old.data)) errs.push(forbidden('data', IMMUTABLE_WHEN_SET));
  }
  return [...errs, ...validateSecret(secret)];
}

/** ValidateServiceAccount. */
export function validateServiceAccount(sa: KubeObject): FieldError[] {
  return validateObjectMeta(sa.metadata, { namespaced: true });
}

export function validateServiceAccountUpdate(sa: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(sa.metadata, old.metadata), ...validateServiceAccount(sa)];
}
