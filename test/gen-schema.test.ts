import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DEFAULT_INPUT, DEFAULT_OUTPUT, generateSchema, render } from '../scripts/gen-schema.ts';

test('src/api/generated/schema.json is what scripts/gen-schema.ts makes of the reference OpenAPI', { skip: !existsSync(DEFAULT_INPUT) && `no reference document at ${DEFAULT_INPUT}` }, () => {
  const fresh = render(generateSchema(JSON.parse(readFileSync(DEFAULT_INPUT, 'utf8')), basename(DEFAULT_INPUT)));
  assert.ok(fresh === readFileSync(DEFAULT_OUTPUT, 'utf8'), 'stale: run node --import tsx scripts/gen-schema.ts');
});

test('gen-schema keeps structure and the patch extensions, drops prose, resolves reachability', () => {
  const openapi = {
    definitions: {
      'a.Kind': {
        description: 'prose', type: 'object', required: ['spec'],
        'x-kubernetes-group-version-kind': [{ group: 'g', kind: 'Kind', version: 'v1' }],
        properties: {
          spec: { $ref: '#/definitions/a.Spec', description: 'prose', 'x-kubernetes-patch-strategy': 'retainKeys' },
          items: { type: 'array', items: { $ref: '#/definitions/a.Item' }, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' },
          labels: { type: 'object', additionalProperties: { type: 'string', default: '' }, 'x-kubernetes-map-type': 'granular' },
        },
      },
      'a.Spec': { type: 'object', properties: { port: { $ref: '#/definitions/a.IntOrString' } } },
      'a.Item': { type: 'object', properties: { name: { type: 'string' } }, 'x-kubernetes-unions': [{}] },
      'a.IntOrString': { type: 'string', format: 'int-or-string', description: 'prose' },
      'a.Unused': { type: 'object', properties: {} },
    },
  };
  const out = generateSchema(openapi, 'in.json') as { definitions: Record<string, unknown> };
  assert.deepEqual(Object.keys(out.definitions), ['a.IntOrString', 'a.Item', 'a.Kind', 'a.Spec']);
  assert.deepEqual(out.definitions['a.IntOrString'], { format: 'int-or-string', type: 'string', 'x-kubernetes-int-or-string': true });
  assert.deepEqual(out.definitions['a.Item'], { properties: { name: { type: 'string' } }, type: 'object' });
  assert.deepEqual(out.definitions['a.Kind'], {
    properties: {
      items: { items: { $ref: 'a.Item' }, type: 'array', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-list-type': 'map', 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' },
      labels: { additionalProperties: { type: 'string' }, type: 'object', 'x-kubernetes-map-type': 'granular' },
      spec: { $ref: 'a.Spec', 'x-kubernetes-patch-strategy': 'retainKeys' },
    },
    required: ['spec'], type: 'object', 'x-kubernetes-group-version-kind': [{ group: 'g', kind: 'Kind', version: 'v1' }],
  });
  assert.throws(() => generateSchema({ definitions: { 'a.K': { 'x-kubernetes-group-version-kind': [{}], properties: { x: { $ref: '#/definitions/gone' } } } } }, 'x'), /dangling \$ref to gone/);
});
