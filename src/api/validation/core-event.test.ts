import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { validateEventCreate, validateEventUpdate } from './core-event.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);

test('core/v1 legacy Events: the involved object\'s namespace must match', () => {
  const ev: KubeObject = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'default' }, involvedObject: { kind: 'Pod', namespace: 'default', name: 'p' }, reason: 'Pulled' };
  assert.deepEqual(validateEventCreate(ev), []);
  assert.deepEqual(msgs(validateEventCreate({ ...ev, involvedObject: { kind: 'Pod', namespace: 'other' } })),
    ['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
});

test('core/v1 Events with eventTime need the reporting fields, named as core/v1 names them', () => {
  const ev: KubeObject = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'default' }, eventTime: '2024-01-01T00:00:00.000000Z', involvedObject: { namespace: 'default' } };
  assert.deepEqual(msgs(validateEventCreate(ev)), [
    'reportingComponent: Required value',
    'reportingComponent: Invalid value: "": name part must be non-empty',
    `reportingComponent: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    'reportingInstance: Required value',
    'action: Required value',
    'reason: Required value',
  ]);
});

const v1Event: KubeObject = {
  apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e', namespace: 'default' },
  eventTime: '2024-01-01T00:00:00.000000Z', reportingController: 'kubelet', reportingInstance: 'node-1', action: 'Pulling', reason: 'Pulling',
  regarding: { kind: 'Pod', namespace: 'default', name: 'p' }, note: 'pulling image', type: 'Normal',
};

test('events.k8s.io/v1 Events are validated strictly', () => {
  assert.deepEqual(validateEventCreate(v1Event), []);
  assert.deepEqual(msgs(validateEventCreate({ ...v1Event, type: 'Info', deprecatedCount: 3, series: { count: 1 } })), [
    'series.count: Invalid value: "": should be at least 2',
    'series.lastObservedTime: Required value',
    'type: Invalid value: "": has invalid value: Info',
    'count: Invalid value: "": needs to be unset',
  ]);
});

test('events.k8s.io/v1 updates may not rewrite what happened', () => {
  assert.deepEqual(msgs(validateEventUpdate({ ...v1Event, note: 'changed' }, v1Event)), ['message: Invalid value: "changed": field is immutable']);
  assert.deepEqual(validateEventUpdate({ ...v1Event, series: { count: 2, lastObservedTime: '2024-01-01T00:01:00.000000Z' } }, v1Event), []);
});

test('events.k8s.io/v1 updates may not move eventTime, but tolerate sub-microsecond changes (kubernetes#111928)', () => {
  assert.deepEqual(msgs(validateEventUpdate({ ...v1Event, eventTime: '2024-01-01T00:00:01.000000Z' }, v1Event)),
    ['eventTime: Invalid value: "2024-01-01T00:00:01.000000Z": field is immutable']);
  assert.deepEqual(validateEventUpdate({ ...v1Event, eventTime: '2024-01-01T00:00:00.000000999Z' }, v1Event), []);
  assert.deepEqual(validateEventUpdate({ ...v1Event, eventTime: '2024-01-01T01:00:00.000000+01:00' }, v1Event), []);
});
