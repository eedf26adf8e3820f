import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NAME_ALPHABET } from '../../util/ids.ts';
import { canonicalJson, computeHash, fnv32a, safeEncodeString } from './compute-hash.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

test('fnv32a matches the FNV-1a 32-bit reference vectors', () => {
  assert.equal(fnv32a(bytes('')), 0x811c9dc5);
  assert.equal(fnv32a(bytes('a')), 0xe40c292c);
  assert.equal(fnv32a(bytes('foobar')), 0xbf9cf968);
});

test('fnv32a continues from a previous sum like one hasher fed twice', () => {
  assert.equal(fnv32a(bytes('bar'), fnv32a(bytes('foo'))), fnv32a(bytes('foobar')));
});

test('safeEncodeString maps digits through the generateName alphabet by code point mod 27', () => {
  assert.equal(safeEncodeString('0123456789'), '456789bcdf');
  // a real cluster's hash decodes back to a 32-bit decimal: 5869d7778c <- 1425833347
  assert.equal(safeEncodeString('1425833347'), '5869d7778c');
});

test('canonicalJson sorts keys and drops nulls so equal templates give equal bytes', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: null }], c: 'z' } }), '{"a":{"c":"z","d":[1,{"y":2}]},"b":1}');
  assert.equal(canonicalJson({ metadata: { creationTimestamp: null, labels: { app: 'web' } } }), canonicalJson({ metadata: { labels: { app: 'web' } } }));
});

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
};

test('computeHash is a safe-encoded 32-bit decimal and ignores key order', () => {
  const h = computeHash(template);
  assert.match(h, new RegExp(`^[${NAME_ALPHABET}]{1,10}$`));
  const reordered = { spec: { containers: [{ ports: [{ containerPort: 80 }], image: 'nginx:1.27', name: 'nginx' }] }, metadata: { labels: { app: 'web' } } };
  assert.equal(computeHash(reordered), h);
});

test('computeHash changes with the template and with the collision count', () => {
  const h = computeHash(template);
  assert.notEqual(computeHash({ ...template, spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } }), h);
  const h0 = computeHash(template, 0);
  const h1 = computeHash(template, 1);
  // kube hashes 8 collision-count bytes even for 0: a set count is never the same as none
  assert.notEqual(h0, h);
  assert.notEqual(h1, h0);
});

test('computeHash is stable (golden values; a change renames every Deployment ReplicaSet)', () => {
  assert.equal(computeHash(template), safeEncodeString(String(fnv32a(bytes(canonicalJson(template))))));
  assert.equal(computeHash(template), '646cc4455c');
  assert.equal(computeHash(template, 1), 'c668cb9b8');
});
