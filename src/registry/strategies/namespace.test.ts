import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/object.ts';
import { namespaceStrategy } from './namespace.ts';

test('create: phase Active, the kubernetes finalizer, the name label', () => {
  const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' }, status: { phase: 'Terminating' } };
  namespaceStrategy.applyDefaults?.(ns);
  namespaceStrategy.prepareForCreate?.(ns);
  assert.deepEqual(ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  assert.deepEqual(namespaceStrategy.validate(ns), []);
});

test('update: spec.finalizers and status are the stored ones; the label is restored', () => {
  const old: KubeObject = { metadata: { name: 'a', labels: { 'kubernetes.io/metadata.name': 'a' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
  const next: KubeObject = { metadata: { name: 'a', labels: { team: 'x' } }, spec: { finalizers: [] }, status: { phase: 'Terminating' } };
  namespaceStrategy.applyDefaults?.(next);
  namespaceStrategy.prepareForUpdate?.(next, old);
  assert.deepEqual(next, { metadata: { name: 'a', labels: { team: 'x', 'kubernetes.io/metadata.name': 'a' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
});

test('field selectors: status.phase and the legacy "name"', () => {
  assert.deepEqual(namespaceStrategy.fieldSet?.({ metadata: { name: 'a' }, status: { phase: 'Active' } }), { 'status.phase': 'Active', name: 'a' });
});
