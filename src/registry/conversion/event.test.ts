import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/object.ts';
import { decodeKubernetesProtobuf, encodeKubernetesProtobuf } from '../../api/protobuf/index.ts';
import { eventPrinter } from '../printers/event.ts';
import { eventsV1Conversion } from './event.ts';

const copy = (o: KubeObject) => structuredClone(o);
const toCore = (o: KubeObject) => eventsV1Conversion.toStorage(copy(o));
const toEvents = (o: KubeObject) => eventsV1Conversion.fromStorage(copy(o));

/** Every field of core/v1 Event set. */
const core: KubeObject = {
  apiVersion: 'v1', kind: 'Event',
  metadata: { name: 'web-1.17f3a1', namespace: 'default', uid: 'u-1', resourceVersion: '42', labels: { a: 'b' } },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'p-1', apiVersion: 'v1', resourceVersion: '7', fieldPath: 'spec.containers{web}' },
  reason: 'BackOff', message: 'Back-off restarting failed container', type: 'Warning',
  source: { component: 'kubelet', host: 'node-1' },
  firstTimestamp: '2025-06-01T11:50:00Z', lastTimestamp: '2025-06-01T11:59:30Z', count: 42,
  eventTime: '2025-06-01T11:50:00.123456Z', series: { count: 3, lastObservedTime: '2025-06-01T11:59:30.000001Z' },
  action: 'Restarting', related: { kind: 'Node', name: 'node-1' },
  reportingComponent: 'kubelet', reportingInstance: 'node-1',
};

/** The same Event as events.k8s.io/v1 writes it. */
const events: KubeObject = {
  apiVersion: 'events.k8s.io/v1', kind: 'Event',
  metadata: { name: 'web-1.17f3a1', namespace: 'default', uid: 'u-1', resourceVersion: '42', labels: { a: 'b' } },
  regarding: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'p-1', apiVersion: 'v1', resourceVersion: '7', fieldPath: 'spec.containers{web}' },
  reason: 'BackOff', note: 'Back-off restarting failed container', type: 'Warning',
  deprecatedSource: { component: 'kubelet', host: 'node-1' },
  deprecatedFirstTimestamp: '2025-06-01T11:50:00Z', deprecatedLastTimestamp: '2025-06-01T11:59:30Z', deprecatedCount: 42,
  eventTime: '2025-06-01T11:50:00.123456Z', series: { count: 3, lastObservedTime: '2025-06-01T11:59:30.000001Z' },
  action: 'Restarting', related: { kind: 'Node', name: 'node-1' },
  reportingController: 'kubelet', reportingInstance: 'node-1',
};

test('core/v1 → events.k8s.io/v1 renames field by field (involvedObject → regarding, message → note, …)', () => {
  assert.deepEqual(toEvents(core), events);
});

test('events.k8s.io/v1 → core/v1 is the inverse (regarding → involvedObject, reportingController → reportingComponent, …)', () => {
  assert.deepEqual(toCore(events), core);
});

test('round trips through either version lose nothing', () => {
  assert.deepEqual(toCore(toEvents(core)), core);
  assert.deepEqual(toEvents(toCore(events)), events);
});

test('a new-style event keeps what it set and gains nothing: absent deprecated fields stay absent', () => {
  const written: KubeObject = {
    apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'n.1', namespace: 'default' },
    eventTime: '2025-06-01T11:58:00.000000Z', reportingController: 'example.com/ctl', reportingInstance: 'ctl-1',
    action: 'Scale', reason: 'Scaled', regarding: { kind: 'Deployment', name: 'web', namespace: 'default' }, type: 'Normal', note: 'scaled',
  };
  const stored = toCore(written);
  assert.deepEqual(stored, {
    apiVersion: 'v1', kind: 'Event', metadata: { name: 'n.1', namespace: 'default' },
    eventTime: '2025-06-01T11:58:00.000000Z', reportingComponent: 'example.com/ctl', reportingInstance: 'ctl-1',
    action: 'Scale', reason: 'Scaled', involvedObject: { kind: 'Deployment', name: 'web', namespace: 'default' }, type: 'Normal', message: 'scaled',
  });
  assert.deepEqual(toEvents(stored), written);
});

test('the other version\'s field names are not fields of this one and are dropped', () => {
  assert.equal(toCore({ ...events, message: 'core name sent to events.k8s.io' }).message, events.note);
  assert.equal(toEvents({ ...core, note: 'events name in a core object' }).note, core.message);
  assert.deepEqual(toEvents({ ...core, regarding: { kind: 'Node' } }).regarding, core.involvedObject);
});

test('the input is not changed', () => {
  const before = copy(events);
  eventsV1Conversion.toStorage(before);
  assert.deepEqual(before, events);
});

test('both views print the same table row', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  assert.deepEqual(eventPrinter.row(toEvents(core), now), eventPrinter.row(core, now));
  const fresh: KubeObject = {
    apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'n.1', namespace: 'default' },
    eventTime: '2025-06-01T11:58:00.000000Z', reportingController: 'example.com/ctl', reportingInstance: 'ctl-1',
    action: 'Scale', reason: 'Scaled', regarding: { kind: 'Deployment', name: 'web' }, type: 'Normal', note: 'scaled',
  };
  const row = eventPrinter.row(toCore(fresh), now);
  assert.deepEqual(row, eventPrinter.row(fresh, now));
  assert.equal(row[5], 'example.com/ctl, ctl-1', 'SOURCE falls back to the reporting controller and instance');
});

test('both views encode as their own protobuf message and decode back to the same Event', () => {
  const withMeta = (o: KubeObject): KubeObject => ({ ...o, metadata: { name: 'e', namespace: 'default', creationTimestamp: null } as unknown as KubeObject['metadata'] });
  const viaEvents = decodeKubernetesProtobuf(encodeKubernetesProtobuf(withMeta(events)));
  assert.equal(viaEvents.apiVersion, 'events.k8s.io/v1');
  assert.deepEqual(toCore(viaEvents), decodeKubernetesProtobuf(encodeKubernetesProtobuf(withMeta(core))));
});
