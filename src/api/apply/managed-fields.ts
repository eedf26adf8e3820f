/**
 * metadata.managedFields for the writes that are not apply (create, update, patch), as
 * kube-apiserver's FieldManager.UpdateNoErrors maintains them: the fields the write changed (all
 * of them on create) become the manager's, under an Update entry keyed by (manager, apiVersion,
 * subresource) and stamped with the time; other managers lose those fields and the ones removed;
 * entries left empty disappear.
 *
 * Also the default field manager name (derived from the User-Agent) and the client-side migration
 * helper that kubectl and controllers use (csaupgrade).
 */
import type { KubeObject, ManagedFieldsEntry } from '../object.ts';
import type { SchemaNode } from '../schema.ts';
import { isStatusError } from '../status.ts';
import { createdFieldsV1 } from './created-fields.ts';
import { emptyObjectOf, updateChain } from './field-manager.ts';
import { FieldSet } from './field-set.ts';
import { decodeManagedFields, emptyManaged, encodeManagedFields, rfc3339, type Managed } from './managed-fields-codec.ts';

export interface UpdateManagedFieldsOptions {
  /** The fieldManager query parameter, or managerFromUserAgent() when absent. */
  readonly manager: string;
  readonly operation: 'Update';
  readonly now: string;
  readonly apiVersion: string;
  readonly subresource?: string | undefined;
  readonly schema?: SchemaNode | undefined;
  /** The Strategy's reset fields (see ApplyOptions.resetFields). @default none */
  readonly resetFields?: FieldSet | undefined;
}

export interface UpdateManagedFieldsResult {
  /** `next` (copied) with metadata.managedFields set, or without it when nothing is tracked. */
  readonly object: KubeObject;
  readonly managedFields: ManagedFieldsEntry[];
}

/**
 * Updates managedFields for `next` replacing `old` (undefined: a create).
 *
 * As kube: managedFields sent in `next` replace the tracked ones when they decode and are not
 * empty (clients may edit them, as kubectl's client-side migration does with a JSON patch); `[]`
 * or `[{}]` resets them; otherwise `old`'s are kept. A subresource write always starts from
 * `old`'s. An object that exists without managedFields stays untracked until its first apply.
 * Never throws for bad data: on failure `old`'s managedFields are kept, as UpdateNoErrors does.
 */
export function updateManagedFields(old: KubeObject | undefined, next: KubeObject, options: UpdateManagedFieldsOptions): UpdateManagedFieldsResult {
  return withEntries(next, (old === undefined ? createEntries(next, options) : undefined) ?? updateEntries(old, next, options));
}

/**
 * updateManagedFields without the create fast path: the reference the fast path must match
 * (exported for its equivalence test and benchmark only).
 */
export function updateManagedFieldsGeneral(old: KubeObject | undefined, next: KubeObject, options: UpdateManagedFieldsOptions): UpdateManagedFieldsResult {
  return withEntries(next, updateEntries(old, next, options));
}

function withEntries(next: KubeObject, entries: ManagedFieldsEntry[] | undefined): UpdateManagedFieldsResult {
  const object: KubeObject = { ...next, metadata: { ...next.metadata } };
  if (entries !== undefined && entries.length > 0) object.metadata.managedFields = entries;
  else delete object.metadata.managedFields;
  return { object, managedFields: entries ?? [] };
}

/**
 * A create that tracks nothing before it (no managedFields sent, or a reset) gives the manager
 * every field of `next` and leaves no other entry: that one entry is written straight from the
 * object. Undefined when the general path must decide (managedFields sent, or a shape only it
 * handles).
 */
function createEntries(next: KubeObject, options: UpdateManagedFieldsOptions): ManagedFieldsEntry[] | undefined {
  const sent = next.metadata?.managedFields;
  if (sent !== undefined && sent !== null && !isReset(sent)) return undefined;
  const now = rfc3339(options.now);
  const fieldsV1 = createdFieldsV1(next, options.schema, options.resetFields ?? NO_FIELDS);
  if (fieldsV1 === undefined) return undefined;
  if (Object.keys(fieldsV1).length === 0) return [];
  const entry: ManagedFieldsEntry = {
    manager: options.manager === '' ? 'unknown' : options.manager, operation: 'Update', apiVersion: options.apiVersion,
    time: now, fieldsType: 'FieldsV1', fieldsV1,
  };
  if (options.subresource) entry.subresource = options.subresource;
  return [entry];
}

// The general path: decode, run the Update chain, encode.
function updateEntries(old: KubeObject | undefined, next: KubeObject, options: UpdateManagedFieldsOptions): ManagedFieldsEntry[] | undefined {
  const live = old ?? emptyObjectOf(options.schema);
  const isCreate = old === undefined || !old.metadata?.uid;
  try {
    const managed = decodeLiveOrNew(live, next, options.subresource !== undefined && options.subresource !== '');
    return encodeManagedFields(updateChain(live, next, managed, options.manager, isCreate, {
      schema: options.schema,
      apiVersion: options.apiVersion,
      subresource: options.subresource || undefined,
      now: rfc3339(options.now),
      resetFields: options.resetFields ?? NO_FIELDS,
    }));
  } catch (err) {
    // UpdateNoErrors: a write never fails over its managedFields (kube-apiserver logs and
    // keeps the stored ones); only the errors bad data can cause are absorbed.
    if (!isStatusError(err)) throw err;
    return live.metadata?.managedFields;
  }
}

const NO_FIELDS = new FieldSet();

// fieldmanager.go decodeLiveOrNew.
function decodeLiveOrNew(live: KubeObject, next: KubeObject, isSubresource: boolean): Managed {
  const fromLive = () => { try { return decodeManagedFields(live.metadata?.managedFields); } catch { return emptyManaged(); } };
  if (isSubresource) return fromLive();
  const sent = next.metadata?.managedFields;
  if (isReset(sent)) return emptyManaged();
  try {
    const managed = decodeManagedFields(sent);
    if (managed.sets.size > 0) return managed;
  } catch {
    // fall back to the live object's, so clients unaware of managedFields cannot drop them
  }
  return fromLive();
}

// isResetManagedFields: a non-nil empty list, or a list of one empty entry.
function isReset(entries: readonly ManagedFieldsEntry[] | undefined | null): boolean {
  if (entries === undefined || entries === null) return false;
  if (entries.length === 0) return true;
  return entries.length === 1 && Object.values(entries[0]!).every((v) => v === undefined || v === null || v === '');
}

/** apimachinery validation FieldManagerMaxLength. */
const FIELD_MANAGER_MAX_LENGTH = 128;
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
/** Every write without ?fieldManager asks; user agents are few (kubectl, controllers, client libraries). */
const managers = new Map<string, string>();
const MANAGERS_LIMIT = 64;

/**
 * The default field manager (apiserver handlers/create.go prefixFromUserAgent): the User-Agent up
 * to its first '/', printable characters only, at most 128 bytes of UTF-8. `kubectl/v1.32.4
 * (linux/amd64) kubernetes/4cb5f07` gives `kubectl`.
 */
export function managerFromUserAgent(userAgent: string): string {
  let manager = managers.get(userAgent);
  if (manager === undefined) {
    if (managers.size >= MANAGERS_LIMIT) managers.clear();
    manager = prefixFromUserAgent(userAgent);
    managers.set(userAgent, manager);
  }
  return manager;
}

function prefixFromUserAgent(userAgent: string): string {
  const prefix = userAgent.split('/')[0] ?? '';
  let out = '';
  let bytes = 0;
  for (const ch of prefix) {
    if (!PRINTABLE.test(ch)) continue;
    const n = utf8Length(ch);
    if (bytes + n > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** managerOrUserAgent: the fieldManager parameter when set, else the User-Agent's prefix. */
export function managerOrUserAgent(fieldManager: string | undefined, userAgent: string): string {
  return fieldManager ? fieldManager : managerFromUserAgent(userAgent);
}

function utf8Length(ch: string): number {
  const cp = ch.codePointAt(0)!;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}
