import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../object.ts';
import { setDefaultsCustomResourceDefinition } from './apiextensions.ts';

test('CRD: singular and listKind from kind, conversion None', () => {
  const crd: KubeObject = { metadata: { name: 'widgets.example.com' }, spec: { names: { plural: 'widgets', kind: 'Widget' } } };
  setDefaultsCustomResourceDefinition(crd);
  assert.deepEqual(crd.spec, { names: { plural: 'widgets', kind: 'Widget', singular: 'widget', listKind: 'WidgetList' }, conversion: { strategy: 'None' } });
});
