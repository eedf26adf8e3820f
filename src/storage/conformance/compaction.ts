import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompactedError, FutureRevisionError } from '../backend.ts';
import { bytes, collectEvents, describeEvent, rejectsWith, text, withBackend, type OpenBackend } from './harness.ts';

/** compact, compactRevision and the CompactedError of reads and watches below it. */
export function registerCompactionTests(open: OpenBackend): void {
  test('after compact, reads and watches below the revision reject with CompactedError', withBackend(open, async (b) => {
    const { kv } = await b.create('/k/a', bytes('v1'));
    await b.update('/k/a', bytes('v2'), kv.modRevision);
    await b.create('/k/b', bytes('b1'));
    const at = await b.currentRevision();
    await b.update('/k/b', bytes('b2'), at);
    await b.compact(at);
    assert.equal(await b.compactRevision(), at);

    const getError = await rejectsWith(b.get('/k/a', { revision: at - 1 }), CompactedError);
    assert.equal(getError.requested, at - 1);
    assert.equal(getError.compacted, at);
    await rejectsWith(b.list('/k/', { revision: kv.modRevision }), CompactedError);
    const watchError = await rejectsWith(collectEvents(b, '/k/', kv.modRevision), CompactedError);
    assert.equal(watchError.compacted, at);
    // Reads with no revision are unaffected.
    assert.equal((await b.list('/k/')).kvs.length, 2);
  }));

  test('reads at and after the compact revision still see every key as it was', withBackend(open, async (b) => {
    const { kv: a } = await b.create('/k/a', bytes('a1')); // last written long before the compaction
    const { kv: c } = await b.create('/k/c', bytes('c1'));
    const { kv: c2 } = await b.update('/k/c', bytes('c2'), c.modRevision);
    await b.create('/k/d', bytes('d1'));
    await b.delete('/k/d');
    const at = await b.currentRevision();
    await b.update('/k/c', bytes('c3'), c2.modRevision);
    await b.delete('/k/a');
    await b.compact(at);

    const listAt = await b.list('/k/', { revision: at });
    assert.deepEqual(listAt.kvs.map((kv) => `${kv.key}=${text(kv.value)}`), ['/k/a=a1', '/k/c=c2']);
    assert.equal(listAt.kvs[0].modRevision, a.modRevision);
    assert.equal(text((await b.get('/k/a', { revision: at })).kv!.value), 'a1');
    assert.equal((await b.get('/k/d', { revision: at })).kv, undefined);
    assert.deepEqual((await b.list('/k/')).kvs.map((kv) => `${kv.key}=${text(kv.value)}`), ['/k/c=c3']);
    assert.equal((await b.list('/k/', { revision: at + 1 })).kvs.length, 2);
  }));

  test('a watch from after the compact revision replays the history that remains', withBackend(open, async (b) => {
    const { kv } = await b.create('/k/a', bytes('v1'));
    const { kv: v2 } = await b.update('/k/a', bytes('v2'), kv.modRevision);
    await b.create('/k/b', bytes('b1'));
    await b.compact(v2.modRevision);
    const { kv: v3 } = await b.update('/k/a', bytes('v3'), v2.modRevision);
    await b.delete('/k/b');
    const watch = await collectEvents(b, '/k/', v2.modRevision + 1);
    await watch.until(3);
    const r = v2.modRevision;
    assert.deepEqual(watch.events.map(describeEvent), [
      `put /k/b b1 c=${r + 1} m=${r + 1}`,
      `put /k/a v3 c=${kv.createRevision} m=${v3.modRevision} prev=v2@${r}/c${kv.createRevision}`,
      `delete /k/b c=0 m=${r + 3} prev=b1@${r + 1}/c${r + 1}`,
    ]);
    watch.controller.abort();
  }));

  test('compact at or below the compact revision is a no-op; above the current one rejects', withBackend(open, async (b) => {
    await b.create('/k/a', bytes('x'));
    await b.create('/k/b', bytes('x'));
    const at = await b.currentRevision();
    await b.compact(at);
    await b.compact(at);
    await b.compact(at - 1);
    assert.equal(await b.compactRevision(), at);
    const error = await rejectsWith(b.compact(at + 1), FutureRevisionError);
    assert.equal(error.requested, at + 1);
    assert.equal(await b.compactRevision(), at);
    assert.equal(await b.currentRevision(), at, 'compaction does not advance the revision');
    const { revision } = await b.create('/k/c', bytes('x'));
    assert.equal(revision, at + 1);
  }));
}
