/**
 * The Store's update (PUT) based on the caller's copy of the object (PutOptions.cachedExisting):
 * it saves the storage read when the copy is current, and answers exactly as a read would have
 * when the object changed in between (409 for a stale resourceVersion, a retry otherwise).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../api/object.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import { MemoryBackend } from '../storage/memory/memory-backend.ts';
import { FakeClock } from '../util/clock.ts';
import { sequentialIds } from '../util/ids.ts';
import { Store } from './store.ts';
import type { Strategy } from './strategy.ts';

const gadgets: ResourceInfo = {
  group: 'example.com', version: 'v1', resource: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList',
  namespaced: true, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  shortNames: [], categories: [], subresources: [], storageVersion: 'v1',
};

/** Status is kept from the stored object on main-resource updates, so a result shows what it was based on. */
const strategy: Strategy = {
  tracksGeneration: true,
  allowCreateOnUpdate: true,
  prepareForUpdate(obj, old) { obj.status = old.status; },
  validate: () => [],
  validateUpdate: () => [],
  status: {},
};

function setup() {
  const backend = new MemoryBackend();
  let reads = 0;
  const get = backend.get.bind(backend);
  backend.get = (...args) => { reads++; return get(...args); };
  const store = new Store({ backend, resource: gadgets, strategy, clock: new FakeClock(Date.UTC(2026, 0, 1)), ids: sequentialIds(), keyPrefix: '/registry/example.com/gadgets' });
  return { store, reads: () => reads };
}

const gadget = (name: string, spec: Record<string, unknown>): KubeObject =>
  ({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name }, spec });

/** The object read, then changed by a concurrent status write: the copy is stale. */
async function readThenChanged(store: Store): Promise<KubeObject> {
  await store.create('ns', gadget('a', { size: 1 }));
  const cached = await store.get('ns', 'a');
  await store.update('ns', 'a', { ...cached, status: { seen: 'concurrent' } }, { subresource: 'status' });
  return cached;
}

const withoutRevision = (obj: KubeObject, spec = obj.spec): KubeObject => ({ ...obj, metadata: { ...obj.metadata, resourceVersion: undefined }, spec });

/**
 * Runs a scenario on two identical stores, updating with the copy and without it: the answers (or
 * errors) and what is stored must be the same. Returns them.
 */
async function sameAsWithoutCopy(scenario: (store: Store) => Promise<{ cached: KubeObject; body: KubeObject }>) {
  const outcomes = [];
  for (const useCopy of [true, false]) {
    const { store } = setup();
    const { cached, body } = await scenario(store);
    const answer = await store.update('ns', 'a', body, useCopy ? { cachedExisting: cached } : {})
      .catch((e: { code: number; reason: string }) => ({ code: e.code, reason: e.reason }));
    outcomes.push(JSON.parse(JSON.stringify({ answer, stored: await store.get('ns', 'a') })) as { answer: { object: KubeObject; created: boolean } & { code?: number; reason?: string }; stored: KubeObject });
  }
  assert.deepEqual(outcomes[0], outcomes[1]);
  return outcomes[0];
}

describe('Store.update with cachedExisting', () => {
  test('a current copy saves the read: one compare-and-swap write, no storage get', async () => {
    const { store, reads } = setup();
    await store.create('ns', gadget('a', { size: 1 }));
    const cached = await store.get('ns', 'a');
    const before = reads();
    const { object } = await store.update('ns', 'a', { ...cached, spec: { size: 2 } }, { cachedExisting: cached });
    assert.equal(reads(), before, 'no read');
    assert.equal(object.metadata.generation, 2);
    assert.deepEqual(await store.get('ns', 'a'), JSON.parse(JSON.stringify(object)));
  });

  test('a stale copy and an unconditional body: retried on the stored object', async () => {
    const { answer } = await sameAsWithoutCopy(async (store) => {
      const cached = await readThenChanged(store);
      return { cached, body: withoutRevision(cached, { size: 2 }) };
    });
    assert.deepEqual(answer.object.status, { seen: 'concurrent' }, 'based on the stored object, not the copy');
    assert.deepEqual(answer.object.spec, { size: 2 });
  });

  test('a stale copy and the resourceVersion it was read at: 409 Conflict, nothing written', async () => {
    const { answer, stored } = await sameAsWithoutCopy(async (store) => {
      const cached = await readThenChanged(store);
      return { cached, body: { ...cached, spec: { size: 2 } } };
    });
    assert.deepEqual(answer, { code: 409, reason: 'Conflict' });
    assert.deepEqual(stored.spec, { size: 1 });
  });

  test('a current copy and a body read before it: 409 Conflict, as without the copy', async () => {
    const { answer } = await sameAsWithoutCopy(async (store) => {
      const body = { ...(await store.create('ns', gadget('a', { size: 1 }))), spec: { size: 2 } };
      await store.update('ns', 'a', withoutRevision(body, { size: 5 }));
      return { cached: await store.get('ns', 'a'), body };
    });
    assert.deepEqual(answer, { code: 409, reason: 'Conflict' });
  });

  test('a body unchanged from a stale copy is decided against the stored object', async () => {
    const { answer } = await sameAsWithoutCopy(async (store) => {
      const cached = await readThenChanged(store);
      return { cached, body: withoutRevision(cached) };
    });
    assert.deepEqual(answer.object.status, { seen: 'concurrent' });
  });

  test('a copy of an object deleted since: created again, as without the copy', async () => {
    const { answer } = await sameAsWithoutCopy(async (store) => {
      await store.create('ns', gadget('a', { size: 1 }));
      const cached = await store.get('ns', 'a');
      await store.delete('ns', 'a');
      return { cached, body: withoutRevision(cached, { size: 3 }) };
    });
    assert.equal(answer.created, true);
    assert.deepEqual(answer.object.spec, { size: 3 });
  });
});
