import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytes, collectEvents, describeEvent, waitFor, withBackend, type OpenBackend } from './harness.ts';

/** watch: replay from a revision, live events, prefixes, abort, fan-out, close. */
export function registerWatchTests(open: OpenBackend): void {
  test('watch from a past revision replays puts and deletes with prevKv, then delivers live events', withBackend(open, async (b) => {
    const r = await b.currentRevision();
    const { kv: a1 } = await b.create('/w/a', bytes('v1'));
    await b.update('/w/a', bytes('v2'), a1.modRevision);
    await b.create('/w/b', bytes('b1'));
    await b.delete('/w/a');
    await b.create('/x/outside', bytes('x'));
    const all = [
      `put /w/a v1 c=${r + 1} m=${r + 1}`,
      `put /w/a v2 c=${r + 1} m=${r + 2} prev=v1@${r + 1}/c${r + 1}`,
      `put /w/b b1 c=${r + 3} m=${r + 3}`,
      `delete /w/a c=0 m=${r + 4} prev=v2@${r + 2}/c${r + 1}`,
    ];
    const fromStart = await collectEvents(b, '/w/', r + 1);
    const fromMiddle = await collectEvents(b, '/w/', r + 2);
    await fromStart.until(4);
    await fromMiddle.until(3);
    assert.deepEqual(fromStart.events.map(describeEvent), all);
    assert.deepEqual(fromMiddle.events.map(describeEvent), all.slice(1), 'fromRevision is inclusive');
    await b.create('/w/c', bytes('c1'));
    await fromStart.until(5);
    await fromMiddle.until(4);
    assert.equal(describeEvent(fromStart.events[4]), `put /w/c c1 c=${r + 6} m=${r + 6}`);
    assert.equal(describeEvent(fromMiddle.events[3]), `put /w/c c1 c=${r + 6} m=${r + 6}`);
    assert.equal(fromStart.events.length, 5);
    fromStart.controller.abort();
    fromMiddle.controller.abort();
  }));

  test('watch from 0 delivers only the writes made after it was established', withBackend(open, async (b) => {
    await b.create('/w/before', bytes('x'));
    const watch = await collectEvents(b, '/w/', 0);
    const { kv } = await b.create('/w/after', bytes('1'));
    await b.update('/w/after', bytes('2'), kv.modRevision);
    await watch.until(2);
    assert.deepEqual(watch.events.map((e) => `${e.kv.key}@${e.kv.modRevision}`),
      [`/w/after@${kv.modRevision}`, `/w/after@${kv.modRevision + 1}`]);
    assert.equal(watch.events[1].prevKv?.modRevision, kv.modRevision);
    watch.controller.abort();
  }));

  test('watch from a revision above the current one starts delivering at that revision', withBackend(open, async (b) => {
    const r = await b.currentRevision();
    const watch = await collectEvents(b, '/w/', r + 2);
    await b.create('/w/a', bytes('x'));
    await b.create('/w/b', bytes('x'));
    await b.create('/w/c', bytes('x'));
    await watch.until(2);
    assert.deepEqual(watch.events.map((e) => `${e.kv.key}@${e.kv.modRevision}`), [`/w/b@${r + 2}`, `/w/c@${r + 3}`]);
    watch.controller.abort();
  }));

  test('a watch on /a/ does not see /ab or /a', withBackend(open, async (b) => {
    const watch = await collectEvents(b, '/a/', 0);
    await b.create('/ab', bytes('x'));
    await b.create('/a', bytes('x'));
    await b.create('/a/x', bytes('x'));
    await b.create('/abc', bytes('x'));
    await b.create('/a/y', bytes('x'));
    await watch.until(2);
    assert.deepEqual(watch.events.map((e) => e.kv.key), ['/a/x', '/a/y']);
    watch.controller.abort();
  }));

  test('aborting a watch stops delivery, without an error', withBackend(open, async (b) => {
    const watched = await collectEvents(b, '/w/', 0);
    const control = await collectEvents(b, '/w/', 0);
    await b.create('/w/1', bytes('x'));
    await watched.until(1);
    // Abort while a write is in flight: its event must not reach the aborted watcher either.
    const inFlight = b.create('/w/2', bytes('x'));
    watched.controller.abort();
    await inFlight;
    await b.create('/w/3', bytes('x'));
    await control.until(3);
    assert.deepEqual(watched.events.map((e) => e.kv.key), ['/w/1']);
    assert.deepEqual(watched.errors, []);
    control.controller.abort();
  }));

  test('concurrent watchers, live and replaying, all see the same events in revision order', withBackend(open, async (b) => {
    const r = await b.currentRevision();
    const live = await Promise.all([1, 2, 3].map(() => collectEvents(b, '/fan/', 0)));
    const created = await Promise.all(Array.from({ length: 20 }, (_, i) => b.create(`/fan/${i}`, bytes(`v${i}`))));
    await Promise.all(created.slice(0, 10).map(({ kv }) => b.update(kv.key, bytes('again'), kv.modRevision)));
    const replaying = await collectEvents(b, '/fan/', r + 1);
    const watchers = [...live, replaying];
    for (const w of watchers) await w.until(30);
    const expected = watchers[0].events.map(describeEvent);
    for (const w of watchers) assert.deepEqual(w.events.map(describeEvent), expected);
    const revisions = watchers[0].events.map((e) => e.kv.modRevision);
    assert.deepEqual(revisions, Array.from({ length: 30 }, (_, i) => r + 1 + i));
    for (const w of watchers) w.controller.abort();
  }));

  test('a watch whose onEvents throws is ended through onError while other watches go on', withBackend(open, async (b) => {
    const controller = new AbortController();
    const errors: Error[] = [];
    let calls = 0;
    await b.watch('/w/', {
      fromRevision: 0,
      signal: controller.signal,
      onEvents: () => {
        calls++;
        throw new Error('consumer failed');
      },
      onError: (error) => errors.push(error),
    });
    const control = await collectEvents(b, '/w/', 0);
    await b.create('/w/1', bytes('x'));
    await waitFor(() => errors.length === 1, 'onError after onEvents threw');
    await b.create('/w/2', bytes('x'));
    await control.until(2);
    assert.equal(calls, 1);
    assert.equal(errors[0].message, 'consumer failed');
    controller.abort();
    control.controller.abort();
  }));

  test('closing the backend ends its watches through onError', withBackend(open, async (b) => {
    const watch = await collectEvents(b, '/w/', 0);
    await b.close();
    await waitFor(() => watch.errors.length === 1, 'onError after close');
    assert.ok(watch.errors[0] instanceof Error);
  }));
}
