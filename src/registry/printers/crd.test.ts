import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { cellFor, crdPrinter, goFloat, goJson } from './crd.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');

const certificate: KubeObject = {
  apiVersion: 'cert-manager.io/v1', kind: 'Certificate',
  metadata: { name: 'shop-tls', namespace: 'default', creationTimestamp: '2025-06-01T11:00:00Z' },
  spec: { secretName: 'shop-tls', dnsNames: ['shop.example.com'] },
  status: {
    conditions: [{ type: 'Ready', status: 'True', message: 'Certificate is up to date and has not expired' }],
    notAfter: '2025-08-30T11:00:00Z',
    revision: 2,
  },
};

test('cert-manager Certificate columns', () => {
  const printer = crdPrinter([
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: 'Secret', type: 'string', jsonPath: '.spec.secretName' },
    { name: 'Issuer', type: 'string', jsonPath: '.spec.issuerRef.name', priority: 1 },
    { name: 'Status', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].message', priority: 1 },
    { name: 'Revision', type: 'integer', jsonPath: '.status.revision' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: 'CreationTimestamp is a timestamp' },
  ]);
  assert.deepEqual(printer.columns.map((c) => [c.name, c.type, c.priority]), [
    ['Name', 'string', 0], ['Ready', 'string', 0], ['Secret', 'string', 0], ['Issuer', 'string', 1], ['Status', 'string', 1], ['Revision', 'integer', 0], ['Age', 'date', 0],
  ]);
  assert.equal(printer.columns[6].description, 'CreationTimestamp is a timestamp');
  assert.deepEqual(printer.row(certificate, NOW), ['shop-tls', 'True', 'shop-tls', null, 'Certificate is up to date and has not expired', 2, '60m']);
});

test('a CRD version without columns prints NAME and AGE', () => {
  const printer = crdPrinter([]);
  assert.deepEqual(printer.columns.map((c) => [c.name, c.type]), [['Name', 'string'], ['Age', 'date']]);
  assert.deepEqual(printer.row(certificate, NOW), ['shop-tls', '60m']);
  assert.deepEqual(printer.row({ metadata: { name: 'x' } }, NOW), ['x', null]);
});

test('cells by column type', () => {
  assert.equal(cellFor('integer', 3.9, NOW), 3);
  assert.equal(cellFor('integer', '3', NOW), null);
  assert.equal(cellFor('number', 2.5, NOW), 2.5);
  assert.equal(cellFor('boolean', true, NOW), true);
  assert.equal(cellFor('boolean', 'true', NOW), null);
  assert.equal(cellFor('date', '2025-06-01T11:59:00Z', NOW), '60s');
  assert.equal(cellFor('date', '2025-06-01', NOW), '<invalid>');
  assert.equal(cellFor('date', 'null', NOW), '<unknown>');
  assert.equal(cellFor('string', 42, NOW), '42');
  assert.equal(cellFor('string', false, NOW), 'false');
  assert.equal(cellFor('string', { b: 1, a: '<x>' }, NOW), '{"a":"\\u003cx\\u003e","b":1}');
  assert.equal(cellFor('string', ['a', 'b'], NOW), '["a","b"]');
  assert.equal(cellFor('string', null, NOW), null);
});

test('string columns print floats as Go does', () => {
  assert.equal(goFloat(0.5), '0.5');
  assert.equal(goFloat(1234567.5), '1.2345675e+06');
  assert.equal(goFloat(123456.5), '123456.5');
  assert.equal(goFloat(0.0001), '0.0001');
  assert.equal(goFloat(0.00001), '1e-05');
  assert.equal(goJson({ z: [1.5, null], y: '&' }), '{"y":"\\u0026","z":[1.5,null]}');
});
