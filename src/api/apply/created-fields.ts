/**
 * The FieldsV1 of the one entry a create records when nothing is tracked before it, written in a
 * single walk of the object. The general path (managed-fields.ts updateEntries) gets the same
 * document by comparing typed values, building FieldSets and encoding them, at several times the
 * cost on the API server's hottest write; created-fields.test.ts holds the two to byte equality.
 *
 * What the walk writes is what that path records:
 * - the paths compareTyped(emptyObjectOf(schema), next) finds added or modified: every path of
 *   `next`, each a member, except where the empty object already holds the value (the value
 *   structs metadata, spec, ... and the null slice containers are no members, so get no `".":
 *   {}`; an empty one is not recorded at all);
 * - without the reset fields and everything below them (recursiveDifference), nor stripMeta's
 *   paths (difference: those members only, what lies below them stays);
 * - encoded as FieldSet.toFieldsV1: keys in path element order, `".": {}` first on a member that
 *   has children.
 */
import type { KubeObject } from '../object.ts';
import type { SchemaNode } from '../schema.ts';
import { emptyObjectOf, STRIP, withoutManagedFields } from './field-manager.ts';
import type { FieldSet } from './field-set.ts';
import { insertionSort } from './insertion-sort.ts';
import { comparePathElements, compareStrings, fieldElement, type PathElement } from './path-element.ts';
import { isMap, ListItemError, listItemElement } from './typed-fields.ts';
import { atomOf, rootType, type Atom, type TypeRef } from './typed-schema.ts';
import { deepEqual, own } from './values.ts';

type FieldsV1 = Record<string, unknown>;
type ListAtom = Extract<Atom, { kind: 'list' }>;

/**
 * The FieldsV1 of a create of `next` by a manager that is the only one (`{}` when it records
 * nothing). Undefined when the object holds what only the general path handles: an associative
 * list item without its key (the general path absorbs that error), a value whose shape differs
 * from the empty object's.
 */
export function createdFieldsV1(next: KubeObject, schema: SchemaNode | undefined, ignored: FieldSet): FieldsV1 | undefined {
  try {
    // The root is never a member (FieldSet.insert of the empty path is a no-op): `{}` then.
    return node(emptyObjectOf(schema), withoutManagedFields(next), rootType(schema), nonEmpty(ignored), STRIP) ?? {};
  } catch (err) {
    if (err instanceof UnsupportedShape || err instanceof ListItemError) return undefined;
    throw err;
  }
}

/** The walk met a value that compareTyped walks in a way this one does not mirror. */
class UnsupportedShape extends Error {
  override name = 'UnsupportedShape';
}

// compare.ts compare() of `lhs` (the empty object's value, mostly absent) with `rhs`, keeping
// what an Update records: the encoded node, or undefined when nothing at or below it is. `ignored`
// and `strip` are the reset fields and stripMeta's paths below this node (undefined: none, as
// in most of the object).
function node(lhs: unknown, rhs: unknown, type: TypeRef, ignored: FieldSet | undefined, strip: FieldSet | undefined): FieldsV1 | undefined {
  if (rhs === undefined) return undefined; // only removed paths, which a create does not record
  const atom = atomOf(type, rhs);
  if (lhs !== undefined && atomOf(type, lhs) !== atom) throw new UnsupportedShape();
  switch (atom.kind) {
    case 'scalar': return leaf(lhs, rhs);
    case 'list': {
      const l = Array.isArray(lhs) ? lhs : undefined;
      const r = Array.isArray(rhs) ? rhs : undefined;
      if (atom.atomic || ((l === undefined || l.length === 0) && (r === undefined || r.length === 0))) return leaf(lhs, rhs);
      if (l !== undefined && l.length > 0) throw new UnsupportedShape(); // an empty object holds no items
      return items(atom, r ?? [], lhs === undefined, ignored, strip);
    }
    case 'map': {
      const l = isMap(lhs) ? lhs : undefined;
      const keys = isMap(rhs) ? Object.keys(rhs) : [];
      if (atom.atomic || ((l === undefined || Object.keys(l).length === 0) && keys.length === 0)) return leaf(lhs, rhs);
      const member = lhs === undefined;
      const out: FieldsV1 = member ? { '.': {} } : {};
      let count = 0;
      for (const key of insertionSort(keys, compareStrings)) {
        const pe = fieldElement(key);
        if (ignored?.hasMember(pe)) continue;
        const json = node(l === undefined ? undefined : own(l, key), (rhs as Record<string, unknown>)[key], atom.field(key) ?? 'deduced', below(ignored, pe), below(strip, pe));
        if (put(out, pe, json, strip)) count++;
      }
      return close(out, member, count);
    }
  }
}

// compareList with nothing on the left: each item by its path element, in path element order.
function items(atom: ListAtom, list: readonly unknown[], member: boolean, ignored: FieldSet | undefined, strip: FieldSet | undefined): FieldsV1 | undefined {
  const entries = list.map((item) => ({ pe: listItemElement(atom, item), item, whole: false }));
  const sorted = insertionSort(entries.length === 1 ? entries : grouped(entries), (a, b) => comparePathElements(a.pe, b.pe));
  const out: FieldsV1 = member ? { '.': {} } : {};
  let count = 0;
  for (const { pe, item, whole } of sorted) {
    if (ignored?.hasMember(pe)) continue;
    const json = whole ? {} : node(undefined, item, atom.item, below(ignored, pe), below(strip, pe));
    if (put(out, pe, json, strip)) count++;
  }
  return close(out, member, count);
}

// Items sharing a path element are one entry, recorded whole (without their fields).
function grouped<T extends { readonly pe: PathElement; whole: boolean }>(entries: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const e of entries) {
    const first = byId.get(e.pe.id);
    if (first === undefined) byId.set(e.pe.id, e);
    else first.whole = true;
  }
  return [...byId.values()];
}

// Adds a child's node; stripMeta drops the child as a member, never what lies below it.
function put(out: FieldsV1, pe: PathElement, json: FieldsV1 | undefined, strip: FieldSet | undefined): boolean {
  if (json === undefined) return false;
  if (strip?.hasMember(pe)) {
    if (Object.hasOwn(json, '.')) delete json['.'];
    else if (Object.keys(json).length === 0) return false;
  }
  out[pe.id] = json;
  return true;
}

function below(set: FieldSet | undefined, pe: PathElement): FieldSet | undefined {
  return set === undefined ? undefined : nonEmpty(set.withPrefix(pe));
}

function nonEmpty(set: FieldSet): FieldSet | undefined {
  return set.isEmpty() ? undefined : set;
}

// A member without children is `{}`; a node that is neither is not written.
function close(out: FieldsV1, member: boolean, count: number): FieldsV1 | undefined {
  if (count > 0) return out;
  return member ? {} : undefined;
}

// compare.ts leaf(): recorded when new, or different from the empty object's value.
function leaf(lhs: unknown, rhs: unknown): FieldsV1 | undefined {
  return lhs === undefined || !deepEqual(lhs, rhs) ? {} : undefined;
}
