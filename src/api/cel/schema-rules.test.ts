import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatFieldError } from '../field-error.ts';
import { CostMeter } from './cost.ts';
import { type RuleNode, compileSchemaRules } from './schema-rules.ts';
import type { CelSchema } from './schema-types.ts';
import { toCelValue } from './values.ts';

/** Compiles `rule` at the root of a resource with `spec: specSchema`; returns the rule's issues or its result on `spec`. */
function specRule(specSchema: Record<string, unknown>, rule: string, spec?: unknown): string[] | unknown {
  const schema = { type: 'object', properties: { spec: { ...specSchema, 'x-kubernetes-validations': [{ rule }] } } } as CelSchema;
  const compiled = compileSchemaRules(schema, { path: 'schema' });
  if (compiled.issues.length > 0) return compiled.issues.map(formatFieldError);
  const node = compiled.root!.properties.get('spec')!;
  return evaluate(node, spec);
}
function evaluate(node: RuleNode, value: unknown): unknown {
  const r = node.rules[0].program!.evaluate({ self: toCelValue(value, node.type) }, new CostMeter());
  return r.kind === 'value' ? r.value : r;
}
const rootRule = (schema: Record<string, unknown>, rule: string, obj?: unknown): string[] | unknown => {
  const compiled = compileSchemaRules({ ...schema, 'x-kubernetes-validations': [{ rule }] } as CelSchema, { path: 'schema' });
  if (compiled.issues.length > 0) return compiled.issues.map(formatFieldError);
  return evaluate(compiled.root!, obj);
};

test('the resource root exposes apiVersion, kind and metadata.name/generateName only', () => {
  const schema = { type: 'object', properties: { metadata: { type: 'object' } } };
  const obj = { apiVersion: 'v1', kind: 'W', metadata: { name: 'w1', labels: { a: 'b' } } };
  assert.equal(rootRule(schema, "self.metadata.name == 'w1' && self.kind == 'W' && self.apiVersion == 'v1'", obj), true);
  const labels = rootRule(schema, 'self.metadata.labels.size() > 0', obj) as string[];
  assert.match(labels[0], /undefined field 'labels'/);
});

test('embedded resources are resource roots too', () => {
  const template = { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true };
  assert.equal(specRule({ type: 'object', properties: { template } }, "self.template.kind == 'Pod' && self.template.metadata.name == 'p'",
    { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} } }), true);
});

test('property names are escaped as kube escapes them', () => {
  const props = { type: 'object', properties: { 'foo-bar': { type: 'string' }, namespace: { type: 'string' }, 'a.b': { type: 'integer' }, x__y: { type: 'integer' } } };
  assert.equal(specRule(props, "self.foo__dash__bar == 'v' && self.__namespace__ == 'ns' && self.a__dot__b == 1 && self.x__underscores__y == 2",
    { 'foo-bar': 'v', namespace: 'ns', 'a.b': 1, x__y: 2 }), true);
});

test('int-or-string is dyn: rules test its type', () => {
  const port = { type: 'object', properties: { port: { 'x-kubernetes-int-or-string': true } } };
  const rule = "type(self.port) == string ? self.port.endsWith('%') : self.port < 100";
  assert.equal(specRule(port, rule, { port: '50%' }), true);
  assert.equal(specRule(port, rule, { port: 50 }), true);
  assert.equal(specRule(port, rule, { port: 500 }), false);
});

test('preserve-unknown-fields objects expose their declared fields only', () => {
  const free = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'integer' } } };
  assert.equal(specRule(free, 'self.known == 1', { known: 1, other: 2 }), true);
  assert.match((specRule(free, 'self.other == 2') as string[])[0], /undefined field 'other'/);
});

test('string formats are typed: date-time and date as timestamps, duration, byte as bytes', () => {
  const s = { type: 'object', properties: {
    at: { type: 'string', format: 'date-time' }, day: { type: 'string', format: 'date' },
    ttl: { type: 'string', format: 'duration' }, data: { type: 'string', format: 'byte' },
  } };
  assert.equal(specRule(s, "self.at > timestamp('2020-01-01T00:00:00Z') && self.day.getFullYear() == 2024 && self.ttl < duration('2h') && size(self.data) == 3",
    { at: '2024-05-01T10:00:00+02:00', day: '2024-02-29', ttl: '90m', data: 'YWJj' }), true);
  assert.equal(specRule(s, "self.at + self.ttl == timestamp('2024-01-01T01:30:00Z')", { at: '2024-01-01T00:00:00Z', ttl: '1h30m' }), true);
});

test('maps and lists of objects', () => {
  const s = { type: 'object', properties: {
    limits: { type: 'object', additionalProperties: { type: 'integer' } },
    items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, weight: { type: 'number' } } } },
  } };
  const spec = { limits: { cpu: 2, memory: 4 }, items: [{ name: 'a', weight: 0.25 }, { name: 'b', weight: 0.75 }] };
  assert.equal(specRule(s, "'cpu' in self.limits && self.limits['memory'] == 4 && self.limits.all(k, self.limits[k] > 0)", spec), true);
  assert.equal(specRule(s, 'self.items.map(x, x.weight).sum() == 1.0', spec), true);
  assert.equal(specRule(s, 'self.items.exists(i, i == self.items[1]) && self.items[0] != self.items[1]', spec), true);
  assert.equal(specRule(s, "self.items.filter(i, i.name == 'a').size() == 1", spec), true);
});

test('a null field is absent; null list items stay null (nullable items are dyn)', () => {
  const s = { type: 'object', properties: { opt: { type: 'string', nullable: true }, xs: { type: 'array', items: { type: 'string', nullable: true } } } };
  assert.equal(specRule(s, '!has(self.opt) && self.xs[0] == null && self.xs[1] == "a"', { opt: null, xs: [null, 'a'] }), true);
});

test('numbers: integer fields are ints, number fields doubles even when written whole', () => {
  const s = { type: 'object', properties: { i: { type: 'integer' }, d: { type: 'number' } } };
  assert.equal(specRule(s, 'type(self.i) == int && type(self.d) == double && self.d == 2.0 && self.i < self.d', { i: 1, d: 2 }), true);
});

test('a node without a CEL type cannot carry rules', () => {
  const compiled = compileSchemaRules({ type: 'object', properties: { any: { 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-validations': [{ rule: 'true' }] } } } as CelSchema, { path: 'schema' });
  assert.deepEqual(compiled.issues.map(formatFieldError), [
    'schema.properties[any].x-kubernetes-validations: Internal error: internal error: failed to retrieve type information for x-kubernetes-validations',
  ]);
});

test('compiled rules are cached per schema object', () => {
  const schema = { type: 'object', 'x-kubernetes-validations': [{ rule: 'true' }] } as CelSchema;
  assert.equal(compileSchemaRules(schema), compileSchemaRules(schema));
  assert.notEqual(compileSchemaRules(schema), compileSchemaRules(structuredClone(schema)));
});

test('has() refuses undeclared fields at any depth, as cel-go does', () => {
  const s = { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } } } } };
  assert.equal(specRule(s, 'has(self.a.b)', { a: { b: 'x' } }), true);
  assert.equal(specRule(s, 'has(self.a) && !has(self.a.b)', { a: {} }), true);
  assert.deepEqual(specRule(s, 'has(self.a.c)'), [
    'schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:"has(self.a.c)", Message:"", MessageExpression:"", '
    + "Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:4: undefined field 'c'\n | has(self.a.c)\n | ...^",
  ]);
});
