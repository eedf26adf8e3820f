import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applySchemaDefaults } from './default.ts';
import type { JSONSchemaProps } from './json-schema-props.ts';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      default: {},
      properties: {
        replicas: { type: 'integer', default: 1 },
        mode: { type: 'string', default: 'fast' },
        note: { type: 'string' },
        maybe: { type: 'string', nullable: true },
        nested: { type: 'object', default: { inner: {} }, properties: { inner: { type: 'object', properties: { depth: { type: 'integer', default: 3 } } } } },
        items: { type: 'array', items: { type: 'object', default: { name: 'x' }, properties: { name: { type: 'string' }, weight: { type: 'integer', default: 10 } } } },
        byName: { type: 'object', additionalProperties: { type: 'object', properties: { on: { type: 'boolean', default: true } } } },
      },
    },
  },
};

const CASES: readonly { name: string; input: Record<string, unknown>; output: Record<string, unknown> }[] = [
  {
    name: 'an absent spec gets its default, then the defaults inside it',
    input: {},
    output: { spec: { replicas: 1, mode: 'fast', nested: { inner: { depth: 3 } } } },
  },
  {
    name: 'set fields are kept',
    input: { spec: { replicas: 5, mode: 'slow', nested: { inner: { depth: 0 } } } },
    output: { spec: { replicas: 5, mode: 'slow', nested: { inner: { depth: 0 } } } },
  },
  {
    name: 'a non-nullable null with a default is defaulted; without a default it is dropped; nullable nulls stay',
    input: { spec: { replicas: null, note: null, maybe: null, nested: { inner: { depth: 1 } } } },
    output: { spec: { replicas: 1, mode: 'fast', maybe: null, nested: { inner: { depth: 1 } } } },
  },
  {
    name: 'array items: a null item takes the items default; every item is defaulted inside',
    input: { spec: { items: [null, { name: 'a' }], nested: {} } },
    output: { spec: { replicas: 1, mode: 'fast', items: [{ name: 'x', weight: 10 }, { name: 'a', weight: 10 }], nested: {} } },
  },
  {
    name: 'additionalProperties values are defaulted',
    input: { spec: { byName: { a: {}, b: { on: false } }, nested: {} } },
    output: { spec: { replicas: 1, mode: 'fast', byName: { a: { on: true }, b: { on: false } }, nested: {} } },
  },
];

for (const c of CASES) {
  test(`defaulting: ${c.name}`, () => {
    const obj = structuredClone(c.input);
    applySchemaDefaults(obj, schema);
    assert.deepEqual(obj, c.output);
  });
}

test('defaulting: defaults are copies, not shared', () => {
  const a: Record<string, unknown> = {};
  const b: Record<string, unknown> = {};
  applySchemaDefaults(a, schema);
  applySchemaDefaults(b, schema);
  ((a.spec as Record<string, unknown>).nested as Record<string, unknown>).inner = 'changed';
  assert.deepEqual((b.spec as Record<string, unknown>).nested, { inner: { depth: 3 } });
  assert.deepEqual((schema.properties!.spec.properties!.nested.default), { inner: {} });
});
