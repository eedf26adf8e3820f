import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SortedKeys } from './sorted-keys.ts';
import { compareKeys } from '../key-range.ts';

/** A deterministic pseudo-random sequence (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function scanAll(keys: SortedKeys, from: string, exclusive: boolean, limit = Infinity): string[] {
  const out: string[] = [];
  keys.scan(from, exclusive, (k) => out.push(k) < limit);
  return out;
}

test('SortedKeys matches a sorted array model across thousands of random inserts and deletes', () => {
  const next = random(42);
  const keys = new SortedKeys();
  const model = new Set<string>();
  for (let step = 0; step < 20000; step++) {
    const key = `/k/${Math.floor(next() * 5000).toString(36)}`;
    if (next() < 0.65) {
      assert.equal(keys.insert(key), !model.has(key));
      model.add(key);
    } else {
      assert.equal(keys.delete(key), model.has(key));
      model.delete(key);
    }
  }
  const sorted = [...model].sort(compareKeys);
  assert.equal(keys.size, sorted.length);
  assert.deepEqual(scanAll(keys, '', false), sorted);
  for (const probe of ['/k/', '/k/5', sorted[100], sorted[sorted.length - 1], '/l']) {
    assert.deepEqual(scanAll(keys, probe, false), sorted.filter((k) => compareKeys(k, probe) >= 0), probe);
    assert.deepEqual(scanAll(keys, probe, true), sorted.filter((k) => compareKeys(k, probe) > 0), probe);
    assert.equal(keys.has(probe), model.has(probe));
  }
  assert.equal(keys.countRange('/k/1', '/k/5'), sorted.filter((k) => k >= '/k/1' && k < '/k/5').length);
  assert.equal(keys.countRange('', undefined), sorted.length);
});

test('SortedKeys.scan stops when visit returns false', () => {
  const keys = new SortedKeys();
  for (let i = 0; i < 2000; i++) keys.insert(`/k/${String(i).padStart(4, '0')}`);
  assert.deepEqual(scanAll(keys, '/k/0999', true, 3), ['/k/1000', '/k/1001', '/k/1002']);
});

test('SortedKeys keeps UTF-8 byte order for characters above U+FFFF', () => {
  const keys = new SortedKeys();
  for (const k of ['/u/\u{1f600}', '/u/\u{ff5e}', '/u/z']) keys.insert(k);
  assert.deepEqual(scanAll(keys, '/u/', false), ['/u/z', '/u/\u{ff5e}', '/u/\u{1f600}']);
});
