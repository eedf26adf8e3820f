import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PriorityClass } from './api-types.ts';
import { podPriority } from './priority.ts';
import { makePod } from './testing.ts';

const classes = (list: PriorityClass[]) => ({
  priorityClass: (n: string) => list.find((c) => c.metadata.name === n),
  globalDefaultPriorityClass: () => list.find((c) => c.globalDefault),
});
const pc = (name: string, value: number, globalDefault = false): PriorityClass => ({ metadata: { name }, value, globalDefault });

const cases: { name: string; spec: Parameters<typeof makePod>[1]; classes: PriorityClass[]; want: number }[] = [
  { name: 'spec.priority set by admission wins', spec: { priority: 7, spec: { priorityClassName: 'high' } }, classes: [pc('high', 1000)], want: 7 },
  { name: 'the named class', spec: { spec: { priorityClassName: 'high' } }, classes: [pc('high', 1000)], want: 1000 },
  { name: 'a built-in system class', spec: { spec: { priorityClassName: 'system-node-critical' } }, classes: [], want: 2_000_001_000 },
  { name: 'the global default', spec: {}, classes: [pc('default', 50, true)], want: 50 },
  { name: 'nothing: 0', spec: {}, classes: [pc('high', 1000)], want: 0 },
  { name: 'an unknown class: 0', spec: { spec: { priorityClassName: 'missing' } }, classes: [pc('default', 50, true)], want: 0 },
];

for (const t of cases) {
  test(`podPriority: ${t.name}`, () => assert.equal(podPriority(makePod('p', t.spec), classes(t.classes)), t.want));
}
