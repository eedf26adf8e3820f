import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeSelectorTerm } from '../api-types.ts';
import { makePod } from '../testing.ts';
import { PreferredSchedulingTerms, RequiredNodeAffinity, compileNodeSelector } from './node-selector.ts';

const labels = { zone: 'a', gen: '5', disk: 'ssd' };
const cases: { name: string; terms: NodeSelectorTerm[]; want: boolean }[] = [
  { name: 'In', terms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }], want: true },
  { name: 'In without the label', terms: [{ matchExpressions: [{ key: 'gpu', operator: 'In', values: ['a'] }] }], want: false },
  { name: 'NotIn', terms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }], want: false },
  { name: 'NotIn without the label', terms: [{ matchExpressions: [{ key: 'gpu', operator: 'NotIn', values: ['a'] }] }], want: true },
  { name: 'Exists', terms: [{ matchExpressions: [{ key: 'disk', operator: 'Exists' }] }], want: true },
  { name: 'DoesNotExist', terms: [{ matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] }], want: false },
  { name: 'Gt', terms: [{ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] }], want: true },
  { name: 'Lt', terms: [{ matchExpressions: [{ key: 'gen', operator: 'Lt', values: ['4'] }] }], want: false },
  { name: 'Gt with a non-integer value never matches', terms: [{ matchExpressions: [{ key: 'zone', operator: 'Gt', values: ['1'] }] }], want: false },
  { name: 'expressions of a term are ANDed', terms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'In', values: ['hdd'] }] }], want: false },
  { name: 'terms are ORed', terms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }, { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }], want: true },
  { name: 'an empty term matches nothing', terms: [{}], want: false },
  { name: 'matchFields on metadata.name', terms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }], want: true },
  { name: 'an unknown operator matches nothing', terms: [{ matchExpressions: [{ key: 'zone', operator: 'Like', values: ['a'] }] }], want: false },
];

for (const t of cases) {
  test(`node selector: ${t.name}`, () => assert.equal(compileNodeSelector(t.terms)(labels, 'n1'), t.want));
}

test('required node affinity ANDs nodeSelector with the required terms', () => {
  const pod = makePod('p', {
    nodeSelector: { disk: 'ssd' },
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }] } } },
  });
  const r = new RequiredNodeAffinity(pod);
  assert.equal(r.match(labels, 'n1'), false);
  assert.equal(r.match({ ...labels, zone: 'b' }, 'n1'), true);
  assert.equal(new RequiredNodeAffinity(makePod('q')).empty, true);
});

test('preferred terms sum the weights of the terms that match', () => {
  const p = new PreferredSchedulingTerms([
    { weight: 5, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
    { weight: 3, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
    { weight: 7, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['hdd'] }] } },
  ]);
  assert.equal(p.score(labels, 'n1'), 8);
});
