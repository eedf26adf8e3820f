/**
 * Golden tests: every testdata/smp/*.yaml holds `description`, `kind` ({group, version, kind}),
 * `original`, `patch`, and either `expected` (the patched object; list order is compared, map key
 * order is not) or `error` ({code, reason?, message?}: the StatusError thrown).
 * The expectations were written from Kubernetes' behaviour (apimachinery strategicpatch test
 * tables and the kubectl patch documentation), not from this implementation.
 *
 * `UPDATE_GOLDEN=1 node --import tsx --test src/api/patch/strategic-merge-patch.test.ts` rewrites
 * each file's `expected` / `error` from the implementation (then review the diff).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { applyStrategicMergePatch } from './strategic-merge-patch.ts';
import { schemaForKind } from '../schema.ts';
import { isStatusError, type StatusError } from '../status.ts';
import type { GroupVersionKind } from '../object.ts';

const DIR = new URL('./testdata/smp/', import.meta.url);
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

interface Golden {
  description: string;
  kind: GroupVersionKind;
  original: Record<string, unknown>;
  patch: unknown;
  expected?: unknown;
  error?: { code: number; reason?: string; message?: string };
}

function run(c: Golden): { result: unknown } | { error: StatusError } {
  try {
    return { result: applyStrategicMergePatch(c.original, c.patch, { schema: schemaForKind(c.kind) }) };
  } catch (err) {
    if (isStatusError(err)) return { error: err };
    throw err;
  }
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

test('the golden folder is not empty', () => assert.ok(files.length >= 40, `${files.length} golden files`));

for (const file of files) {
  test(`golden ${file}`, () => {
    const doc = parseDocument(readFileSync(new URL(file, DIR), 'utf8'));
    const c = doc.toJS() as Golden;
    assert.ok(c.description && c.kind && c.original && 'patch' in c, `${file}: description, kind, original and patch are required`);
    assert.ok(schemaForKind(c.kind), `${file}: no schema for ${JSON.stringify(c.kind)}`);
    const originalBefore = JSON.stringify(c.original);
    const patchBefore = JSON.stringify(c.patch);
    const outcome = run(c);
    assert.equal(JSON.stringify(c.original), originalBefore, 'the original was modified');
    assert.equal(JSON.stringify(c.patch), patchBefore, 'the patch was modified');
    if (UPDATE) {
      if ('result' in outcome) {
        doc.delete('error');
        doc.set('expected', outcome.result);
      } else {
        doc.delete('expected');
        doc.set('error', { code: outcome.error.code, reason: outcome.error.reason, message: outcome.error.status.message });
      }
      writeFileSync(new URL(file, DIR), doc.toString());
      return;
    }
    if (c.error !== undefined) {
      assert.ok('error' in outcome, `expected a ${c.error.code} error, got ${JSON.stringify('result' in outcome ? outcome.result : null)}`);
      assert.equal(outcome.error.code, c.error.code);
      if (c.error.reason !== undefined) assert.equal(outcome.error.reason, c.error.reason);
      if (c.error.message !== undefined) assert.equal(outcome.error.status.message, c.error.message);
      return;
    }
    assert.ok('result' in outcome, `unexpected error: ${'error' in outcome ? outcome.error.message : ''}`);
    assert.deepEqual(outcome.result, c.expected);
  });
}

const deployment = { group: 'apps', version: 'v1', kind: 'Deployment' };

test('a patch that is not a JSON object is a 400, as kube-apiserver decoding it into a map', () => {
  const schema = schemaForKind(deployment);
  for (const [patch, what] of [[[], 'array'], ['x', 'string'], [3, 'number'], [true, 'bool']] as const) {
    assert.throws(() => applyStrategicMergePatch({ spec: {} }, patch, { schema }), (e: unknown) => {
      assert.ok(isStatusError(e));
      assert.equal(e.code, 400);
      assert.equal(e.status.message, `json: cannot unmarshal ${what} into Go value of type map[string]interface {}`);
      return true;
    });
  }
});

test('a null patch changes nothing and returns a copy', () => {
  const original = { spec: { replicas: 1 } };
  const result = applyStrategicMergePatch(original, null, { schema: schemaForKind(deployment) });
  assert.deepEqual(result, original);
  assert.notEqual(result, original);
  assert.notEqual(result['spec'], original.spec);
});

test('a kind without schema (a custom resource) is refused with a 400: callers use a JSON merge patch', () => {
  const schema = schemaForKind({ group: 'example.com', version: 'v1', kind: 'Widget' });
  assert.throws(() => applyStrategicMergePatch({ spec: {} }, { spec: { a: 1 } }, { schema }), (e: unknown) => {
    assert.ok(isStatusError(e));
    assert.equal(e.code, 400);
    assert.equal(e.reason, 'BadRequest');
    assert.equal(e.status.message, 'strategic merge patch format is not supported');
    return true;
  });
});

test('the result shares nothing with the inputs', () => {
  const original = { spec: { template: { spec: { containers: [{ name: 'a', env: [{ name: 'X', value: '1' }] }] } } } };
  const patch = { spec: { template: { spec: { containers: [{ name: 'b', args: ['--x'] }] } } } };
  const result = applyStrategicMergePatch(original, patch, { schema: schemaForKind(deployment) }) as typeof original;
  const containers = result.spec.template.spec.containers as Record<string, unknown>[];
  assert.deepEqual(containers.map((c) => c['name']), ['b', 'a']);
  (containers[0]['args'] as string[]).push('--y');
  (containers[1]['env'] as unknown[]).length = 0;
  assert.deepEqual(patch.spec.template.spec.containers[0].args, ['--x']);
  assert.equal(original.spec.template.spec.containers[0].env.length, 1);
});

test('properties set to undefined are absent, as after a JSON round trip', () => {
  const result = applyStrategicMergePatch({ spec: { replicas: 1, paused: undefined } }, { spec: { minReadySeconds: undefined, replicas: 2 } }, { schema: schemaForKind(deployment) });
  assert.deepEqual(result, { spec: { replicas: 2 } });
  assert.ok(!Object.hasOwn(result['spec'] as object, 'paused'));
});

test('a "__proto__" key from JSON is an ordinary key, never the prototype', () => {
  const original = JSON.parse('{"metadata":{"labels":{"__proto__":"a","x":"1"}}}') as Record<string, unknown>;
  const patch = JSON.parse('{"metadata":{"labels":{"__proto__":"b"},"annotations":{"__proto__":{"polluted":true}}}}') as unknown;
  const result = applyStrategicMergePatch(original, patch, { schema: schemaForKind(deployment) });
  const meta = result['metadata'] as Record<string, Record<string, unknown>>;
  assert.equal(Object.getPrototypeOf(meta['annotations']), Object.prototype);
  assert.ok(Object.hasOwn(meta['annotations'], '__proto__'));
  assert.deepEqual(Object.entries(meta['labels']), [['__proto__', 'b'], ['x', '1']]);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
});

test('the target may be the kind itself, whose built-in schema is then used', () => {
  const original = { spec: { template: { spec: { containers: [{ name: 'a' }] } } } };
  const patch = { spec: { template: { spec: { containers: [{ name: 'b' }] } } } };
  assert.deepEqual(applyStrategicMergePatch(original, patch, deployment), { spec: { template: { spec: { containers: [{ name: 'b' }, { name: 'a' }] } } } });
  assert.throws(() => applyStrategicMergePatch(original, patch, { group: 'example.com', version: 'v1', kind: 'Widget' }), /strategic merge patch format is not supported/);
});
