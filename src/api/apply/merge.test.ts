/**
 * Merge order and semantics against structured-merge-diff's own expectations (typed merge test
 * tables: live, applied → merged), on a schema with a set, an associative list keyed by two
 * fields and an atomic list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaRegistry } from '../schema.ts';
import { mergeTyped } from './merge.ts';

const registry = new SchemaRegistry({
  Root: {
    type: 'object',
    properties: {
      setStr: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
      setNumeric: { type: 'array', items: { type: 'number' }, 'x-kubernetes-list-type': 'set' },
      setBool: { type: 'array', items: { type: 'boolean' }, 'x-kubernetes-list-type': 'set' },
      list: { type: 'array', items: { $ref: 'Element' }, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['key', 'id'] },
      atomicList: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'atomic' },
      numeric: { type: 'number' },
      string: { type: 'string' },
      bool: { type: 'boolean' },
    },
  },
  Element: {
    type: 'object',
    properties: {
      key: { type: 'string' }, id: { type: 'integer' }, bv: { type: 'boolean' }, nv: { type: 'number' },
      value: { type: 'object', additionalProperties: { type: 'string' } },
    },
  },
});
const root = registry.forDefinition('Root')!;

const cases: Array<[string, string, string]> = [
  ['{"numeric":1}', '{"numeric":3.14159}', '{"numeric":3.14159}'],
  ['{"string":"aoeu"}', '{"bool":true}', '{"string":"aoeu","bool":true}'],
  ['{"setStr":["a","b","c"]}', '{"setStr":["a","b"]}', '{"setStr":["a","b","c"]}'],
  ['{"setStr":["a","b","c"]}', '{"setStr":[]}', '{"setStr":["a","b","c"]}'],
  ['{"setStr":[]}', '{"setStr":["a","b","c"]}', '{"setStr":["a","b","c"]}'],
  ['{"setStr":["a","b"]}', '{"setStr":["b","a"]}', '{"setStr":["b","a"]}'],
  ['{"setStr":["a","b","c","g","f"]}', '{"setStr":["c","d","e","f"]}', '{"setStr":["a","b","c","g","d","e","f"]}'],
  ['{"setStr":["c","d","e","f"]}', '{"setStr":["a","c","e"]}', '{"setStr":["a","c","d","e","f"]}'],
  ['{"setStr":["a","b","c","x","y","z"]}', '{"setStr":["d","e","f","x","y","z"]}', '{"setStr":["a","b","c","d","e","f","x","y","z"]}'],
  ['{"setStr":["a","b","c","d"]}', '{"setStr":["d","e","f","a"]}', '{"setStr":["b","c","d","e","f","a"]}'],
  ['{"setStr":["c","d","e","f","g","h","i","j"]}', '{"setStr":["2","h","3","e","4","k","l"]}', '{"setStr":["c","d","f","g","2","h","i","j","3","e","4","k","l"]}'],
  ['{"setStr":["a","b","c","d","e","f","g","h","i","j"]}', '{"setStr":["1","b","2","h","3","e","4","k","l"]}', '{"setStr":["a","1","b","c","d","f","g","2","h","i","j","3","e","4","k","l"]}'],
  // Duplicates in the live list: kept unless the applied list names them, then one is left.
  ['{"setStr":["a","b","b"]}', '{"setStr":["c"]}', '{"setStr":["a","b","b","c"]}'],
  ['{"setStr":["a","b","b"]}', '{"setStr":["b"]}', '{"setStr":["a","b"]}'],
  ['{"setStr":["a","b","c","d","e","c"]}', '{"setStr":["1","b","2","e","d"]}', '{"setStr":["a","1","b","c","2","e","c","d"]}'],
  ['{"setStr":["a","b","c","d","e","c"]}', '{"setStr":["1","b","2","c","e","d"]}', '{"setStr":["a","1","b","2","c","e","d"]}'],
  ['{"setStr":["a","a","b","b"]}', '{"setStr":["b","c","d"]}', '{"setStr":["a","a","b","c","d"]}'],
  ['{"setNumeric":[1,2,3.14159]}', '{"setNumeric":[1,2,3]}', '{"setNumeric":[1,2,3.14159,3]}'],
  ['{"setBool":[true,false,true]}', '{"setBool":[true]}', '{"setBool":[true,false]}'],
  ['{"list":[{"key":"a","id":1,"value":{"a":"a"}}]}', '{"list":[{"key":"a","id":2,"value":{"a":"a"}}]}', '{"list":[{"key":"a","id":1,"value":{"a":"a"}},{"key":"a","id":2,"value":{"a":"a"}}]}'],
  ['{"list":[{"key":"b","id":2}]}', '{"list":[{"key":"a","id":1},{"key":"b","id":2},{"key":"c","id":3}]}', '{"list":[{"key":"a","id":1},{"key":"b","id":2},{"key":"c","id":3}]}'],
  ['{"list":[{"key":"a","id":1},{"key":"b","id":2},{"key":"c","id":3}]}', '{"list":[{"key":"c","id":3},{"key":"a","id":1}]}', '{"list":[{"key":"b","id":2},{"key":"c","id":3},{"key":"a","id":1}]}'],
  ['{"list":[{"key":"a","id":1,"bv":true},{"key":"b","id":2},{"key":"a","id":1,"bv":false,"nv":2}]}', '{"list":[{"key":"a","id":1,"nv":3},{"key":"c","id":3},{"key":"b","id":2}]}', '{"list":[{"key":"a","id":1,"nv":3},{"key":"c","id":3},{"key":"b","id":2}]}'],
  ['{"list":[{"key":"a","id":1,"nv":1},{"key":"a","id":1,"nv":2}]}', '{}', '{"list":[{"key":"a","id":1,"nv":1},{"key":"a","id":1,"nv":2}]}'],
  ['{"atomicList":["a","b","c"]}', '{"atomicList":[]}', '{"atomicList":[]}'],
  ['{"atomicList":["a","a","a"]}', '{"atomicList":["a","a"]}', '{"atomicList":["a","a"]}'],
  ['{"atomicList":["a"]}', '{"atomicList":null}', '{"atomicList":null}'],
];

for (const [live, applied, merged] of cases) {
  test(`merge ${live} ← ${applied}`, () => {
    assert.deepEqual(mergeTyped(JSON.parse(live), JSON.parse(applied), root), JSON.parse(merged));
  });
}

test('maps merge key by key under a free-form type; a scalar replaces a map there', () => {
  assert.deepEqual(mergeTyped({ a: { x: 1 }, b: [1, 2] }, { a: { y: 2 }, b: [3] }, undefined), { a: { x: 1, y: 2 }, b: [3] });
  assert.deepEqual(mergeTyped({ a: { x: 1 } }, { a: 'flat' }, undefined), { a: 'flat' });
});
