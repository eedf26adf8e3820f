import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatFieldError } from '../../api/field-error.ts';
import type { JSONSchemaProps } from './json-schema-props.ts';
import { validateListSetsAndMaps } from './list-type.ts';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        set: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        map: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object' } },
        multi: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port', 'protocol'], items: { type: 'object' } },
        atomic: { type: 'array', items: { type: 'string' } },
        groups: { type: 'object', additionalProperties: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'integer' } } },
      },
    },
  },
};

const CASES: readonly { name: string; spec: Record<string, unknown>; want: string[] }[] = [
  { name: 'unique lists pass', spec: { set: ['a', 'b'], map: [{ name: 'a' }, { name: 'b' }], atomic: ['a', 'a'] }, want: [] },
  { name: 'a set reports each repeated value once, at its second index', spec: { set: ['a', 'b', 'a', 'a', 'b'] }, want: ['spec.set[2]: Duplicate value: "a"', 'spec.set[4]: Duplicate value: "b"'] },
  { name: 'a map list reports the duplicated key', spec: { map: [{ name: 'a', v: 1 }, { name: 'a', v: 2 }] }, want: ['spec.map[1]: Duplicate value: {"name":"a"}'] },
  { name: 'compound keys', spec: { multi: [{ port: 80, protocol: 'TCP' }, { port: 80, protocol: 'UDP' }, { port: 80, protocol: 'TCP' }] }, want: ['spec.multi[2]: Duplicate value: {"port":80,"protocol":"TCP"}'] },
  { name: 'map list items must be objects', spec: { map: [{ name: 'a' }, 'b'] }, want: ['spec.map[1]: Invalid value: "b": must be an object for an array of list-type map'] },
  { name: 'lists under map values are addressed by key', spec: { groups: { g: [1, 1] } }, want: ['spec.groups[g][1]: Duplicate value: 1'] },
];

for (const c of CASES) {
  test(`list types: ${c.name}`, () => {
    assert.deepEqual(validateListSetsAndMaps({ spec: c.spec }, schema).map(formatFieldError), c.want);
  });
}
