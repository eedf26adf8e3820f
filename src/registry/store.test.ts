import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../api/object.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import { MemoryBackend } from '../storage/memory/memory-backend.ts';
import { FakeClock } from '../util/clock.ts';
import { sequentialIds } from '../util/ids.ts';
import { Store } from './store.ts';
import type { StoreWatchEvent } from './store-types.ts';
import type { Strategy } from './strategy.ts';

const widgets: ResourceInfo = {
  group: 'example.com', version: 'v1', resource: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList',
  namespaced: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  shortNames: [], categories: [], subresources: [], storageVersion: 'v1',
};

/** A small kind for exercising the generic semantics: spec.size must be >= 0; status is separate. */
const strategy: Strategy = {
  tracksGeneration: true,
  applyDefaults(obj) { (obj.spec as Record<string, unknown>) ??= {}; },
  prepareForCreate(obj) { delete obj.status; },
  validate(obj) {
    const size = (obj.spec as { size?: number }).size;
    return size !== undefined && size < 0 ? [{ type: 'FieldValueInvalid', field: 'spec.size', badValue: size, detail: 'must be greater than or equal to 0' }] : [];
  },
  prepareForUpdate(obj, old) { obj.status = old.status; },
  validateUpdate(obj) { return this.validate(obj); },
  status: {},
  fieldSet: (obj) => ({ 'spec.color': String((obj.spec as { color?: string }).color ?? '') }),
};

function setup(options: { graceful?: boolean } = {}) {
  const backend = new MemoryBackend();
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const s: Strategy = options.graceful ? { ...strategy, gracePeriodSeconds: (_o, requested) => requested ?? 30 } : strategy;
  const store = new Store({ backend, resource: widgets, strategy: s, clock, ids: sequentialIds(), keyPrefix: '/registry/example.com/widgets' });
  return { backend, clock, store };
}

const widget = (name: string, spec: Record<string, unknown> = {}, labels?: Record<string, string>): KubeObject =>
  ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, labels }, spec });

describe('Store', () => {
  test('create fills uid, creationTimestamp, generation and a resourceVersion from storage', async () => {
    const { store } = setup();
    const w = await store.create('ns', widget('a', { size: 1 }));
    assert.equal(w.metadata.namespace, 'ns');
    assert.match(w.metadata.uid!, /^[0-9a-f-]{36}$/);
    assert.equal(w.metadata.creationTimestamp, '2026-01-01T00:00:00Z');
    assert.equal(w.metadata.generation, 1);
    assert.match(w.metadata.resourceVersion!, /^\d+$/);
    assert.deepEqual(await store.get('ns', 'a'), JSON.parse(JSON.stringify(w)), 'get returns what create answered, as JSON');
  });

  test('create rejects a duplicate, a bad spec (422 with causes) and a namespace mismatch', async () => {
    const { store } = setup();
    await store.create('ns', widget('a'));
    await assert.rejects(store.create('ns', widget('a')), { code: 409, reason: 'AlreadyExists' });
    await assert.rejects(store.create('ns', widget('b', { size: -1 })), (e: { code: number; status: { message: string; details: { causes: unknown[] } } }) => {
      assert.equal(e.code, 422);
      assert.equal(e.status.message, 'Widget.example.com "b" is invalid: spec.size: Invalid value: -1: must be greater than or equal to 0');
      assert.equal(e.status.details.causes.length, 1);
      return true;
    });
    const other = widget('c');
    other.metadata.namespace = 'elsewhere';
    await assert.rejects(store.create('ns', other), { code: 400 });
  });

  test('generateName appends a suffix', async () => {
    const { store } = setup();
    const w = await store.create('ns', { ...widget(''), metadata: { generateName: 'web-' } });
    assert.match(w.metadata.name!, /^web-[a-z0-9]{5}$/);
  });

  test('update: stale resourceVersion is 409, spec change bumps generation, no-op keeps the resourceVersion', async () => {
    const { store } = setup();
    const w = await store.create('ns', widget('a', { size: 1 }));
    const stale = structuredClone(w);
    const { object: u1 } = await store.update('ns', 'a', { ...w, spec: { size: 2 } });
    assert.equal(u1.metadata.generation, 2);
    assert.ok(Number(u1.metadata.resourceVersion) > Number(w.metadata.resourceVersion));
    await assert.rejects(store.update('ns', 'a', { ...stale, spec: { size: 3 } }), { code: 409, reason: 'Conflict' });
    const { object: same } = await store.update('ns', 'a', u1);
    assert.equal(same.metadata.resourceVersion, u1.metadata.resourceVersion);
    const { object: labelled } = await store.update('ns', 'a', { ...u1, metadata: { ...u1.metadata, labels: { x: 'y' } } });
    assert.equal(labelled.metadata.generation, 2, 'metadata changes do not bump generation');
  });

  test('status and main resource are written separately', async () => {
    const { store } = setup();
    const w = await store.create('ns', { ...widget('a', { size: 1 }), status: { ready: true } });
    assert.equal(w.status, undefined, 'status is cleared on create');
    const { object: s } = await store.update('ns', 'a', { ...w, spec: { size: 9 }, status: { ready: true } }, { subresource: 'status' });
    assert.deepEqual(s.status, { ready: true });
    assert.deepEqual(s.spec, { size: 1 }, 'a status update keeps the spec');
    assert.equal(s.metadata.generation, 1);
    const { object: m } = await store.update('ns', 'a', { ...s, status: { ready: false } });
    assert.deepEqual(m.status, { ready: true }, 'a main update keeps the status');
  });

  test('delete with finalizers marks, removing the last finalizer deletes', async () => {
    const { store } = setup();
    const w = await store.create('ns', { ...widget('a'), metadata: { name: 'a', finalizers: ['example.com/hold'] } });
    const r = await store.delete('ns', 'a');
    assert.equal(r.deleted, false);
    assert.equal(r.object.metadata.deletionTimestamp, '2026-01-01T00:00:00Z');
    assert.equal(r.object.metadata.deletionGracePeriodSeconds, 0);
    const current = await store.get('ns', 'a');
    await store.update('ns', 'a', { ...current, metadata: { ...current.metadata, finalizers: [] } });
    await assert.rejects(store.get('ns', 'a'), { code: 404 });
    assert.ok(w);
  });

  test('delete preconditions and propagation finalizers', async () => {
    const { store } = setup();
    const w = await store.create('ns', widget('a'));
    await assert.rejects(store.delete('ns', 'a', { preconditions: { uid: 'other' } }), { code: 409 });
    const r = await store.delete('ns', 'a', { propagationPolicy: 'Foreground' });
    assert.equal(r.deleted, false);
    assert.deepEqual(r.object.metadata.finalizers, ['foregroundDeletion']);
    assert.equal(r.object.metadata.generation, 2, 'setting deletionTimestamp bumps generation');
    await store.create('ns', widget('b'));
    assert.equal((await store.delete('ns', 'b', { preconditions: { uid: (await store.get('ns', 'b')).metadata.uid } })).deleted, true);
    assert.ok(w);
  });

  test('graceful delete sets deletionTimestamp in the future; a zero grace period deletes', async () => {
    const { store } = setup({ graceful: true });
    await store.create('ns', widget('a'));
    const r = await store.delete('ns', 'a');
    assert.equal(r.deleted, false);
    assert.equal(r.object.metadata.deletionTimestamp, '2026-01-01T00:00:30Z');
    assert.equal(r.object.metadata.deletionGracePeriodSeconds, 30);
    const again = await store.delete('ns', 'a', { gracePeriodSeconds: 0 });
    assert.equal(again.deleted, true);
  });

  test('list pages with limit and continue, filters with a predicate, and reads at the list revision', async () => {
    const { store } = setup();
    for (let i = 0; i < 7; i++) await store.create('ns', widget(`w${i}`, { color: i % 2 ? 'red' : 'blue' }));
    const page1 = await store.list('ns', { limit: 3 });
    assert.deepEqual(page1.items.map((i) => i.metadata.name), ['w0', 'w1', 'w2']);
    assert.ok(page1.metadata.continue);
    await store.create('ns', widget('w99'));
    const page2 = await store.list('ns', { limit: 10, continue: page1.metadata.continue });
    assert.deepEqual(page2.items.map((i) => i.metadata.name), ['w3', 'w4', 'w5', 'w6'], 'the continuation reads at the first page revision');
    assert.equal(page2.metadata.continue, undefined);
    const red = await store.list('ns', { predicate: (o) => store.fieldsOf(o)['spec.color'] === 'red', limit: 2 });
    assert.deepEqual(red.items.map((i) => i.metadata.name), ['w1', 'w3']);
    assert.ok(red.metadata.continue);
  });

  test('watch from a resourceVersion replays changes; a predicate turns updates into ADDED/DELETED', async () => {
    const { store } = setup();
    const a = await store.create('ns', widget('a', { color: 'red' }));
    const events: StoreWatchEvent[] = [];
    const ac = new AbortController();
    await store.watch('ns', { resourceVersion: a.metadata.resourceVersion, signal: ac.signal, predicate: (o) => store.fieldsOf(o)['spec.color'] === 'red', onEvent: (e) => events.push(e) });
    const b = await store.create('ns', widget('b', { color: 'red' }));
    await store.update('ns', 'b', { ...b, spec: { color: 'blue' } });
    await store.update('ns', 'a', { ...a, spec: { color: 'red', size: 2 } });
    await store.delete('ns', 'a');
    for (let i = 0; i < 50 && events.length < 4; i++) await new Promise((r) => setImmediate(r));
    assert.deepEqual(events.map((e) => `${e.type}:${e.object.metadata.name}`), ['ADDED:b', 'DELETED:b', 'MODIFIED:a', 'DELETED:a']);
    ac.abort();
  });

  test('watch from "0" starts with the current state; compaction answers 410 Expired', async () => {
    const { store, backend } = setup();
    const a = await store.create('ns', widget('a'));
    await store.create('ns', widget('b'));
    const events: StoreWatchEvent[] = [];
    const ac = new AbortController();
    await store.watch('ns', { resourceVersion: '0', signal: ac.signal, onEvent: (e) => events.push(e) });
    assert.deepEqual(events.map((e) => `${e.type}:${e.object.metadata.name}`), ['ADDED:a', 'ADDED:b']);
    ac.abort();
    await store.create('ns', widget('c'));
    await backend.compact(await backend.currentRevision());
    await assert.rejects(store.watch('ns', { resourceVersion: a.metadata.resourceVersion, signal: new AbortController().signal, onEvent: () => {} }), { code: 410, reason: 'Expired' });
  });

  test('the JSON fast paths answer exactly what get and list answer, pages included', async () => {
    const { store } = setup();
    // Key order of the body does not matter: stored JSON is normalised to apiVersion, kind, metadata first.
    await store.create('ns', { spec: { size: 1 }, metadata: { name: 'b', labels: { x: 'y' } }, kind: 'Widget', apiVersion: 'example.com/v1' });
    for (const n of ['a', 'c', 'd']) await store.create('ns', widget(n, { size: 2 }));
    assert.deepEqual(JSON.parse(await store.getJson('ns', 'b')), JSON.parse(JSON.stringify(await store.get('ns', 'b'))));
    assert.deepEqual(JSON.parse((await store.listJson('ns'))!), JSON.parse(JSON.stringify(await store.list('ns'))));
    const first = JSON.parse((await store.listJson('ns', { limit: 3 }))!) as { metadata: { continue?: string }; items: unknown[] };
    assert.equal(first.items.length, 3);
    assert.ok(first.metadata.continue);
    const rest = JSON.parse((await store.listJson('ns', { limit: 3, continue: first.metadata.continue }))!) as { metadata: { continue?: string }; items: { metadata: { name: string } }[] };
    assert.deepEqual(rest.items.map((i) => i.metadata.name), ['d']);
    assert.equal(rest.metadata.continue, undefined);
    assert.equal(await store.listJson('ns', { predicate: () => true }), undefined, 'selectors take the decoding path');
  });

  test('deleteCollection deletes what the selector matches and nothing else', async () => {
    const { store } = setup();
    await store.create('ns', widget('red1', { color: 'red' }));
    await store.create('ns', widget('red2', { color: 'red' }));
    await store.create('ns', widget('blue', { color: 'blue' }));
    await store.create('other', widget('red3', { color: 'red' }));
    const deleted = await store.deleteCollection('ns', { predicate: (o) => store.fieldsOf(o)['spec.color'] === 'red' });
    assert.deepEqual(deleted.items.map((i) => i.metadata.name).sort(), ['red1', 'red2']);
    assert.deepEqual((await store.list(undefined)).items.map((i) => i.metadata.name).sort(), ['blue', 'red3']);
  });
});
