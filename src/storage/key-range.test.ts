import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareKeys, prefixEnd } from './key-range.ts';

const utf8Order = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

test('compareKeys agrees with UTF-8 byte order where JavaScript < does not', () => {
  const keys = ['/u/z', '/u/é', '/u/\u{ff5e}', '/u/\u{1f600}', '/u/', '/u/zz', '/v', '/u/\u{e000}', '/u/\u{d7ff}'];
  const expected = [...keys].sort(utf8Order);
  assert.deepEqual([...keys].sort(compareKeys), expected);
  // The case that motivates it: U+FF5E sorts before U+1F600 in bytes, after it in UTF-16.
  assert.ok(compareKeys('\u{ff5e}', '\u{1f600}') < 0);
  assert.ok('\u{ff5e}' > '\u{1f600}');
});

test('compareKeys is 0 only for equal keys and orders prefixes first', () => {
  assert.equal(compareKeys('/a', '/a'), 0);
  assert.ok(compareKeys('/a', '/a/') < 0);
  assert.ok(compareKeys('/a/', '/a') > 0);
  assert.ok(compareKeys('', '/') < 0);
});

test('prefixEnd bounds exactly the keys that start with the prefix', () => {
  assert.equal(prefixEnd('/a/'), '/a0');
  assert.equal(prefixEnd(''), undefined);
  assert.equal(prefixEnd('\u{10ffff}'), undefined);
  assert.equal(prefixEnd('a\u{10ffff}'), 'b');
  assert.equal(prefixEnd('\u{d7ff}'), '\u{e000}');
  const end = prefixEnd('/a/')!;
  for (const key of ['/a/', '/a/x', '/a/\u{10ffff}\u{10ffff}']) assert.ok(compareKeys(key, end) < 0, key);
  for (const key of ['/a0', '/ab', '/b']) assert.ok(compareKeys(key, end) >= 0, key);
});
