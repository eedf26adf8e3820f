/**
 * Client-side → server-side apply migration of managedFields, as client-go's
 * util/csaupgrade UpgradeManagedFields does it (kubectl runs it after `apply --server-side` and
 * sends the result as a JSON patch of metadata.managedFields; controllers moving to SSA do the
 * same). It is a client-side helper: the API server only stores the patched entries, which
 * updateManagedFields accepts. It lives here for ekslite's own clients and for tests.
 *
 * For each CSA manager name: the SSA manager's Apply entry (or, when it has none, the first
 * Update entry of the CSA manager, turned into the SSA manager's Apply entry) absorbs the fields
 * of the CSA manager's Update entry of the same apiVersion; then every Update entry of the CSA
 * manager (for the subresource) is dropped.
 */
import type { ManagedFieldsEntry } from '../object.ts';
import { FieldSet } from './field-set.ts';

export interface UpgradeOptions {
  /** The subresource whose entries are migrated. @default "" (the main resource) */
  readonly subresource?: string;
}

/**
 * The migrated entries (a new array; the input is not modified); undefined when none remain,
 * as upstream returns nil.
 * @throws FieldsV1Error when an entry involved does not decode.
 */
export function upgradeManagedFields(
  entries: readonly ManagedFieldsEntry[] | undefined,
  csaManagers: Iterable<string>,
  ssaManager: string,
  options: UpgradeOptions = {},
): ManagedFieldsEntry[] | undefined {
  if (entries === undefined) return undefined;
  let out: ManagedFieldsEntry[] | undefined = entries.map((e) => ({ ...e }));
  for (const csa of csaManagers) {
    if (out === undefined) break;
    out = upgradeOne(out, csa, ssaManager, options.subresource ?? '');
  }
  return out;
}

function upgradeOne(entries: ManagedFieldsEntry[], csa: string, ssa: string, subresource: string): ManagedFieldsEntry[] | undefined {
  const sub = (e: ManagedFieldsEntry) => (e.subresource ?? '') === subresource;
  const isCsa = (e: ManagedFieldsEntry) => e.manager === csa && e.operation === 'Update' && sub(e);
  let target = entries.findIndex((e) => e.manager === ssa && e.operation === 'Apply' && sub(e));
  if (target < 0) {
    target = entries.findIndex(isCsa);
    if (target < 0) return entries;
    entries[target] = { ...entries[target]!, operation: 'Apply', manager: ssa };
  }
  const ssaEntry = entries[target]!;
  const csaEntry = entries.find((e) => isCsa(e) && e.apiVersion === ssaEntry.apiVersion);
  let set = FieldSet.fromFieldsV1(ssaEntry.fieldsV1 ?? {});
  if (csaEntry !== undefined) set = set.union(FieldSet.fromFieldsV1(csaEntry.fieldsV1 ?? {}));
  entries[target] = { ...ssaEntry, fieldsV1: set.toFieldsV1() };
  const kept = entries.filter((e) => !isCsa(e));
  return kept.length > 0 ? kept : undefined;
}
