import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatFieldError } from '../../api/field-error.ts';
import type { JSONSchemaProps } from './json-schema-props.ts';
import { validateAgainstSchema } from './validate-custom-resource.ts';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['size'],
      properties: {
        size: { type: 'string', enum: ['small', 'large'] },
        replicas: { type: 'integer', minimum: 0, maximum: 10 },
        ratio: { type: 'number', exclusiveMaximum: true, maximum: 1.5 },
        name: { type: 'string', maxLength: 5, minLength: 2, pattern: '^[a-z]+$' },
        port: { 'x-kubernetes-int-or-string': true },
        when: { type: 'string', format: 'date-time' },
        id: { type: 'string', format: 'uuid' },
        optional: { type: 'string', nullable: true },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 2, minItems: 1, uniqueItems: true },
        labels: { type: 'object', additionalProperties: { type: 'integer' } },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer', minimum: 1 } } },
        },
        anything: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        closed: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
        few: { type: 'object', maxProperties: 1 },
      },
    },
  },
};

const messages = (obj: unknown, old?: unknown) => validateAgainstSchema(obj, schema, old === undefined ? {} : { old }).map(formatFieldError);
const withSpec = (spec: Record<string, unknown>) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 'small', ...spec } });

const CASES: readonly { name: string; spec: Record<string, unknown>; want: string[] }[] = [
  { name: 'a valid object', spec: { replicas: 3, ratio: 1.25, name: 'abc', port: 'http', tags: ['a'], labels: { x: 1 }, anything: { deep: { x: 1 } }, optional: null }, want: [] },
  { name: 'integer given a string (kube example)', spec: { replicas: 'string' }, want: ['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"'] },
  { name: 'integer given a fraction', spec: { replicas: 1.5 }, want: ['spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"'] },
  { name: 'below the minimum', spec: { replicas: -1 }, want: ['spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0'] },
  { name: 'above the maximum', spec: { replicas: 11 }, want: ['spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10'] },
  { name: 'exclusive maximum on a number', spec: { ratio: 1.5 }, want: ['spec.ratio: Invalid value: 1.5: spec.ratio in body should be less than 1.5'] },
  { name: 'enum', spec: { size: 'medium' }, want: ['spec.size: Unsupported value: "medium": supported values: "small", "large"'] },
  { name: 'required', spec: { size: undefined }, want: ['spec.size: Required value'] },
  { name: 'maxLength (Too long hides the value)', spec: { name: 'abcdef' }, want: ['spec.name: Too long: may not be more than 5 bytes'] },
  { name: 'minLength', spec: { name: 'a' }, want: ['spec.name: Invalid value: "a": spec.name in body should be at least 2 chars long'] },
  { name: 'pattern', spec: { name: 'AB' }, want: ['spec.name: Invalid value: "AB": spec.name in body should match \'^[a-z]+$\''] },
  { name: 'int-or-string given a boolean', spec: { port: true }, want: ['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"'] },
  { name: 'int-or-string given an integer', spec: { port: 8080 }, want: [] },
  { name: 'date-time format', spec: { when: 'yesterday' }, want: ['spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"'] },
  { name: 'a valid date-time', spec: { when: '2026-01-02T03:04:05.5+01:00' }, want: [] },
  { name: 'uuid format', spec: { id: 'nope' }, want: ['spec.id: Invalid value: "nope": spec.id in body must be of type uuid: "nope"'] },
  { name: 'null where not nullable', spec: { name: null }, want: ['spec.name: Invalid value: "null": spec.name in body must be of type string: "null"'] },
  { name: 'array item type, with index', spec: { tags: ['a', 2] }, want: ['spec.tags[1]: Invalid value: "integer": spec.tags[1] in body must be of type string: "integer"'] },
  { name: 'maxItems', spec: { tags: ['a', 'b', 'c'] }, want: ['spec.tags: Too many: must have at most 2 items'] },
  { name: 'minItems', spec: { tags: [] }, want: ['spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items'] },
  { name: 'uniqueItems', spec: { tags: ['a', 'a'] }, want: ['spec.tags: Invalid value: "": spec.tags in body shouldn\'t contain duplicates'] },
  { name: 'additionalProperties schema', spec: { labels: { x: 'one' } }, want: ['spec.labels.x: Invalid value: "string": spec.labels.x in body must be of type integer: "string"'] },
  { name: 'additionalProperties false', spec: { closed: { b: 'x' } }, want: ['spec.closed: Invalid value: "b": spec.closed.b in body is a forbidden property'] },
  { name: 'maxProperties', spec: { few: { a: 1, b: 2 } }, want: ['spec.few: Too many: must have at most 1 items'] },
  { name: 'nested list-map item', spec: { ports: [{ name: 'a', port: 0 }] }, want: ['spec.ports[0].port: Invalid value: 0: spec.ports[0].port in body should be greater than or equal to 1'] },
  { name: 'preserve-unknown-fields object accepts anything inside', spec: { anything: { a: [1, 'b', { c: null }] } }, want: [] },
];

for (const c of CASES) {
  test(`schema validation: ${c.name}`, () => {
    const spec = Object.fromEntries(Object.entries(withSpec(c.spec).spec).filter(([, v]) => v !== undefined));
    assert.deepEqual(messages({ ...withSpec({}), spec }), c.want);
  });
}

test('schema validation: no schema means no errors', () => {
  assert.deepEqual(validateAgainstSchema({ anything: 1 }, undefined), []);
});

test('ratcheting: an invalid value already stored passes when unchanged, fails when changed', () => {
  const old = withSpec({ replicas: 20, name: 'TOOLONGNAME' });
  assert.deepEqual(messages(withSpec({ replicas: 20, name: 'TOOLONGNAME', tags: ['x'] }), old), []);
  assert.deepEqual(messages(withSpec({ replicas: 21, name: 'TOOLONGNAME' }), old), [
    'spec.replicas: Invalid value: 21: spec.replicas in body should be less than or equal to 10',
  ]);
});

test('ratcheting: list-map items correlate by key, so a reordered invalid item still passes', () => {
  const old = withSpec({ ports: [{ name: 'a', port: 0 }, { name: 'b', port: 2 }] });
  assert.deepEqual(messages(withSpec({ ports: [{ name: 'b', port: 2 }, { name: 'a', port: 0 }] }), old), []);
  assert.equal(messages(withSpec({ ports: [{ name: 'a', port: -1 }] }), old).length, 1);
});

test('composition: anyOf failures are reported on a nil path, as kube', () => {
  const s: JSONSchemaProps = { type: 'object', properties: { v: { anyOf: [{ type: 'integer' }, { type: 'string' }] } } };
  const errs = validateAgainstSchema({ v: true }, s).map(formatFieldError);
  assert.equal(errs[0], '<nil>: Invalid value: "": "v" must validate at least one schema (anyOf)');
  assert.ok(errs.length >= 2);
  assert.deepEqual(validateAgainstSchema({ v: 'x' }, s), []);
});

test('pattern: RE2 semantics on a linear-time engine, so a catastrophic pattern answers instead of hanging', () => {
  const schema: JSONSchemaProps = { type: 'object', properties: { name: { type: 'string', pattern: '^(a+)+$' } } };
  // 2^40 backtracking steps on a backtracking engine; linear here.
  const errs = validateAgainstSchema({ name: `${'a'.repeat(40)}b` }, schema);
  assert.deepEqual(errs.map(formatFieldError), ["name: Invalid value: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\": name in body should match '^(a+)+$'"]);
  // Go's regexp refuses look-arounds: the pattern is invalid, as kube-openapi reports.
  const bad = validateAgainstSchema({ name: 'x' }, { type: 'object', properties: { name: { type: 'string', pattern: '(?=x)' } } });
  assert.match(formatFieldError(bad[0]!), /pattern is invalid/);
});
