import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { acceptNames } from './accept-names.ts';
import { namesOf } from './served-versions.ts';

const crd = (names: Record<string, unknown>, status?: Record<string, unknown>): KubeObject => ({
  metadata: { name: `${String(names.plural)}.example.com` }, spec: { group: 'example.com', names }, ...(status ? { status } : {}),
});
const taken = namesOf({ plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] });

const CASES: readonly { name: string; names: Record<string, unknown>; reason: string; established: string }[] = [
  { name: 'no conflict', names: { plural: 'gadgets', kind: 'Gadget', shortNames: ['gd'] }, reason: 'NoConflicts', established: 'True' },
  { name: 'a short name in use', names: { plural: 'gadgets', kind: 'Gadget', shortNames: ['wd'] }, reason: 'ShortNamesConflict', established: 'False' },
  { name: 'a singular equal to a plural in use', names: { plural: 'gadgets', singular: 'widgets', kind: 'Gadget' }, reason: 'SingularConflict', established: 'False' },
  { name: 'a kind in use', names: { plural: 'gadgets', singular: 'gadget', kind: 'Widget' }, reason: 'KindConflict', established: 'False' },
  { name: 'a list kind equal to a kind in use', names: { plural: 'gadgets', kind: 'Gadget', listKind: 'Widget' }, reason: 'ListKindConflict', established: 'False' },
];

for (const c of CASES) {
  test(`names: ${c.name}`, () => {
    const r = acceptNames(crd(c.names), [taken]);
    assert.equal(r.namesAccepted.reason, c.reason);
    assert.equal(r.namesAccepted.status, c.reason === 'NoConflicts' ? 'True' : 'False');
    assert.equal(r.established.status, c.established);
  });
}

test('names: a conflict on a changed name keeps the accepted one and the CRD stays Established', () => {
  const established = crd({ plural: 'gadgets', kind: 'Gadget', shortNames: ['wd'] }, {
    acceptedNames: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList', shortNames: ['gd'] },
    conditions: [
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
      { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
    ],
  });
  const r = acceptNames(established, [taken]);
  assert.equal(r.namesAccepted.reason, 'ShortNamesConflict');
  assert.equal(r.namesAccepted.message, '"wd" is already in use');
  assert.deepEqual(r.names.shortNames, ['gd']);
  assert.equal(r.established.status, 'True');
});

test('names: the provisional acceptedNames the CRD strategy copies on create are not an acceptance', () => {
  const fresh = crd({ plural: 'gadgets', singular: 'gadget', kind: 'Widget' }, { acceptedNames: { plural: 'gadgets', singular: 'gadget', kind: 'Widget' } });
  assert.equal(acceptNames(fresh, [taken]).namesAccepted.reason, 'KindConflict');
});
