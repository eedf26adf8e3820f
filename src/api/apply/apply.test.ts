/**
 * Golden tests of server-side apply and managedFields. Every testdata/*.yaml holds:
 *
 *   description: what Kubernetes does in this case
 *   kind: {group, version, kind}       # its schema drives the merge; a kind without one is free-form
 *   live: {...}                        # optional: the stored object before the first step
 *   managedFields: [...]               # optional: live's metadata.managedFields
 *   steps:                             # run in order; each result is stored for the next step
 *     - manager: kubectl
 *       apply: {...}                   # a server-side apply of this configuration, or
 *       create: {...}                  # a non-apply create of this object, or
 *       update: {...}                  # a non-apply write: this JSON merge patch over the object, or
 *       upgrade: {csaManagers, ssaManager}  # kubectl's client-side migration: a JSON patch
 *                                           # replacing metadata.managedFields (csaupgrade)
 *       force: false                   # apply only
 *       subresource: status            # optional
 *       time: '2026-01-01T00:00:00Z'   # the step's clock (default 2026-01-01T00:00:00Z)
 *       expected:
 *         object: {...}                # the result without metadata.managedFields
 *         managedFields: [...]
 *       # or
 *       expected: {error: {code, reason, message, causes}}   # the StatusError thrown
 *
 * As a store would, the runner gives a created object `metadata.uid: uid-1` before the next step
 * (not part of `expected`). A failed step leaves the stored object as it was.
 *
 * Expectations were written from Kubernetes' behaviour (structured-merge-diff's merge tests,
 * kube-apiserver's fieldmanager tests and observed kubectl output), then checked against the
 * implementation. `UPDATE_GOLDEN=1 node --import tsx --test src/api/apply/apply.test.ts` rewrites
 * every `expected` from the implementation (then review the diff).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { applyPatch } from './apply.ts';
import { upgradeManagedFields } from './csa-upgrade.ts';
import { updateManagedFields } from './managed-fields.ts';
import { applyMergePatch } from '../patch/merge-patch.ts';
import { schemaForKind } from '../schema.ts';
import { isStatusError, type StatusError } from '../status.ts';
import { apiVersionOf, type GroupVersionKind, type KubeObject, type ManagedFieldsEntry } from '../object.ts';

const DIR = new URL('./testdata/', import.meta.url);
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

interface Step {
  manager?: string;
  apply?: KubeObject;
  create?: KubeObject;
  update?: unknown;
  upgrade?: { csaManagers: string[]; ssaManager: string };
  force?: boolean;
  subresource?: string;
  time?: string;
  expected?: { object?: unknown; managedFields?: unknown; error?: { code: number; reason?: string; message?: string; causes?: unknown } };
}

interface Golden {
  description: string;
  kind: GroupVersionKind;
  live?: KubeObject;
  managedFields?: ManagedFieldsEntry[];
  steps: Step[];
}

type Outcome = { object: KubeObject } | { error: StatusError };

function runStep(c: Golden, stored: KubeObject | undefined, step: Step): Outcome {
  const schema = schemaForKind(c.kind);
  const apiVersion = apiVersionOf(c.kind.group, c.kind.version);
  const common = { schema, apiVersion, now: step.time ?? '2026-01-01T00:00:00Z', subresource: step.subresource };
  try {
    if (step.apply !== undefined) {
      return { object: applyPatch(stored, step.apply, { ...common, manager: step.manager ?? '', force: step.force ?? false, kind: c.kind.kind }).object };
    }
    if (step.create !== undefined) {
      return { object: updateManagedFields(undefined, step.create, { ...common, manager: step.manager ?? '', operation: 'Update' }).object };
    }
    assert.ok(stored, 'update and upgrade steps need a stored object');
    if (step.update !== undefined) {
      const next = applyMergePatch(stored, step.update) as KubeObject;
      return { object: updateManagedFields(stored, next, { ...common, manager: step.manager ?? '', operation: 'Update' }).object };
    }
    if (step.upgrade !== undefined) {
      const entries = upgradeManagedFields(stored.metadata.managedFields, step.upgrade.csaManagers, step.upgrade.ssaManager);
      const next = { ...stored, metadata: { ...stored.metadata, managedFields: entries ?? [] } };
      return { object: updateManagedFields(stored, next, { ...common, manager: step.manager ?? step.upgrade.ssaManager, operation: 'Update' }).object };
    }
  } catch (err) {
    if (isStatusError(err)) return { error: err };
    throw err;
  }
  throw new Error('a step needs one of apply, create, update or upgrade');
}

function split(obj: KubeObject): { object: unknown; managedFields: unknown } {
  const { managedFields, ...metadata } = obj.metadata;
  return { object: { ...obj, metadata }, managedFields: managedFields ?? [] };
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

test('the golden folder is not empty', () => assert.ok(files.length >= 15, `${files.length} golden files`));

for (const file of files) {
  test(`golden ${file}`, () => {
    const doc = parseDocument(readFileSync(new URL(file, DIR), 'utf8'));
    const c = doc.toJS() as Golden;
    assert.ok(c.description && c.kind && Array.isArray(c.steps) && c.steps.length > 0, `${file}: description, kind and steps are required`);
    let stored: KubeObject | undefined = c.live === undefined ? undefined
      : { ...c.live, metadata: { ...c.live.metadata, ...(c.managedFields ? { managedFields: c.managedFields } : {}) } };
    c.steps.forEach((step, i) => {
      const before = JSON.stringify([stored, step]);
      const outcome = runStep(c, stored, step);
      assert.equal(JSON.stringify([stored, step]), before, `step ${i}: inputs were modified`);
      if (UPDATE) {
        const node = (doc.get('steps') as YAMLSeq).get(i) as YAMLMap;
        node.set('expected', 'error' in outcome
          ? { error: { code: outcome.error.code, reason: outcome.error.reason, message: outcome.error.status.message, ...(outcome.error.status.details?.causes ? { causes: outcome.error.status.details.causes } : {}) } }
          : split(outcome.object));
      } else {
        const expected = step.expected;
        assert.ok(expected, `step ${i}: no expected`);
        if (expected.error !== undefined) {
          assert.ok('error' in outcome, `step ${i}: expected a ${expected.error.code} error, got ${JSON.stringify('object' in outcome ? outcome.object : null)}`);
          assert.equal(outcome.error.code, expected.error.code);
          if (expected.error.reason !== undefined) assert.equal(outcome.error.reason, expected.error.reason);
          if (expected.error.message !== undefined) assert.equal(outcome.error.status.message, expected.error.message);
          if (expected.error.causes !== undefined) assert.deepEqual(outcome.error.status.details?.causes, expected.error.causes);
        } else {
          assert.ok('object' in outcome, `step ${i}: unexpected error: ${'error' in outcome ? outcome.error.message : ''}`);
          const got = split(outcome.object);
          assert.deepEqual(got.object, expected.object, `step ${i}: object`);
          assert.deepEqual(got.managedFields, expected.managedFields, `step ${i}: managedFields`);
        }
      }
      if ('object' in outcome) {
        stored = outcome.object;
        if (!stored.metadata.uid) stored = { ...stored, metadata: { ...stored.metadata, uid: 'uid-1' } };
      }
    });
    if (UPDATE) writeFileSync(new URL(file, DIR), doc.toString({ lineWidth: 0 }));
  });
}
