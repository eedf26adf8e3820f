import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeList, KubeObject } from '../../api/object.ts';
import { column } from './columns.ts';
import { toTable, type Printer } from './table.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');

const printer: Printer = {
  columns: [
    column('Name', 'string', 'name', { format: 'name' }),
    column('Phase', 'string', 'phase'),
    column('Extra', 'string', 'wide only', { priority: 1 }),
  ],
  row: (o) => [o.metadata.name ?? '', String(o.phase), 'x'],
  conditions: (o) => (o.phase === 'Done' ? [{ type: 'Completed', status: 'True' }] : undefined),
};

const a: KubeObject = { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'a', namespace: 'ns', resourceVersion: '41', uid: 'u-a' }, phase: 'Done' };
const b: KubeObject = { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'b', namespace: 'ns', resourceVersion: '42', uid: 'u-b' }, phase: 'Busy' };
const list: KubeList = { apiVersion: 'example.com/v1', kind: 'ThingList', metadata: { resourceVersion: '50', continue: 'tok', remainingItemCount: 3 }, items: [a, b] };

test('a list becomes a meta.k8s.io/v1 Table with PartialObjectMetadata rows', () => {
  const table = toTable(list, printer, { now: NOW });
  assert.deepEqual(JSON.parse(JSON.stringify(table)), {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: '50', continue: 'tok', remainingItemCount: 3 },
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', description: 'name', priority: 0 },
      { name: 'Phase', type: 'string', format: '', description: 'phase', priority: 0 },
      { name: 'Extra', type: 'string', format: '', description: 'wide only', priority: 1 },
    ],
    rows: [
      {
        cells: ['a', 'Done', 'x'],
        conditions: [{ type: 'Completed', status: 'True' }],
        object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: a.metadata },
      },
      { cells: ['b', 'Busy', 'x'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: b.metadata } },
    ],
  });
});

test('a single object takes its own resourceVersion and no continue token', () => {
  const table = toTable(a, printer, { now: NOW });
  assert.deepEqual(table.metadata, { resourceVersion: '41' });
  assert.equal(table.rows.length, 1);
});

test('includeObject None and Object', () => {
  assert.equal(toTable(list, printer, { now: NOW, includeObject: 'None' }).rows[0].object, null);
  assert.equal(toTable(list, printer, { now: NOW, includeObject: 'Object' }).rows[1].object, b);
});

test('wide:false drops priority columns and their cells; noHeaders drops definitions', () => {
  const narrow = toTable(list, printer, { now: NOW, wide: false });
  assert.deepEqual(narrow.columnDefinitions.map((c) => c.name), ['Name', 'Phase']);
  assert.deepEqual(narrow.rows.map((r) => r.cells), [['a', 'Done'], ['b', 'Busy']]);
  assert.deepEqual(toTable(list, printer, { now: NOW, noHeaders: true }).columnDefinitions, []);
});

test('an empty list gives an empty rows array', () => {
  const table = toTable({ ...list, items: [] }, printer, { now: NOW });
  assert.deepEqual(table.rows, []);
  assert.equal(table.columnDefinitions.length, 3);
});
