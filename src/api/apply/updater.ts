/**
 * The ownership engine of structured-merge-diff (merge/update.go, Updater): given the managers'
 * field sets, merges an applied configuration (apply) or records a write (update).
 *
 * Managers are keyed by their identifier (see managed-fields-codec.ts). Kubernetes converts each
 * manager's set to its own apiVersion before comparing; ekslite serves one version per kind, so
 * every set is read as written, whatever its apiVersion.
 */
import { compareTyped, type Comparison } from './compare.ts';
import { FieldSet } from './field-set.ts';
import { mergeTyped } from './merge.ts';
import type { Path } from './path-element.ts';
import { removeItems } from './remove-items.ts';
import { ensureNamedFieldsAreMembers, fieldSetOf } from './typed-fields.ts';
import { deepEqual } from './values.ts';
import type { SchemaNode } from '../schema.ts';

export interface VersionedSet {
  readonly set: FieldSet;
  readonly apiVersion: string;
  /** True for an Apply entry. */
  readonly applied: boolean;
}

/** Manager identifier → its fields. Insertion order is irrelevant (encoding sorts). */
export type ManagerSets = Map<string, VersionedSet>;

/** One field another manager owns and the request would change. */
export interface Conflict { readonly manager: string; readonly path: Path }

/** Thrown by apply without force when the configuration changes fields others own. */
export class ConflictsError extends Error {
  override name = 'ConflictsError';
  constructor(readonly conflicts: readonly Conflict[]) { super(`${conflicts.length} conflict(s)`); }
}

export interface UpdaterOptions {
  readonly schema: SchemaNode | undefined;
  /** Fields nobody owns through this endpoint (a Strategy's reset fields, e.g. status). */
  readonly ignored: FieldSet;
}

/**
 * Records the write of `next` over `live` by `manager` (Updater.Update): the changed fields move
 * to the manager, fields removed from the object leave every manager, empty entries are dropped.
 */
export function update(live: unknown, next: unknown, managers: ManagerSets, manager: string, apiVersion: string, o: UpdaterOptions): ManagerSets {
  const { managers: out, compare } = reassign(live, next, managers, manager, true, o);
  const previous = out.get(manager)?.set ?? new FieldSet();
  const set = previous.difference(compare.removed).union(compare.modified).union(compare.added).recursiveDifference(o.ignored);
  if (set.isEmpty()) out.delete(manager);
  else out.set(manager, { set, apiVersion, applied: false });
  return out;
}

export interface ApplyResult {
  /** The merged and pruned object; undefined when it equals the live object. */
  readonly object: unknown;
  readonly managers: ManagerSets;
}

/**
 * Merges `config` into `live` for `manager` (Updater.Apply): the configuration's fields become
 * the manager's whole set; fields it applied last time and no longer does are removed unless
 * another manager owns them; other managers lose the fields this changes, or, without force, a
 * ConflictsError is thrown.
 */
export function apply(live: unknown, config: unknown, managers: ManagerSets, manager: string, apiVersion: string, force: boolean, o: UpdaterOptions): ApplyResult {
  const merged = mergeTyped(live, config, o.schema) ?? {};
  const lastSet = managers.get(manager);
  const working = new Map(managers);
  working.set(manager, { set: fieldSetOf(config, o.schema).recursiveDifference(o.ignored), apiVersion, applied: true });
  const pruned = prune(merged, working, lastSet, o.schema);
  const { managers: out } = reassign(live, pruned, working, manager, force, o);
  return { object: deepEqual(live, pruned) ? undefined : pruned, managers: out };
}

// Updater.update: other managers lose what the write changes (conflicts, unless forced) and
// what it removes.
function reassign(live: unknown, next: unknown, managers: ManagerSets, manager: string, force: boolean, o: UpdaterOptions): { managers: ManagerSets; compare: Comparison } {
  const raw = compareTyped(live, next, o.schema);
  const compare: Comparison = {
    added: raw.added.recursiveDifference(o.ignored),
    modified: raw.modified.recursiveDifference(o.ignored),
    removed: raw.removed.recursiveDifference(o.ignored),
  };
  const changed = compare.modified.union(compare.added);
  const conflicts: Conflict[] = [];
  const out: ManagerSets = new Map(managers);
  const ids = [...managers.keys()].sort();
  for (const id of ids) {
    if (id === manager) continue;
    const vs = managers.get(id)!;
    const conflict = vs.set.intersection(changed);
    if (!conflict.isEmpty()) for (const path of conflict.paths()) conflicts.push({ manager: id, path });
    let set = vs.set;
    if (!conflict.isEmpty()) set = set.difference(conflict);
    if (!compare.removed.isEmpty()) set = set.difference(compare.removed);
    out.set(id, { ...vs, set });
  }
  if (!force && conflicts.length > 0) throw new ConflictsError(conflicts);
  for (const [id, vs] of out) if (vs.set.isEmpty()) out.delete(id);
  return { managers: out, compare };
}

// Updater.prune: removes what `lastSet` owned and the configuration no longer sets, then adds
// back whatever another manager (or the new configuration) still owns and whatever the manager
// never owned (addBackOwnedItems, addBackDanglingItems).
function prune(merged: unknown, managers: ManagerSets, lastSet: VersionedSet | undefined, schema: SchemaNode | undefined): unknown {
  if (lastSet === undefined || lastSet.set.isEmpty()) return merged;
  const last = ensureNamedFieldsAreMembers(lastSet.set, schema);
  let pruned = removeItems(merged, last, schema) ?? {};

  let managed = new FieldSet();
  for (const vs of managers.values()) managed = managed.union(vs.set);
  const mergedSet = ensureNamedFieldsAreMembers(fieldSetOf(merged, schema), schema);
  const kept = ensureNamedFieldsAreMembers(fieldSetOf(pruned, schema), schema).union(ensureNamedFieldsAreMembers(managed, schema));
  pruned = removeItems(merged, mergedSet.difference(kept), schema) ?? {};

  // addBackDanglingItems works on the raw sets: the last applied set without the named-field
  // members, so that removing one owned field of a struct never takes its unowned siblings.
  const prunedSet = fieldSetOf(pruned, schema);
  return removeItems(merged, fieldSetOf(merged, schema).difference(prunedSet).intersection(lastSet.set), schema) ?? {};
}
