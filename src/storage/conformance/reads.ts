import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FutureRevisionError, type Backend, type ListOptions } from '../backend.ts';
import { assertBytes, bytes, rejectsWith, text, withBackend, type OpenBackend } from './harness.ts';

/** Every key of a prefix, page by page, as `key=value` strings; also checks the `more` flags. */
async function pages(b: Backend, prefix: string, limit: number, revision?: number): Promise<string[]> {
  const seen: string[] = [];
  let startAfter: string | undefined;
  for (;;) {
    const options: ListOptions = { limit, startAfter, revision };
    const page = await b.list(prefix, options);
    assert.ok(page.kvs.length <= limit);
    seen.push(...page.kvs.map((kv) => `${kv.key}=${text(kv.value)}`));
    if (!page.more) return seen;
    assert.equal(page.kvs.length, limit, 'a page with more=true is full');
    startAfter = page.kvs[page.kvs.length - 1].key;
  }
}

/** get, list (prefix, order, pages, past revisions), count. */
export function registerReadTests(open: OpenBackend): void {
  test('get of an absent key resolves without kv at the current revision', withBackend(open, async (b) => {
    await b.create('/g/other', bytes('x'));
    const got = await b.get('/g/none');
    assert.equal(got.kv, undefined);
    assert.equal(got.revision, await b.currentRevision());
  }));

  test('get at a past revision returns the value as of that revision', withBackend(open, async (b) => {
    const before = await b.currentRevision();
    const { kv: v1 } = await b.create('/g/a', bytes('v1'));
    const { kv: v2 } = await b.update('/g/a', bytes('v2'), v1.modRevision);
    await b.create('/g/b', bytes('other'));
    const { revision: deletedAt } = await b.delete('/g/a');
    const { kv: v3 } = await b.create('/g/a', bytes('v3'));

    assert.equal((await b.get('/g/a', { revision: before })).kv, undefined);
    const at1 = await b.get('/g/a', { revision: v1.modRevision });
    assert.equal(at1.revision, v1.modRevision);
    assertBytes(at1.kv?.value, bytes('v1'));
    assert.equal(at1.kv?.modRevision, v1.modRevision);
    const at2 = await b.get('/g/a', { revision: v2.modRevision + 1 });
    assertBytes(at2.kv?.value, bytes('v2'));
    assert.equal(at2.kv?.modRevision, v2.modRevision);
    assert.equal(at2.kv?.createRevision, v1.createRevision);
    assert.equal((await b.get('/g/a', { revision: deletedAt })).kv, undefined);
    const now = await b.get('/g/a', { revision: 0 });
    assertBytes(now.kv?.value, bytes('v3'));
    assert.equal(now.kv?.createRevision, v3.createRevision);
  }));

  test('list returns the keys under a prefix in UTF-8 byte order; /a/ does not match /ab', withBackend(open, async (b) => {
    const keys = ['/a/m', '/a/b', '/ab', '/a', '/a/b/c', '/a/\u{1f600}', '/a/\u{ff5e}', '/a/é', '/b/x', '/a/'];
    for (const key of keys) await b.create(key, bytes(`v:${key}`));
    const list = await b.list('/a/');
    assert.equal(list.revision, await b.currentRevision());
    assert.equal(list.more, false);
    assert.deepEqual(list.kvs.map((kv) => kv.key), ['/a/', '/a/b', '/a/b/c', '/a/m', '/a/é', '/a/\u{ff5e}', '/a/\u{1f600}']);
    for (const kv of list.kvs) assertBytes(kv.value, bytes(`v:${kv.key}`));
    assert.deepEqual((await b.list('/a')).kvs.map((kv) => kv.key).slice(0, 2), ['/a', '/a/']);
    assert.equal((await b.list('')).kvs.length, keys.length);
    assert.deepEqual((await b.list('/zz')).kvs, []);
  }));

  test('list pages with limit and startAfter cover every key exactly once', withBackend(open, async (b) => {
    const expected: string[] = [];
    for (const i of [7, 3, 9, 0, 5, 1, 8, 2, 6, 4]) await b.create(`/p/${i}`, bytes(`v${i}`));
    for (let i = 0; i < 10; i++) expected.push(`/p/${i}=v${i}`);
    await b.create('/q/0', bytes('outside'));
    assert.deepEqual(await pages(b, '/p/', 3), expected);
    assert.deepEqual(await pages(b, '/p/', 10), expected);
    assert.deepEqual(await pages(b, '/p/', 1), expected);
    const limited = await b.list('/p/', { limit: 10 });
    assert.equal(limited.more, false, 'exactly limit keys left: more is false');
    assert.deepEqual((await b.list('/p/', { startAfter: '/p/4' })).kvs.map((kv) => kv.key), ['/p/5', '/p/6', '/p/7', '/p/8', '/p/9']);
    assert.equal((await b.list('/p/', { startAfter: '/a' })).kvs.length, 10, 'startAfter before the prefix');
    assert.deepEqual((await b.list('/p/', { startAfter: '/p/9' })).kvs, []);
    assert.deepEqual((await b.list('/p/', { startAfter: '/q' })).kvs, []);
  }));

  test('list at a past revision sees the values of then, including keys deleted since', withBackend(open, async (b) => {
    for (let i = 0; i < 6; i++) await b.create(`/h/${i}`, bytes(`old${i}`));
    const then = await b.currentRevision();
    await b.update('/h/1', bytes('new1'), (await b.get('/h/1')).kv!.modRevision);
    await b.delete('/h/2');
    await b.delete('/h/4');
    await b.create('/h/3a', bytes('later'));
    await b.delete('/h/5');
    await b.create('/h/5', bytes('reborn'));
    const expected = Array.from({ length: 6 }, (_, i) => `/h/${i}=old${i}`);
    const past = await b.list('/h/', { revision: then });
    assert.equal(past.revision, then);
    assert.deepEqual(past.kvs.map((kv) => `${kv.key}=${text(kv.value)}`), expected);
    assert.deepEqual(await pages(b, '/h/', 2, then), expected);
    assert.deepEqual(await pages(b, '/h/', 4, then), expected);
    assert.deepEqual((await b.list('/h/', { revision: then, startAfter: '/h/1', limit: 2 })).kvs.map((kv) => kv.key), ['/h/2', '/h/3']);
    assert.deepEqual(await pages(b, '/h/', 2), ['/h/0=old0', '/h/1=new1', '/h/3=old3', '/h/3a=later', '/h/5=reborn']);
  }));

  test('a list larger than 4 MiB (gRPC\'s default message limit) comes back whole', withBackend(open, async (b) => {
    const big = new Uint8Array(1024 * 1024).fill(0x62);
    for (let i = 0; i < 5; i++) await b.create(`/big/${i}`, big);
    const { kvs } = await b.list('/big/');
    assert.equal(kvs.length, 5);
    for (const kv of kvs) assertBytes(kv.value, big);
  }));

  test('count counts the live keys under a prefix', withBackend(open, async (b) => {
    for (let i = 0; i < 12; i++) await b.create(`/n/${i}`, bytes('x'));
    await b.create('/nn', bytes('x'));
    await b.delete('/n/3');
    const counted = await b.count('/n/');
    assert.equal(counted.count, 11);
    assert.equal(counted.revision, await b.currentRevision());
    assert.equal((await b.count('/none/')).count, 0);
  }));

  test('reads above the current revision reject with FutureRevisionError', withBackend(open, async (b) => {
    await b.create('/f/a', bytes('x'));
    const current = await b.currentRevision();
    const error = await rejectsWith(b.get('/f/a', { revision: current + 1 }), FutureRevisionError);
    assert.equal(error.requested, current + 1);
    assert.equal(error.current, current);
    await rejectsWith(b.list('/f/', { revision: current + 5 }), FutureRevisionError);
    assert.equal((await b.list('/f/', { revision: current })).kvs.length, 1);
  }));
}
