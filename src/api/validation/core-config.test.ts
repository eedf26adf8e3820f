import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { validateConfigMap, validateConfigMapUpdate, validateSecret, validateSecretUpdate } from './core-config.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);
const meta = { name: 'c', namespace: 'default', resourceVersion: '1' };

test('ConfigMap keys must be config keys', () => {
  const cm: KubeObject = { metadata: meta, data: { 'ok.key': 'v', 'bad key': 'v' } };
  assert.deepEqual(msgs(validateConfigMap(cm)), [
    `data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
  ]);
});

test('a key may not be in both data and binaryData', () => {
  const cm: KubeObject = { metadata: meta, data: { k: 'v' }, binaryData: { k: 'dg==' } };
  assert.deepEqual(msgs(validateConfigMap(cm)), ['data[k]: Invalid value: "k": duplicate of key present in binaryData']);
});

test('immutable ConfigMaps keep their data and flag', () => {
  const old: KubeObject = { metadata: meta, immutable: true, data: { k: 'v' } };
  assert.deepEqual(validateConfigMapUpdate({ ...structuredClone(old), metadata: { ...meta, labels: { a: 'b' } } }, old), []);
  assert.deepEqual(msgs(validateConfigMapUpdate({ metadata: meta, data: { k: 'w' } }, old)), [
    'immutable: Forbidden: field is immutable when `immutable` is set',
    'data: Forbidden: field is immutable when `immutable` is set',
  ]);
  assert.deepEqual(validateConfigMapUpdate({ metadata: meta, data: { k: 'w' } }, { metadata: meta, data: { k: 'v' } }), []);
});

test('Secret data must decode as base64', () => {
  const s: KubeObject = { metadata: meta, type: 'Opaque', data: { good: 'cGFzcw==', bad: 'p@ss' } };
  assert.deepEqual(msgs(validateSecret(s)), ['data[bad]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 1']);
});

test('typed Secrets need their keys', () => {
  assert.deepEqual(msgs(validateSecret({ metadata: meta, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } })), ['data[tls.key]: Required value']);
  assert.deepEqual(msgs(validateSecret({ metadata: meta, type: 'kubernetes.io/service-account-token' })),
    ['metadata.annotations[kubernetes.io/service-account.name]: Required value']);
  assert.deepEqual(msgs(validateSecret({ metadata: meta, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': Buffer.from('{nope').toString('base64') } })).length, 1);
});

test('a Secret\'s type is immutable', () => {
  const old: KubeObject = { metadata: meta, type: 'Opaque', data: {} };
  assert.deepEqual(msgs(validateSecretUpdate({ metadata: meta, type: 'kubernetes.io/basic-auth', data: { username: 'dQ==' } }, old)),
    ['type: Invalid value: "kubernetes.io/basic-auth": field is immutable']);
});
