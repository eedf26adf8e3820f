import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError, KeyExistsError, NotFoundError } from '../backend.ts';
import {
  assertBytes, bytes, collectEvents, rejectsWith, text, withBackend, type ConformanceOptions, type OpenBackend,
} from './harness.ts';

/** create, update, delete: compare-and-swap rules and revision accounting. */
export function registerWriteTests(open: OpenBackend, options: ConformanceOptions): void {
  test('an empty store is at revision 1, compacted at 1, and its first write gets revision 2 (as etcd)',
    { skip: options.sharedRevision ? 'the revision counter is shared with other key spaces' : false },
    withBackend(open, async (b) => {
      assert.equal(await b.currentRevision(), 1);
      assert.equal(await b.compactRevision(), 1);
      assert.deepEqual(await b.list(''), { revision: 1, kvs: [], more: false });
      const { revision, kv } = await b.create('/first', bytes('x'));
      assert.equal(revision, 2);
      assert.equal(kv.createRevision, 2);
      assert.equal(await b.currentRevision(), 2);
    }));

  test('create stores the key at the next revision with createRevision = modRevision', withBackend(open, async (b) => {
    const r0 = await b.currentRevision();
    const created = await b.create('/c/a', bytes('v1'));
    assert.equal(created.revision, r0 + 1);
    assert.equal(created.kv.key, '/c/a');
    assert.equal(created.kv.createRevision, r0 + 1);
    assert.equal(created.kv.modRevision, r0 + 1);
    assertBytes(created.kv.value, bytes('v1'));
    const got = await b.get('/c/a');
    assert.equal(got.revision, r0 + 1);
    assert.equal(got.kv?.modRevision, r0 + 1);
    assertBytes(got.kv?.value, bytes('v1'));
  }));

  test('create of an existing key rejects with KeyExistsError and does not advance the revision', withBackend(open, async (b) => {
    await b.create('/c/a', bytes('v1'));
    const r = await b.currentRevision();
    const error = await rejectsWith(b.create('/c/a', bytes('v2')), KeyExistsError);
    assert.equal(error.key, '/c/a');
    assert.equal(await b.currentRevision(), r);
    assertBytes((await b.get('/c/a')).kv?.value, bytes('v1'));
  }));

  test('update with the current modRevision replaces the value and keeps createRevision', withBackend(open, async (b) => {
    const { kv: created } = await b.create('/u/a', bytes('v1'));
    const updated = await b.update('/u/a', bytes('v2'), created.modRevision);
    assert.equal(updated.revision, created.modRevision + 1);
    assert.equal(updated.kv.modRevision, updated.revision);
    assert.equal(updated.kv.createRevision, created.createRevision);
    assertBytes(updated.kv.value, bytes('v2'));
    const again = await b.update('/u/a', bytes('v3'), updated.kv.modRevision);
    assert.equal(again.kv.createRevision, created.createRevision);
    assertBytes((await b.get('/u/a')).kv?.value, bytes('v3'));
  }));

  test('update with a stale modRevision rejects with ConflictError carrying the current kv', withBackend(open, async (b) => {
    const { kv: created } = await b.create('/u/a', bytes('v1'));
    const { kv: updated } = await b.update('/u/a', bytes('v2'), created.modRevision);
    const r = await b.currentRevision();
    const error = await rejectsWith(b.update('/u/a', bytes('v3'), created.modRevision), ConflictError);
    assert.equal(error.key, '/u/a');
    assert.equal(error.current.modRevision, updated.modRevision);
    assert.equal(error.current.createRevision, created.createRevision);
    assertBytes(error.current.value, bytes('v2'));
    assert.equal(await b.currentRevision(), r);
  }));

  test('update of an absent or deleted key rejects with NotFoundError', withBackend(open, async (b) => {
    assert.equal((await rejectsWith(b.update('/u/none', bytes('x'), 1), NotFoundError)).key, '/u/none');
    const { kv } = await b.create('/u/gone', bytes('x'));
    await b.delete('/u/gone');
    const r = await b.currentRevision();
    await rejectsWith(b.update('/u/gone', bytes('y'), kv.modRevision), NotFoundError);
    await rejectsWith(b.update('/u/gone', bytes('y'), 0), NotFoundError);
    assert.equal(await b.currentRevision(), r);
  }));

  test('delete without an expected revision returns the last value and removes the key', withBackend(open, async (b) => {
    const { kv: created } = await b.create('/d/a', bytes('v1'));
    const { kv: updated } = await b.update('/d/a', bytes('v2'), created.modRevision);
    const deleted = await b.delete('/d/a');
    assert.equal(deleted.revision, updated.modRevision + 1);
    assert.equal(deleted.prevKv.key, '/d/a');
    assert.equal(deleted.prevKv.modRevision, updated.modRevision);
    assert.equal(deleted.prevKv.createRevision, created.createRevision);
    assertBytes(deleted.prevKv.value, bytes('v2'));
    const got = await b.get('/d/a');
    assert.equal(got.kv, undefined);
    assert.equal(got.revision, deleted.revision);
    await rejectsWith(b.delete('/d/a'), NotFoundError);
    assert.equal(await b.currentRevision(), deleted.revision);
  }));

  test('delete with an expected revision deletes on a match and rejects a mismatch with ConflictError', withBackend(open, async (b) => {
    const { kv: created } = await b.create('/d/a', bytes('v1'));
    const { kv: updated } = await b.update('/d/a', bytes('v2'), created.modRevision);
    const r = await b.currentRevision();
    const error = await rejectsWith(b.delete('/d/a', created.modRevision), ConflictError);
    assert.equal(error.current.modRevision, updated.modRevision);
    assertBytes(error.current.value, bytes('v2'));
    assert.equal(await b.currentRevision(), r);
    const deleted = await b.delete('/d/a', updated.modRevision);
    assertBytes(deleted.prevKv.value, bytes('v2'));
    await rejectsWith(b.delete('/d/a', updated.modRevision), NotFoundError);
  }));

  test('re-creating a deleted key starts a new createRevision', withBackend(open, async (b) => {
    const { kv: first } = await b.create('/d/a', bytes('v1'));
    await b.delete('/d/a');
    const { kv: second } = await b.create('/d/a', bytes('v2'));
    assert.ok(second.createRevision > first.createRevision);
    assert.equal(second.createRevision, second.modRevision);
    assertBytes((await b.get('/d/a')).kv?.value, bytes('v2'));
  }));

  test('every successful write advances the revision by one; failed writes and reads do not', withBackend(open, async (b) => {
    const r0 = await b.currentRevision();
    const seen: number[] = [];
    const { kv } = await b.create('/m/a', bytes('1'));
    seen.push(kv.modRevision);
    await b.get('/m/a');
    await b.list('/m/');
    await b.count('/m/');
    await rejectsWith(b.create('/m/a', bytes('x')), KeyExistsError);
    seen.push((await b.update('/m/a', bytes('2'), kv.modRevision)).revision);
    seen.push((await b.create('/m/b', bytes('3'))).revision);
    await rejectsWith(b.update('/m/b', bytes('x'), r0), ConflictError);
    seen.push((await b.delete('/m/a')).revision);
    await rejectsWith(b.delete('/m/zz'), NotFoundError);
    assert.deepEqual(seen, [r0 + 1, r0 + 2, r0 + 3, r0 + 4]);
    assert.equal(await b.currentRevision(), r0 + 4);
  }));

  test('values are arbitrary bytes, including empty and large ones, through get, list and watch', withBackend(open, async (b) => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const large = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) & 0xff);
    const empty = new Uint8Array(0);
    const watch = await collectEvents(b, '/bin/', 0);
    await b.create('/bin/all', all);
    await b.create('/bin/empty', empty);
    await b.create('/bin/large', large);
    assertBytes((await b.get('/bin/all')).kv?.value, all);
    assertBytes((await b.get('/bin/empty')).kv?.value, empty);
    assertBytes((await b.get('/bin/large')).kv?.value, large);
    const { kvs } = await b.list('/bin/');
    assert.deepEqual(kvs.map((kv) => kv.key), ['/bin/all', '/bin/empty', '/bin/large']);
    assertBytes(kvs[0].value, all);
    assertBytes(kvs[1].value, empty);
    assertBytes(kvs[2].value, large);
    await watch.until(3);
    assertBytes(watch.events[0].kv.value, all);
    assertBytes(watch.events[1].kv.value, empty);
    assertBytes(watch.events[2].kv.value, large);
    watch.controller.abort();
  }));

  test('a value passed to create is copied: mutating it afterwards changes nothing', withBackend(open, async (b) => {
    const value = bytes('original');
    await b.create('/copy/a', value);
    value.fill(0);
    assert.equal(text((await b.get('/copy/a')).kv!.value), 'original');
  }));

  test('concurrent creates get unique, contiguous revisions', withBackend(open, async (b) => {
    const r0 = await b.currentRevision();
    const n = 200;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => b.create(`/conc/${i}`, bytes(`v${i}`))));
    const revisions = results.map((r) => r.revision).sort((x, y) => x - y);
    assert.deepEqual(revisions, Array.from({ length: n }, (_, i) => r0 + 1 + i));
    for (const r of results) assert.equal(r.kv.modRevision, r.revision);
    assert.equal(await b.currentRevision(), r0 + n);
    assert.equal((await b.count('/conc/')).count, n);
  }));

  test('concurrent updates from the same modRevision: exactly one wins, the others conflict', withBackend(open, async (b) => {
    const { kv } = await b.create('/race/a', bytes('v0'));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => b.update('/race/a', bytes(`v${i + 1}`), kv.modRevision)));
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 9);
    for (const o of lost) assert.ok(o.reason instanceof ConflictError, String(o.reason));
    assert.equal(await b.currentRevision(), kv.modRevision + 1);
  }));
}
