import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { setDefaultsCustomResourceDefinition } from '../defaults/apiextensions.ts';
import { validateCustomResourceDefinition, validateCustomResourceDefinitionUpdate } from './apiextensions.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);
const schema = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } };

function crd(spec: Record<string, unknown>, name = 'widgets.example.com'): KubeObject {
  const c: KubeObject = { metadata: { name }, spec, status: { storedVersions: ['v1'] } };
  setDefaultsCustomResourceDefinition(c);
  return c;
}
const good = { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true, schema }] };

test('a well-formed CRD validates', () => {
  assert.deepEqual(validateCustomResourceDefinition(crd(good)), []);
});

test('the name must be <plural>.<group>', () => {
  assert.deepEqual(msgs(validateCustomResourceDefinition(crd(good, 'widget.example.com'))), ['metadata.name: Invalid value: "widget.example.com": must be spec.names.plural+"."+spec.group']);
});

test('exactly one storage version, each with a schema', () => {
  const two = { ...good, versions: [{ name: 'v1', served: true, storage: true, schema }, { name: 'v2', served: true, storage: true }] };
  const errs = msgs(validateCustomResourceDefinition(crd(two)));
  assert.equal(errs[0], 'spec.versions[1].schema.openAPIV3Schema: Required value: schemas are required');
  assert.match(errs[1], /^spec\.versions: Invalid value: .*: must have exactly one version marked as storage version$/);
  assert.equal(errs[2], 'status.storedVersions: Invalid value: {"name":"v2","served":true,"storage":true}: must have the storage version v2');
  assert.equal(errs.length, 3);
});

test('scope, names and schema basics', () => {
  const bad = { group: 'example', scope: 'Global', names: { plural: 'Widgets', kind: 'Widget', listKind: 'Widget' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'string', properties: { x: {} } } } }] };
  assert.deepEqual(msgs(validateCustomResourceDefinition(crd(bad, 'Widgets.example'))), [
    `metadata.name: Invalid value: "Widgets.example": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    'spec.group: Invalid value: "example": should be a domain with at least one dot',
    'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
    'spec.validation.openAPIV3Schema.type: Invalid value: "string": must be object at the root',
    'spec.validation.openAPIV3Schema.properties[x].type: Required value: must not be empty for specified object fields',
    `spec.names.plural: Invalid value: "Widgets": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    'spec.names.listKind: Invalid value: "Widget": kind and listKind may not be the same',
  ]);
});

test('protected groups need the api-approved annotation', () => {
  const k8s = { ...good, group: 'widgets.k8s.io' };
  assert.deepEqual(msgs(validateCustomResourceDefinition(crd(k8s, 'widgets.widgets.k8s.io'))),
    ['metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111']);
});

test('update: group and plural are immutable; scope once established', () => {
  const old = crd(good);
  assert.deepEqual(msgs(validateCustomResourceDefinitionUpdate(crd({ ...good, group: 'other.com' }, 'widgets.example.com'), old)).filter((m) => m.includes('immutable')),
    ['spec.group: Invalid value: "other.com": field is immutable']);
  assert.deepEqual(validateCustomResourceDefinitionUpdate(crd({ ...good, scope: 'Cluster' }), old), []);
  const established = { ...old, status: { storedVersions: ['v1'], conditions: [{ type: 'Established', status: 'True' }] } };
  assert.deepEqual(msgs(validateCustomResourceDefinitionUpdate(crd({ ...good, scope: 'Cluster' }), established)), ['spec.scope: Invalid value: "Cluster": field is immutable']);
});

const withRules = (rules: readonly Record<string, unknown>[], versions = 1) => {
  const rulesSchema = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-validations': rules, properties: { replicas: { type: 'integer' }, maxReplicas: { type: 'integer' } } } } } };
  const vs = Array.from({ length: versions }, (_, i) => ({
    name: `v${i + 1}`, served: true, storage: i === 0,
    schema: i === 0 ? rulesSchema : { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
  }));
  return crd({ ...good, versions: vs });
};

test('a rule that compiles is accepted', () => {
  assert.deepEqual(msgs(validateCustomResourceDefinition(withRules([{ rule: 'self.replicas <= self.maxReplicas', message: 'too many' }]))), []);
});

test('a rule that does not compile refuses the CRD with cel-go\'s error (kube\'s message, one schema → spec.validation)', () => {
  assert.deepEqual(msgs(validateCustomResourceDefinition(withRules([{ rule: 'self.replica > 1' }]))), [
    'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: '
    + 'apiextensions.ValidationRule{Rule:"self.replica > 1", Message:"", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}: '
    + "compilation failed: ERROR: <input>:1:5: undefined field 'replica'\n | self.replica > 1\n | ....^",
  ]);
});

test('with per-version schemas, rule errors name the version', () => {
  const errs = msgs(validateCustomResourceDefinition(withRules([{ rule: 'self.replicas' }], 2)));
  assert.equal(errs.length, 1);
  assert.match(errs[0], /^spec\.versions\[0\]\.schema\.openAPIV3Schema\.properties\[spec\]\.x-kubernetes-validations\[0\]\.rule: Invalid value: apiextensions\.ValidationRule\{.*\}: cel expression must evaluate to a bool$/);
});

test('rule fields are checked as kube checks them', () => {
  const errs = msgs(validateCustomResourceDefinition(withRules([
    { rule: '' },
    { rule: 'true', message: ' ' },
    { rule: 'true', reason: 'FieldValueWrong' },
    { rule: 'true', fieldPath: '.nope' },
    { rule: 'true', optionalOldSelf: true },
    { rule: 'self.replicas > 0', messageExpression: 'self.replicas' },
  ])));
  assert.deepEqual(errs, [
    'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Required value: rule is not specified',
    'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[1].message: Invalid value: " ": message must be non-empty if specified',
    'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[2].reason: Unsupported value: "FieldValueWrong": supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"',
    'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[3].fieldPath: Invalid value: ".nope": fieldPath must be a valid path',
  ]);
  // compilation runs once the fields are right
  const compiled = msgs(validateCustomResourceDefinition(withRules([
    { rule: 'true', optionalOldSelf: true },
    { rule: 'self.replicas > 0', messageExpression: 'self.replicas' },
  ])));
  assert.deepEqual(compiled.map((e) => e.replace(/: Invalid value: apiextensions\.ValidationRule\{.*?\}:/, ': Invalid value: <rule>:')), [
    'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].optionalOldSelf: Invalid value: true: may not be set if oldSelf is not used in rule',
    'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[1].messageExpression: Invalid value: <rule>: messageExpression must evaluate to a string',
  ]);
});

test('a transition rule under the items of a list that is not a map list is refused', () => {
  const itemsRule = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: {
    ports: { type: 'array', items: { type: 'object', properties: { port: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.port == oldSelf.port' }] } },
  } } } } };
  assert.deepEqual(msgs(validateCustomResourceDefinition(crd({ ...good, versions: [{ name: 'v1', served: true, storage: true, schema: itemsRule }] }))), [
    'spec.validation.openAPIV3Schema.properties[spec].properties[ports].items.x-kubernetes-validations[0].rule: Invalid value: "self.port == oldSelf.port": '
    + 'oldSelf cannot be used on the uncorrelatable portion of the schema within spec.validation.openAPIV3Schema.properties[spec].properties[ports]',
  ]);
});
