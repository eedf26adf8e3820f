/**
 * What changed between two typed values (structured-merge-diff typed/compare.go): the paths
 * added, modified and removed. The update bookkeeping of managedFields rests on it.
 *
 * - a leaf (scalar, atomic list or map, or an empty list or map on both sides) is compared whole;
 * - a path present on one side only is added or removed, and so is every path below it, struct
 *   fields included: this is why an Update's FieldsV1 shows `".": {}` markers that an Apply's
 *   does not;
 * - associative list items are matched by key; an item duplicated on either side is compared
 *   whole.
 */
import { FieldSet } from './field-set.ts';
import { fieldElement, type PathElement } from './path-element.ts';
import { isMap, listItemElement } from './typed-fields.ts';
import { atomOf, rootType, type Atom, type TypeRef } from './typed-schema.ts';
import { deepEqual, own } from './values.ts';
import type { SchemaNode } from '../schema.ts';

export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

/** Compares `lhs` (before; undefined: absent) with `rhs` (after). */
export function compareTyped(lhs: unknown, rhs: unknown, schema: SchemaNode | undefined): Comparison {
  const c = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  if (lhs !== undefined || rhs !== undefined) compare(lhs, rhs, rootType(schema), [], c);
  return c;
}

type Mutable = { added: FieldSet; modified: FieldSet; removed: FieldSet };

// compareWalker.compare: handles the value by its atom(s), then marks the path added/removed
// when it exists on one side only (unless inside a leaf, which doLeaf already marked).
function compare(lhs: unknown, rhs: unknown, type: TypeRef, path: PathElement[], c: Mutable): void {
  if (lhs === undefined && rhs === undefined) return; // a member holding undefined is absent
  const la = lhs === undefined ? undefined : atomOf(type, lhs);
  const ra = rhs === undefined ? undefined : atomOf(type, rhs);
  let inLeaf: boolean;
  if (ra === undefined) inLeaf = handle(la!, lhs, undefined, path, c);
  else if (la === undefined || la === ra) inLeaf = handle(ra, lhs, rhs, path, c);
  else {
    // Different shapes under a free-form type: each side is walked by its own atom, into the
    // same comparison (only the second walk's leaf flag counts, as upstream's copied walker).
    handle(la, lhs, rhs, path, c);
    inLeaf = handle(ra, lhs, rhs, path, c);
  }
  if (!inLeaf) {
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
  }
}

/** Returns true when the value was treated as a leaf. */
function handle(atom: Atom, lhs: unknown, rhs: unknown, path: PathElement[], c: Mutable): boolean {
  switch (atom.kind) {
    case 'scalar': return leaf(lhs, rhs, path, c);
    case 'list': {
      const l = Array.isArray(lhs) ? lhs : undefined;
      const r = Array.isArray(rhs) ? rhs : undefined;
      if (atom.atomic || ((l === undefined || l.length === 0) && (r === undefined || r.length === 0))) return leaf(lhs, rhs, path, c);
      compareList(atom, l ?? [], r ?? [], path, c);
      return false;
    }
    case 'map': {
      const l = isMap(lhs) ? lhs : undefined;
      const r = isMap(rhs) ? rhs : undefined;
      const lKeys = l === undefined ? NO_KEYS : Object.keys(l);
      const rKeys = r === undefined ? NO_KEYS : Object.keys(r);
      if (atom.atomic || (lKeys.length === 0 && rKeys.length === 0)) return leaf(lhs, rhs, path, c);
      // The keys of either side, once (a create or a delete has one side only).
      const keys = lKeys.length === 0 ? rKeys : rKeys.length === 0 ? lKeys : new Set([...lKeys, ...rKeys]);
      for (const key of keys) {
        path.push(fieldElement(key));
        compare(l === undefined ? undefined : own(l, key), r === undefined ? undefined : own(r, key), atom.field(key) ?? 'deduced', path, c);
        path.pop();
      }
      return false;
    }
  }
}

const NO_KEYS: readonly string[] = [];

function leaf(lhs: unknown, rhs: unknown, path: PathElement[], c: Mutable): true {
  if (lhs === undefined) c.added.insert(path);
  else if (rhs === undefined) c.removed.insert(path);
  else if (!deepEqual(lhs, rhs)) c.modified.insert(path);
  return true;
}

// visitListItems: items grouped by path element on each side, compared pairwise; duplicates are
// compared as whole groups.
function compareList(atom: Extract<Atom, { kind: 'list' }>, lhs: readonly unknown[], rhs: readonly unknown[], path: PathElement[], c: Mutable): void {
  const order: PathElement[] = [];
  const lValues = new Map<string, unknown[]>();
  const rValues = new Map<string, unknown[]>();
  for (const item of lhs) {
    const pe = listItemElement(atom, item);
    const group = lValues.get(pe.id);
    if (group === undefined) { lValues.set(pe.id, [item]); order.push(pe); } else group.push(item);
  }
  for (const item of rhs) {
    const pe = listItemElement(atom, item);
    const group = rValues.get(pe.id);
    if (group === undefined) { rValues.set(pe.id, [item]); if (!lValues.has(pe.id)) order.push(pe); } else group.push(item);
  }
  for (const pe of order) {
    const l = lValues.get(pe.id) ?? [];
    const r = rValues.get(pe.id) ?? [];
    path.push(pe);
    if (l.length <= 1 && r.length <= 1) {
      compare(l[0], r[0], atom.item, path, c);
    } else if (l.length >= 2 && r.length >= 2) {
      if (l.length !== r.length || l.some((v, i) => !deepEqual(v, r[i]))) c.modified.insert(path);
    } else if (l.length >= 2) {
      if (r.length !== 0) compare(undefined, r[0], atom.item, path, c);
      c.removed.insert(path);
    } else {
      if (l.length !== 0) compare(l[0], undefined, atom.item, path, c);
      c.added.insert(path);
    }
    path.pop();
  }
}
