/**
 * Merging an applied configuration into the live object (structured-merge-diff typed/merge.go,
 * TypedValue.Merge with ruleKeepRHS). Nothing is removed here; removal is prune's job.
 *
 * - leaves (scalars, atomic lists and maps, and lists or maps empty on both sides) take the
 *   applied value when it has one, else keep the live one;
 * - maps and structs merge key by key;
 * - associative lists merge item by item on their keys. The order: items of the applied
 *   configuration come in its order, and live items it does not mention keep their place
 *   relative to the items around them (the shared-order walk of visitListItems).
 *
 * The result shares leaf values with its inputs; callers copy it before handing it out.
 */
import { pathElementString, type PathElement } from './path-element.ts';
import { isMap, listItemElement } from './typed-fields.ts';
import { atomOf, rootType, type Atom, type TypeRef } from './typed-schema.ts';
import { own, setOwn } from './values.ts';
import type { SchemaNode } from '../schema.ts';

/** Duplicate entries for one key in the applied configuration (an associative list). */
export class DuplicateKeyError extends Error {
  override name = 'DuplicateKeyError';
}

/** `lhs` (live; undefined: absent) merged with `rhs` (applied). */
export function mergeTyped(lhs: unknown, rhs: unknown, schema: SchemaNode | undefined): unknown {
  return merge(lhs, rhs, rootType(schema));
}

function merge(lhs: unknown, rhs: unknown, type: TypeRef): unknown {
  if (rhs === undefined) return handle(atomOf(type, lhs), lhs, undefined);
  const ra = atomOf(type, rhs);
  // With different shapes under a free-form type the applied value's shape wins.
  return handle(ra, lhs, rhs);
}

function handle(atom: Atom, lhs: unknown, rhs: unknown): unknown {
  switch (atom.kind) {
    case 'scalar': return keepRhs(lhs, rhs);
    case 'list': {
      const l = Array.isArray(lhs) ? lhs : undefined;
      const r = Array.isArray(rhs) ? rhs : undefined;
      if (atom.atomic || ((l === undefined || l.length === 0) && (r === undefined || r.length === 0))) return keepRhs(lhs, rhs);
      const out = mergeList(atom, l ?? [], r ?? []);
      return out.length > 0 ? out : undefined;
    }
    case 'map': {
      const l = isMap(lhs) ? lhs : undefined;
      const r = isMap(rhs) ? rhs : undefined;
      const lEmpty = l === undefined || Object.keys(l).length === 0;
      const rEmpty = r === undefined || Object.keys(r).length === 0;
      if (atom.atomic || (lEmpty && rEmpty)) return keepRhs(lhs, rhs);
      const out: Record<string, unknown> = {};
      if (l !== undefined) for (const key of Object.keys(l)) mergeMember(out, l, r, key, atom);
      if (r !== undefined) for (const key of Object.keys(r)) if (l === undefined || !Object.hasOwn(l, key)) mergeMember(out, l, r, key, atom);
      return Object.keys(out).length > 0 ? out : undefined;
    }
  }
}

function mergeMember(out: Record<string, unknown>, l: Record<string, unknown> | undefined, r: Record<string, unknown> | undefined, key: string, atom: Extract<Atom, { kind: 'map' }>): void {
  const merged = merge(l === undefined ? undefined : own(l, key), r === undefined ? undefined : own(r, key), atom.field(key) ?? 'deduced');
  if (merged !== undefined) setOwn(out, key, merged);
}

function keepRhs(lhs: unknown, rhs: unknown): unknown {
  return rhs !== undefined ? rhs : lhs;
}

interface Indexed { readonly pes: PathElement[]; readonly observed: Map<string, unknown> }

// indexListPathElements: duplicates are an error on the applied side; on the live side the
// duplicated key maps to null, so the applied item replaces the whole group.
function index(atom: Extract<Atom, { kind: 'list' }>, list: readonly unknown[], allowDuplicates: boolean): Indexed {
  const pes: PathElement[] = [];
  const observed = new Map<string, unknown>();
  for (const item of list) {
    const pe = listItemElement(atom, item);
    if (observed.has(pe.id)) {
      if (!allowDuplicates) throw new DuplicateKeyError(`duplicate entries for key ${pathElementString(pe)}`);
      observed.set(pe.id, null);
    } else observed.set(pe.id, item);
    pes.push(pe);
  }
  return { pes, observed };
}

function mergeList(atom: Extract<Atom, { kind: 'list' }>, lhs: readonly unknown[], rhs: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  const r = index(atom, rhs, false);
  const l = index(atom, lhs, true);
  const shared = r.pes.filter((pe) => l.observed.has(pe.id));
  let next: PathElement | undefined = shared.shift();
  const mergedRhs = new Set<string>();
  let li = 0;
  let ri = 0;
  while (li < l.pes.length || ri < r.pes.length) {
    if (li < l.pes.length && ri < r.pes.length) {
      const pe = l.pes[li]!;
      if (pe.id === r.pes[ri]!.id) {
        mergedRhs.add(pe.id);
        pushMerged(out, l.observed.get(pe.id), r.observed.get(pe.id), atom.item);
        li++;
        ri++;
        next = shared.shift();
        continue;
      }
      // A live item that the applied configuration places later: skip it until then.
      if (r.observed.has(pe.id) && next !== undefined && next.id !== pe.id) { li++; continue; }
    }
    if (li < l.pes.length) {
      const pe = l.pes[li]!;
      if (!r.observed.has(pe.id)) {
        pushMerged(out, lhs[li], undefined, atom.item);
        li++;
        continue;
      } else if (mergedRhs.has(pe.id)) li++;
    }
    if (ri < r.pes.length) {
      const pe = r.pes[ri]!;
      mergedRhs.add(pe.id);
      pushMerged(out, l.observed.get(pe.id), r.observed.get(pe.id), atom.item);
      ri++;
      if (next !== undefined && next.id === pe.id) next = shared.shift();
    }
  }
  return out;
}

function pushMerged(out: unknown[], lChild: unknown, rChild: unknown, item: TypeRef): void {
  const m = merge(lChild, rChild, item);
  if (m !== undefined) out.push(m);
}

/** Drops the members holding null from every map, as decoding into typed objects does. */
export function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (!isMap(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) setOwn(out, k, dropNulls(x));
  return out;
}

