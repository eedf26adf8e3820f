import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Definitions, schemaToV3 } from './openapi-definitions.ts';

const REFERENCE = new URL('../../../shared/reference/kubernetes/openapi-v2-1.32.json', import.meta.url);

type Json = Record<string, unknown>;

/** Drops prose (string descriptions) and x-kubernetes-unions, which the schema generator does not keep. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if ((k === 'description' && typeof v === 'string') || k === 'x-kubernetes-unions') continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Json).map(([p, ps]) => [p, strip(ps)])) : strip(v);
  }
  return out;
}

test('v2 definitions equal the reference definitions without prose', { skip: !existsSync(REFERENCE) && 'reference OpenAPI absent' }, () => {
  const reference = (JSON.parse(readFileSync(REFERENCE, 'utf8')) as { definitions: Record<string, Json> }).definitions;
  const defs = new Definitions();
  let compared = 0;
  for (const name of Object.keys(reference)) {
    const ours = defs.get(name, 'v2');
    if (ours === undefined) continue; // version.Info: not reachable from a served route
    assert.deepEqual(ours, strip(reference[name]), name);
    compared++;
  }
  assert.ok(compared >= 637, `compared ${compared}`);
});

test('v3 conversion wraps references that have siblings in allOf and keeps bare ones bare', () => {
  assert.deepEqual(schemaToV3({ $ref: '#/definitions/a.B' }), { $ref: '#/components/schemas/a.B' });
  assert.deepEqual(schemaToV3({ type: 'array', items: { $ref: '#/definitions/a.B' }, 'x-kubernetes-list-type': 'atomic' }),
    { type: 'array', items: { $ref: '#/components/schemas/a.B' }, 'x-kubernetes-list-type': 'atomic' });
  assert.deepEqual(schemaToV3({ properties: { s: { $ref: '#/definitions/a.S', 'x-kubernetes-patch-strategy': 'retainKeys' } } }),
    { properties: { s: { allOf: [{ $ref: '#/components/schemas/a.S' }], 'x-kubernetes-patch-strategy': 'retainKeys' } } });
});

test('closure follows references and fails loudly on a dangling one', () => {
  const defs = new Definitions();
  const names = defs.closure(['io.k8s.api.apps.v1.Deployment'], 'v3');
  assert.ok(names.includes('io.k8s.api.core.v1.PodSpec'));
  assert.ok(names.includes('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'));
  assert.ok(!names.includes('io.k8s.api.batch.v1.JobSpec'));
  assert.throws(() => defs.closure(['no.such.Definition'], 'v3'), /no definition no.such.Definition/);
});
