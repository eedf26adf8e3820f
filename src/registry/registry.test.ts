import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinResources } from '../api/builtin-resources.ts';
import type { KubeObject } from '../api/object.ts';
import { parseFieldSelector } from '../api/selector/field-selector.ts';
import { MemoryBackend } from '../storage/memory/memory-backend.ts';
import { FakeClock } from '../util/clock.ts';
import { sequentialIds } from '../util/ids.ts';
import { Registry } from './registry.ts';
import type { Store } from './store.ts';
import type { StoreWatchEvent } from './store-types.ts';
import { strategyFor } from './strategies/strategy-for.ts';

function setup() {
  const backend = new MemoryBackend();
  const registry = new Registry({
    backend, clock: new FakeClock(Date.UTC(2026, 0, 1)), ids: sequentialIds(), resources: builtinResources(),
    strategyFor: (r) => strategyFor(r.group, r.kind),
  });
  return { backend, core: registry.storeFor('', 'v1', 'events')!, events: registry.storeFor('events.k8s.io', 'v1', 'events')!, registry };
}

const stored = async (backend: MemoryBackend, key: string) => {
  const { kv } = await backend.get(key);
  return kv ? JSON.parse(new TextDecoder().decode(kv.value)) as KubeObject : undefined;
};

const newStyle = (name: string): KubeObject => ({
  apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name },
  eventTime: '2026-01-01T00:00:00.000000Z', reportingController: 'example.com/ctl', reportingInstance: 'ctl-1',
  action: 'Scale', reason: 'Scaled', regarding: { kind: 'Deployment', name: 'web', namespace: 'default' }, type: 'Normal', note: 'scaled up',
});

const legacy = (name: string): KubeObject => ({
  apiVersion: 'v1', kind: 'Event', metadata: { name },
  involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default' }, reason: 'Pulled', message: 'pulled image', type: 'Normal',
  source: { component: 'kubelet', host: 'node-1' }, firstTimestamp: '2026-01-01T00:00:00Z', lastTimestamp: '2026-01-01T00:00:00Z', count: 1,
});

/** A Store list filtered by a field selector, as the API server's listPredicate matches it. */
const select = async (store: Store, selector: string) => {
  const fields = parseFieldSelector(selector);
  const list = await store.list('default', { predicate: (o) => fields.matches(store.fieldsOf(o)) });
  return list.items.map((o) => o.metadata.name);
};

describe('Registry: events.k8s.io/v1 Events are core/v1 Events in storage', () => {
  test('an events.k8s.io create is stored once, as a core/v1 Event under /registry/events', async () => {
    const { backend, core, events } = setup();
    const created = await events.create('default', newStyle('a'));
    assert.equal(created.apiVersion, 'events.k8s.io/v1');
    const raw = await stored(backend, '/registry/events/default/a');
    assert.equal(raw?.apiVersion, 'v1');
    assert.equal(raw?.message, 'scaled up');
    assert.equal(raw?.note, undefined);
    assert.equal((await backend.list('/registry/events.k8s.io/')).kvs.length, 0);
    const read = await core.get('default', 'a');
    assert.equal(read.apiVersion, 'v1');
    assert.deepEqual(read.involvedObject, { kind: 'Deployment', name: 'web', namespace: 'default' });
    assert.equal(read.reportingComponent, 'example.com/ctl');
    assert.equal(read.metadata.resourceVersion, created.metadata.resourceVersion);
    // The JSON fast paths of the storage version read the same bytes.
    assert.deepEqual(JSON.parse(await core.getJson('default', 'a')), read);
    assert.deepEqual((JSON.parse((await core.listJson('default'))!) as { items: KubeObject[] }).items, [read]);
  });

  test('a core create reads back through events.k8s.io with note and regarding, on every read path', async () => {
    const { core, events } = setup();
    await core.create('default', legacy('b'));
    const read = await events.get('default', 'b');
    assert.equal(read.apiVersion, 'events.k8s.io/v1');
    assert.equal(read.note, 'pulled image');
    assert.deepEqual(read.regarding, { kind: 'Pod', name: 'web-1', namespace: 'default' });
    assert.deepEqual(read.deprecatedSource, { component: 'kubelet', host: 'node-1' });
    assert.equal(read.deprecatedCount, 1);
    assert.equal(read.message, undefined);
    assert.deepEqual(JSON.parse(await events.getJson('default', 'b')), read);
    assert.equal(await events.listJson('default'), undefined, 'a converted list takes the decoding path');
    assert.deepEqual((await events.list('default')).items, [read]);
  });

  test('update and delete through the other API', async () => {
    const { core, events } = setup();
    await events.create('default', newStyle('c'));
    const current = await events.get('default', 'c');
    const series = { count: 2, lastObservedTime: '2026-01-01T00:01:00.000000Z' };
    const { object } = await events.update('default', 'c', { ...current, series });
    assert.deepEqual((await core.get('default', 'c')).series, series);
    assert.equal(object.metadata.resourceVersion, (await core.get('default', 'c')).metadata.resourceVersion);
    // core/v1 updates are validated leniently: the message may change there.
    await core.guaranteedUpdate('default', 'c', (e) => ({ ...e, message: 'rewritten' }));
    assert.equal((await events.get('default', 'c')).note, 'rewritten');
    await core.delete('default', 'c');
    await assert.rejects(events.get('default', 'c'), { code: 404 });
  });

  test('events.k8s.io updates keep what happened immutable, in the internal field names', async () => {
    const { core, events } = setup();
    await core.create('default', { ...legacy('d'), eventTime: '2026-01-01T00:00:00.000000Z', reportingComponent: 'kubelet', reportingInstance: 'node-1', action: 'Pull' });
    const current = await events.get('default', 'd');
    await assert.rejects(events.update('default', 'd', { ...current, note: 'other' }), (e: { code: number; message: string }) =>
      e.code === 422 && /message: Invalid value: "other": field is immutable/.test(e.message));
    await assert.rejects(events.update('default', 'd', { ...current, eventTime: '2026-01-01T00:00:01.000000Z' }), /eventTime: Invalid value/);
    // sub-microsecond differences are tolerated, as kube's ValidateEventUpdate
    await events.update('default', 'd', { ...current, eventTime: '2026-01-01T00:00:00.000000400Z', series: { count: 2, lastObservedTime: '2026-01-01T00:00:02.000000Z' } });
  });

  test('an events.k8s.io create is validated strictly; the same event through core/v1 is not', async () => {
    const { core, events } = setup();
    const untimed = { regarding: { kind: 'Pod', name: 'web-1', namespace: 'default' }, reason: 'Pulled', note: 'pulled', type: 'Normal', deprecatedFirstTimestamp: '2026-01-01T00:00:00Z', deprecatedCount: 1 };
    await assert.rejects(events.create('default', { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e' }, ...untimed }), (e: { code: number; message: string }) =>
      e.code === 422 && e.message === 'Event.events.k8s.io "e" is invalid: [eventTime: Required value, firstTimestamp: Invalid value: "": needs to be unset, count: Invalid value: "": needs to be unset]');
    await core.create('default', {
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' },
      involvedObject: untimed.regarding, reason: 'Pulled', message: 'pulled', type: 'Normal', firstTimestamp: untimed.deprecatedFirstTimestamp, count: 1,
    });
  });

  test('a watch on one API sees writes through the other, converted', async () => {
    const { core, events } = setup();
    const seen: StoreWatchEvent[] = [];
    const abort = new AbortController();
    let notify = () => {};
    await events.watch('default', { resourceVersion: '', signal: abort.signal, onEvent: (ev) => { seen.push(ev); notify(); } });
    const arrived = (n: number) => new Promise<void>((resolve) => { notify = () => { if (seen.length >= n) resolve(); }; notify(); });
    await core.create('default', legacy('w'));
    await arrived(1);
    await core.delete('default', 'w');
    await arrived(2);
    abort.abort();
    assert.deepEqual(seen.map((e) => [e.type, e.object.apiVersion, e.object.note]), [
      ['ADDED', 'events.k8s.io/v1', 'pulled image'], ['DELETED', 'events.k8s.io/v1', 'pulled image'],
    ]);
  });

  test('field selectors use each version\'s field names over the same objects', async () => {
    const { core, events } = setup();
    await core.create('default', legacy('pod-event'));
    await events.create('default', newStyle('deploy-event'));
    assert.deepEqual(await select(core, 'involvedObject.kind=Deployment'), ['deploy-event']);
    assert.deepEqual(await select(core, 'source=example.com/ctl'), ['deploy-event'], 'core source falls back to the reporting controller');
    assert.deepEqual(await select(core, 'reportingComponent=example.com/ctl'), ['deploy-event']);
    assert.deepEqual(await select(events, 'regarding.kind=Pod,regarding.name=web-1'), ['pod-event']);
    assert.deepEqual(await select(events, 'reportingController=example.com/ctl'), ['deploy-event']);
    assert.deepEqual(await select(events, 'type=Normal,reason!=Pulled'), ['deploy-event']);
    const labels = Object.keys(events.fieldsOf({ metadata: {} }));
    assert.ok(!labels.includes('involvedObject.kind') && !labels.includes('source'), labels.join());
  });

  test('HPAs keep sharing autoscaling/v2 storage under /registry/autoscaling', async () => {
    const { backend, registry } = setup();
    const v1 = registry.storeFor('autoscaling', 'v1', 'horizontalpodautoscalers')!;
    const v2 = registry.storeFor('autoscaling', 'v2', 'horizontalpodautoscalers')!;
    await v1.create('default', {
      apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3, targetCPUUtilizationPercentage: 50 },
    });
    assert.equal((await stored(backend, '/registry/autoscaling/horizontalpodautoscalers/default/web'))?.apiVersion, 'autoscaling/v2');
    assert.equal(((await v2.get('default', 'web')).spec as { metrics: unknown[] }).metrics.length, 1);
  });
});
