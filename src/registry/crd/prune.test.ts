import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JSONSchemaProps } from './json-schema-props.ts';
import { pruneCustomResource } from './prune.ts';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        size: { type: 'string' },
        labels: { type: 'object', additionalProperties: { type: 'object', properties: { v: { type: 'string' } } } },
        items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'object', properties: { a: { type: 'string' } } } } },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } } },
      },
    },
    status: { type: 'object', properties: { ready: { type: 'boolean' } } },
  },
};

const CASES: readonly { name: string; input: Record<string, unknown>; output: Record<string, unknown>; removed: string[] }[] = [
  {
    name: 'unknown fields at every level are removed',
    input: { spec: { size: 's', extra: 1 }, status: { ready: true, other: 'x' }, top: 1 },
    output: { spec: { size: 's' }, status: { ready: true } },
    removed: ['spec.extra', 'status.other', 'top'],
  },
  {
    name: 'apiVersion, kind and metadata of the root stay; metadata is cut to ObjectMeta fields',
    input: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', labels: { a: 'b' }, bogus: true } },
    output: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', labels: { a: 'b' } } },
    removed: [],
  },
  {
    name: 'additionalProperties values and array items are pruned by their schemas',
    input: { spec: { labels: { k: { v: 'x', w: 'y' } }, items: [{ name: 'a', junk: 1 }] } },
    output: { spec: { labels: { k: { v: 'x' } }, items: [{ name: 'a' }] } },
    removed: ['spec.labels.k.w', 'spec.items[0].junk'],
  },
  {
    name: 'x-kubernetes-preserve-unknown-fields keeps unknown fields but prunes inside known ones',
    input: { spec: { free: { anything: { deep: 1 }, known: { a: 'x', b: 'y' } } } },
    output: { spec: { free: { anything: { deep: 1 }, known: { a: 'x' } } } },
    removed: ['spec.free.known.b'],
  },
  {
    name: 'an embedded resource keeps its type and object meta, pruning the rest',
    input: { spec: { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', nope: 1 }, spec: { x: 'a', y: 'b' } } } },
    output: { spec: { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 'a' } } } },
    removed: ['spec.template.spec.y'],
  },
];

for (const c of CASES) {
  test(`pruning: ${c.name}`, () => {
    const obj = structuredClone(c.input);
    const removed = pruneCustomResource(obj, schema);
    assert.deepEqual(obj, c.output);
    assert.deepEqual(removed.sort(), [...c.removed].sort());
  });
}

test('pruning: a root that preserves unknown fields keeps everything', () => {
  const obj = { spec: { a: 1 }, other: [1, 2] };
  assert.deepEqual(pruneCustomResource(obj, { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }), []);
  assert.deepEqual(obj, { spec: { a: 1 }, other: [1, 2] });
});

test('pruning: without a schema only type and object meta remain', () => {
  const obj = { apiVersion: 'v', kind: 'K', metadata: { name: 'n' }, spec: { a: 1 } };
  assert.deepEqual(pruneCustomResource(obj, undefined), ['spec']);
  assert.deepEqual(obj, { apiVersion: 'v', kind: 'K', metadata: { name: 'n' } });
});
