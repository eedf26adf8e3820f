import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileSchemaRules } from '../../api/cel/index.ts';
import { formatFieldError } from '../../api/field-error.ts';
import type { KubeObject } from '../../api/object.ts';
import { customResourceStrategy } from './custom-resource-strategy.ts';
import type { JSONSchemaProps } from './json-schema-props.ts';
import { validateCelRules } from './validate-cel-rules.ts';

const schema: JSONSchemaProps = {
  type: 'object',
  'x-kubernetes-validations': [{ rule: "self.metadata.name.startsWith('w')", message: 'name must start with w' }],
  properties: {
    spec: {
      type: 'object',
      'x-kubernetes-validations': [
        { rule: 'self.minReplicas <= self.maxReplicas', message: 'replicas must be at most maxReplicas' },
        { rule: 'self.minReplicas < 100', messageExpression: "'minReplicas ' + string(self.minReplicas) + ' is too large'" },
        { rule: 'self.minReplicas != 7', fieldPath: '.minReplicas', reason: 'FieldValueForbidden' },
        { rule: "!has(self.owner) || self.owner != ''", fieldPath: '.owner', reason: 'FieldValueRequired', message: 'owner must be set' },
        { rule: 'self.maxReplicas != 13', messageExpression: "'unlucky ' + string(self.maxReplicas) + '\\nnumber'", message: 'thirteen' },
        { rule: 'self.maxReplicas != 14', messageExpression: "self.nope.startsWith('x') ? 'a' : 'b'" },
      ],
      required: ['minReplicas', 'maxReplicas'],
      properties: {
        minReplicas: { type: 'integer' },
        maxReplicas: { type: 'integer' },
        owner: { type: 'string' },
        nope: { type: 'string' },
        mode: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'Value is immutable' }] },
        generation: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'oldSelf.hasValue() ? self >= oldSelf.value() : self == 1', optionalOldSelf: true, message: 'must start at 1 and never decrease' }] },
        port: { 'x-kubernetes-int-or-string': true, 'x-kubernetes-validations': [{ rule: "type(self) == string ? self.endsWith('%') : self < 100" }, { rule: 'self > 0' }] },
        tags: { type: 'array', items: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self.size() <= 5' }] } },
        labels: { type: 'object', additionalProperties: { type: 'string', 'x-kubernetes-validations': [{ rule: "self != 'bad'" }] } },
        ports: {
          type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.port == oldSelf.port', message: 'port is immutable' }] },
        },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { level: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: '!has(self.level) || self.level > 0' }] },
      },
    },
  },
};
const rules = compileSchemaRules(schema).root;
const widget = (spec: Record<string, unknown>, name = 'w1'): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace: 'default' }, spec: { minReplicas: 1, maxReplicas: 3, ...spec } });
const check = (obj: KubeObject, old?: KubeObject) => validateCelRules(obj, rules, old ? { old } : {}).map(formatFieldError);

test('the rules compile', () => {
  assert.deepEqual(compileSchemaRules(schema).issues, []);
});

test('a valid object passes', () => {
  assert.deepEqual(check(widget({ mode: 'fast', generation: 1, port: 50, tags: ['a'], labels: { a: 'ok' }, extra: { level: 1, other: true } })), []);
});

test('a failed rule reports its message at the node, the root as <nil>', () => {
  assert.deepEqual(check(widget({ minReplicas: 5 }, 'x1')), [
    '<nil>: Invalid value: "object": name must start with w',
    'spec: Invalid value: "object": replicas must be at most maxReplicas',
  ]);
});

test('messageExpression is evaluated; when it fails or breaks lines, the message or the default is used', () => {
  assert.deepEqual(check(widget({ minReplicas: 200, maxReplicas: 300 })), ['spec: Invalid value: "object": minReplicas 200 is too large']);
  assert.deepEqual(check(widget({ maxReplicas: 13 })), ['spec: Invalid value: "object": thirteen']);
  assert.deepEqual(check(widget({ maxReplicas: 14 })), ['spec: Invalid value: "object": failed rule: self.maxReplicas != 14']);
});

test('reason chooses the error type; fieldPath the path', () => {
  assert.deepEqual(check(widget({ minReplicas: 7, maxReplicas: 8 })), ['spec.minReplicas: Forbidden: failed rule: self.minReplicas != 7']);
  assert.deepEqual(check(widget({ owner: '' })), ['spec.owner: Required value: owner must be set']);
});

test('rules on list items and map values report the item path', () => {
  assert.deepEqual(check(widget({ tags: ['ok', 'toolong'], labels: { a: 'bad', b: 'ok' } })), [
    'spec.tags[1]: Invalid value: "string": failed rule: self.size() <= 5',
    'spec.labels[a]: Invalid value: "string": failed rule: self != \'bad\'',
  ]);
});

test('int-or-string: the bad value is the empty type; a runtime overload error is reported as kube does', () => {
  assert.deepEqual(check(widget({ port: 500 })), [`spec.port: Invalid value: "": failed rule: type(self) == string ? self.endsWith('%') : self < 100`]);
  assert.deepEqual(check(widget({ port: '5%' })), [
    "spec.port: Invalid value: \"\": 'no such overload': call arguments did not match a supported operator, function or macro signature for rule: self > 0",
  ]);
});

test('preserve-unknown-fields objects run their rules on the declared fields', () => {
  assert.deepEqual(check(widget({ extra: { level: 0, other: 1 } })), ['spec.extra: Invalid value: "object": failed rule: !has(self.level) || self.level > 0']);
});

test('an evaluation error is reported with the rule', () => {
  const r = compileSchemaRules({ type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.a > 0', message: 'a must be positive' }] } } }).root;
  assert.deepEqual(validateCelRules({ spec: {} }, r).map(formatFieldError), ['spec: Invalid value: "object": no such key: a evaluating rule: a must be positive']);
});

test('transition rules run on update only, against the correlated old value', () => {
  assert.deepEqual(check(widget({ mode: 'fast' })), []);
  assert.deepEqual(check(widget({ mode: 'slow' }), widget({ mode: 'fast' })), ['spec.mode: Invalid value: "string": Value is immutable']);
  assert.deepEqual(check(widget({ mode: 'fast' }), widget({ mode: 'fast' })), []);
  // a value with no old one (added now) does not run the transition rule
  assert.deepEqual(check(widget({ mode: 'slow' }), widget({})), []);
});

test('map-list items correlate by key, so their transition rules run', () => {
  const old = widget({ ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] });
  assert.deepEqual(check(widget({ ports: [{ name: 'https', port: 443 }, { name: 'http', port: 8080 }] }), old), ['spec.ports[1]: Invalid value: "object": port is immutable']);
  assert.deepEqual(check(widget({ ports: [{ name: 'https', port: 443 }, { name: 'grpc', port: 9 }] }), old), []);
});

test('optionalOldSelf: the rule runs on create too, with oldSelf an optional', () => {
  assert.deepEqual(check(widget({ generation: 2 })), ['spec.generation: Invalid value: "integer": must start at 1 and never decrease']);
  assert.deepEqual(check(widget({ generation: 1 })), []);
  assert.deepEqual(check(widget({ generation: 3 }), widget({ generation: 2 })), []);
  assert.deepEqual(check(widget({ generation: 1 }), widget({ generation: 2 })), ['spec.generation: Invalid value: "integer": must start at 1 and never decrease']);
});

test('ratcheting: an unchanged value does not report its failed rules; a changed one does', () => {
  const bad = widget({ minReplicas: 5, tags: ['toolong'] });
  assert.deepEqual(check(bad, bad), []);
  // the spec changed: its rule reports; the unchanged atomic-list item ratchets with its list
  assert.deepEqual(check(widget({ minReplicas: 5, maxReplicas: 4, tags: ['toolong'] }), bad), ['spec: Invalid value: "object": replicas must be at most maxReplicas']);
  // transition rules never ratchet
  const g = widget({ generation: 1 });
  assert.deepEqual(check(g, widget({ generation: 2 })).length, 1);
});

test('a runaway rule stops validation with kube\'s cost message', () => {
  const s: JSONSchemaProps = { type: 'object', properties: { xs: { type: 'array', items: { type: 'integer' }, 'x-kubernetes-validations': [{ rule: 'self.all(x, self.all(y, self.all(z, x + y + z >= 0)))' }] } } };
  const r = compileSchemaRules(s).root;
  const errs = validateCelRules({ xs: Array.from({ length: 200 }, (_, i) => i) }, r).map(formatFieldError);
  assert.deepEqual(errs, [
    "xs: Invalid value: \"array\": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: self.all(x, self.all(y, self.all(z, x + y + z >= 0)))",
  ]);
});

test('the strategy runs the rules after the schema validation, unless its errors block them', () => {
  const strategy = customResourceStrategy({ namespaced: true, schema });
  assert.deepEqual(strategy.validate(widget({ minReplicas: 5 }, 'w2')).map(formatFieldError), ['spec: Invalid value: "object": replicas must be at most maxReplicas']);
  assert.deepEqual(strategy.validate(widget({ minReplicas: 'five' as unknown as number })).map(formatFieldError), [
    'spec.minReplicas: Invalid value: "string": spec.minReplicas in body must be of type integer: "string"',
    '<nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
  ]);
  const old = widget({ mode: 'fast' });
  assert.deepEqual(strategy.validateUpdate(widget({ mode: 'slow' }), old).map(formatFieldError), ['spec.mode: Invalid value: "string": Value is immutable']);
});

test('the /status subresource runs the rules too', () => {
  const withStatus: JSONSchemaProps = { ...schema, properties: { ...schema.properties, status: { type: 'object', properties: { ready: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.ready >= 0' }] } } };
  const strategy = customResourceStrategy({ namespaced: true, schema: withStatus, statusSubresource: true });
  const old = { ...widget({}), status: { ready: 1 } };
  assert.deepEqual(strategy.status!.validateUpdate!({ ...old, status: { ready: -1 } }, old).map(formatFieldError), ['status: Invalid value: "object": failed rule: self.ready >= 0']);
});
