/**
 * metadata.managedFields ↔ the managers' field sets, as
 * k8s.io/apimachinery/pkg/util/managedfields/internal/managedfields.go decodes and encodes them.
 *
 * An entry is keyed by its manager identifier: the JSON of {manager, operation, apiVersion,
 * subresource} with empty members left out, and without apiVersion for Apply entries (so an
 * applier keeps one entry across versions). Encoding sorts the entries by operation (Apply
 * first), time (seconds), manager, apiVersion and subresource.
 */
import type { ManagedFieldsEntry } from '../object.ts';
import { FieldSet } from './field-set.ts';
import type { ManagerSets } from './updater.ts';

/** The decoded managedFields: sets and the time of each entry. */
export interface Managed {
  readonly sets: ManagerSets;
  readonly times: Map<string, string | undefined>;
}

export function emptyManaged(): Managed {
  return { sets: new Map(), times: new Map() };
}

export interface ManagerInfo {
  readonly manager: string;
  readonly operation: 'Apply' | 'Update';
  readonly apiVersion: string;
  readonly subresource?: string | undefined;
}

/** BuildManagerIdentifier (members with empty values are left out, as `omitempty` does). */
export function managerIdentifier(info: ManagerInfo): string {
  const id: Record<string, string> = {};
  if (info.manager !== '') id['manager'] = info.manager;
  id['operation'] = info.operation;
  if (info.operation === 'Update' && info.apiVersion !== '') id['apiVersion'] = info.apiVersion;
  if (info.subresource) id['subresource'] = info.subresource;
  return escapeHtml(JSON.stringify(id));
}

/** The parts of an identifier (for conflict messages and encoding). */
export function parseManagerIdentifier(id: string): { manager: string; operation?: string; apiVersion?: string; subresource?: string } {
  try {
    const parsed = JSON.parse(id) as Record<string, unknown>;
    const str = (k: string) => (typeof parsed[k] === 'string' ? parsed[k] : undefined);
    return { manager: str('manager') ?? '', operation: str('operation'), apiVersion: str('apiVersion'), subresource: str('subresource') };
  } catch {
    return { manager: id };
  }
}

/** Why an object's managedFields cannot be used (DecodeManagedFields errors). */
export class ManagedFieldsError extends Error {
  override name = 'ManagedFieldsError';
}

export function decodeManagedFields(entries: readonly ManagedFieldsEntry[] | undefined | null): Managed {
  const out = emptyManaged();
  (entries ?? []).forEach((e, i) => {
    if (e.operation !== 'Apply' && e.operation !== 'Update') throw new ManagedFieldsError('operation must be `Apply` or `Update`');
    if (!e.apiVersion) throw new ManagedFieldsError('apiVersion must not be empty');
    if (!e.fieldsType) throw new ManagedFieldsError(`missing fieldsType in managed fields entry ${i}`);
    if (e.fieldsType !== 'FieldsV1') throw new ManagedFieldsError(`invalid fieldsType ${JSON.stringify(e.fieldsType)} in managed fields entry ${i}`);
    const id = managerIdentifier({ manager: e.manager ?? '', operation: e.operation, apiVersion: e.apiVersion, subresource: e.subresource });
    let set: FieldSet;
    try {
      set = FieldSet.fromFieldsV1(e.fieldsV1 ?? {});
    } catch (err) {
      throw new ManagedFieldsError(`error decoding versioned set from ${JSON.stringify(e)}: error decoding set: ${(err as Error).message}`);
    }
    out.sets.set(id, { set, apiVersion: e.apiVersion, applied: e.operation === 'Apply' });
    out.times.set(id, e.time);
  });
  return out;
}

/** The entries of `managed`, sorted; undefined when there are none (the field is then omitted). */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  if (managed.sets.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, vs] of managed.sets) {
    const info = parseManagerIdentifier(id);
    const entry: ManagedFieldsEntry = {};
    if (info.manager !== '') entry.manager = info.manager;
    entry.operation = vs.applied ? 'Apply' : (info.operation as 'Apply' | 'Update' | undefined) ?? 'Update';
    entry.apiVersion = vs.apiVersion;
    const time = managed.times.get(id);
    if (time !== undefined) entry.time = time;
    entry.fieldsType = 'FieldsV1';
    entry.fieldsV1 = vs.set.toFieldsV1();
    if (info.subresource) entry.subresource = info.subresource;
    entries.push(entry);
  }
  return entries.sort(compareEntries);
}

function compareEntries(p: ManagedFieldsEntry, q: ManagedFieldsEntry): number {
  return cmp(p.operation ?? '', q.operation ?? '')
    || Math.sign(seconds(p.time) - seconds(q.time))
    || cmp(p.manager ?? '', q.manager ?? '')
    || cmp(p.apiVersion ?? '', q.apiVersion ?? '')
    || cmp(p.subresource ?? '', q.subresource ?? '');
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function seconds(time: string | undefined): number {
  if (time === undefined) return 0;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** metav1.Time as it is serialised: RFC 3339 in UTC, whole seconds. */
export function rfc3339(time: string): string {
  // The writes of one instant pass the same clock string: it is formatted once.
  if (time === lastTime) return lastText;
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new RangeError(`not a time: ${time}`);
  lastText = new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  lastTime = time;
  return lastText;
}

let lastTime: string | undefined;
let lastText = '';

// encoding/json's EscapeHTML, so identifiers spell as Go's json.Marshal spells them.
function escapeHtml(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
