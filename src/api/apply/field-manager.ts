/**
 * The field manager chains of kube-apiserver (managedfields/internal/fieldmanager.go
 * NewDefaultFieldManager), outermost first, over decoded managedFields:
 *
 *   versionCheck → lastAppliedUpdater → lastAppliedManager → skipNonApplied → capManagers
 *     → buildManagerInfo → managedFieldsUpdater → stripMeta → structuredMerge
 *
 * Only the parts that do something for each operation are spelled out: version checking and the
 * managedFields round trip live in apply.ts and managed-fields.ts; the last-applied bridge in
 * last-applied.ts. Everything here is pure: inputs are never modified.
 */
import type { KubeObject } from '../object.ts';
import type { SchemaNode } from '../schema.ts';
import { describeObject, joinValidationErrors, managedFieldsMustBeNil, unknownError } from './apply-errors.ts';
import { FieldSet } from './field-set.ts';
import { buildLastApplied, fieldsFromLastApplied, hasLastApplied, KUBECTL_SSA_MANAGER, setLastApplied } from './last-applied.ts';
import { managerIdentifier, type Managed } from './managed-fields-codec.ts';
import { dropNulls, DuplicateKeyError } from './merge.ts';
import { fieldElement } from './path-element.ts';
import { ListItemError, validateTyped } from './typed-fields.ts';
import { apply, ConflictsError, update, type ManagerSets } from './updater.ts';
import { deepClone } from './values.ts';

export interface ChainOptions {
  readonly schema: SchemaNode | undefined;
  readonly apiVersion: string;
  readonly subresource: string | undefined;
  /** RFC 3339, whole seconds. */
  readonly now: string;
  readonly resetFields: FieldSet;
}

/** capmanagers.go DefaultMaxUpdateManagers and its bucket name. */
const MAX_UPDATE_MANAGERS = 10;
const ANCIENT_CHANGES = 'ancient-changes';
/** skipnonapplied.go: who owns what was there before the first apply. */
const BEFORE_FIRST_APPLY = 'before-first-apply';
/** managedfieldsupdater.go: the placeholder the current update is recorded under. */
const CURRENT_OPERATION = 'current-operation';

/** stripmeta.go: fields no manager ever owns. */
export const STRIP = new FieldSet([
  [fieldElement('apiVersion')], [fieldElement('kind')], [fieldElement('metadata')],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion']
    .map((f) => [fieldElement('metadata'), fieldElement(f)]),
]);

/**
 * What a freshly made object of the kind holds (runtime.ObjectCreater.New), the "before" of a
 * create. Built-in kinds are Go structs, and their non-pointer struct fields exist even when
 * empty, so a create never marks them added (no `".": {}` in FieldsV1). OpenAPI does not say
 * which fields are pointers; the ones that are not, by the conventions of k8s.io/api, are listed
 * in VALUE_STRUCTS. Custom resources are empty unstructured objects.
 *
 * Built once per kind and shared, so frozen: callers only read it.
 */
export function emptyObjectOf(schema: SchemaNode | undefined): Readonly<KubeObject> {
  if (schema === undefined) return EMPTY_UNSTRUCTURED;
  let obj = emptyObjects.get(schema);
  if (obj === undefined) {
    obj = { metadata: {} };
    if (schema.name.startsWith('io.k8s.')) addValueStructs(obj, schema);
    emptyObjects.set(schema, deepFreeze(obj));
  }
  return obj;
}

const emptyObjects = new WeakMap<SchemaNode, KubeObject>();
const EMPTY_UNSTRUCTURED: KubeObject = deepFreeze({ metadata: {} });

function deepFreeze<T extends object>(obj: T): T {
  for (const v of Object.values(obj)) if (typeof v === 'object' && v !== null) deepFreeze(v);
  return Object.freeze(obj);
}

const VALUE_STRUCTS = ['metadata', 'spec', 'status', 'template', 'jobTemplate', 'strategy', 'updateStrategy'];
/** Slices without `omitempty`, which a zero struct serialises as null (PodSpec.containers). */
const NULL_SLICES = ['containers'];

function addValueStructs(obj: Record<string, unknown>, node: SchemaNode): void {
  for (const f of VALUE_STRUCTS) {
    const child = node.child(f);
    if (child?.kind !== 'object' || child.mapType === 'atomic') continue;
    const inner: Record<string, unknown> = {};
    addValueStructs(inner, child);
    obj[f] = inner;
  }
  for (const f of NULL_SLICES) if (node.child(f)?.kind === 'array') obj[f] = null;
}

/** The object as structured-merge-diff sees it: without managedFields. */
export function withoutManagedFields(obj: KubeObject): KubeObject {
  if (obj.metadata?.managedFields === undefined) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/**
 * Records a non-apply write (the Update chain from skipNonApplied inwards). `live` is the object
 * before the write, or emptyObjectOf() for a create.
 */
export function updateChain(live: KubeObject, next: KubeObject, managed: Managed, manager: string, isCreate: boolean, o: ChainOptions): Managed {
  // skipnonapplied.go (track-on-create probability 1): an existing object without
  // managedFields stays untracked until its first apply.
  if (managed.sets.size === 0 && !isCreate) return managed;
  const id = managerIdentifier({ manager: named(manager), operation: 'Update', apiVersion: o.apiVersion, subresource: o.subresource });
  // managedfieldsupdater.go: record under a placeholder; if it took anything, the object changed:
  // fold it into the manager's entry and stamp the time.
  const sets = stripMeta(typedCall(live, () => update(withoutManagedFields(live), withoutManagedFields(next), managed.sets, CURRENT_OPERATION, o.apiVersion, updaterOptions(o))), CURRENT_OPERATION);
  const times = new Map(managed.times);
  const current = sets.get(CURRENT_OPERATION);
  if (current !== undefined) {
    sets.delete(CURRENT_OPERATION);
    const previous = sets.get(id);
    sets.set(id, { set: previous === undefined ? current.set : current.set.union(previous.set), apiVersion: current.apiVersion, applied: false });
    times.set(id, o.now);
  }
  return capUpdateManagers({ sets, times });
}

export interface ApplyChainResult { readonly object: KubeObject; readonly managed: Managed }

/** The Apply chain from lastAppliedUpdater inwards; throws ConflictsError on conflicts. */
export function applyChain(live: KubeObject | undefined, applied: KubeObject, managed: Managed, manager: string, force: boolean, o: ChainOptions): ApplyChainResult {
  let result: ApplyChainResult;
  try {
    result = applyOnce(live, applied, managed, manager, force, o);
  } catch (err) {
    // lastappliedmanager.go: conflicts that the client-side apply annotation accounts for.
    if (manager !== KUBECTL_SSA_MANAGER || !(err instanceof ConflictsError)) throw err;
    const allowed = live === undefined ? undefined : fieldsFromLastApplied(live, o.apiVersion, o.schema);
    if (allowed === undefined) throw err;
    const remaining = err.conflicts.filter((c) => !allowed.has(c.path));
    if (remaining.length > 0) throw new ConflictsError(remaining);
    result = applyOnce(live, applied, managed, manager, true, o);
  }
  // lastappliedupdater.go: keep the client-side apply annotation in step with what kubectl applied.
  if (manager === KUBECTL_SSA_MANAGER && hasLastApplied(result.object)) setLastApplied(result.object, buildLastApplied(applied));
  return result;
}

function applyOnce(live: KubeObject | undefined, applied: KubeObject, managed: Managed, manager: string, force: boolean, o: ChainOptions): ApplyChainResult {
  // skipnonapplied.go: before the first apply, whatever is there becomes before-first-apply's.
  // (A create has nothing there: `live` is undefined.)
  if (managed.sets.size === 0 && live !== undefined) managed = updateChain(emptyObjectOf(o.schema), live, managed, BEFORE_FIRST_APPLY, true, o);
  const id = managerIdentifier({ manager: named(manager), operation: 'Apply', apiVersion: o.apiVersion, subresource: o.subresource });

  // structuredmerge.go Apply.
  if (applied.metadata?.managedFields !== undefined && applied.metadata.managedFields !== null) throw managedFieldsMustBeNil();
  const errors = validateTyped(applied, o.schema);
  if (errors.length > 0) throw unknownError(`failed to create typed patch object (${describeObject(applied)}): ${joinValidationErrors(errors)}`);
  const liveValue = live === undefined ? undefined : withoutManagedFields(live);
  const r = typedCall(live ?? applied, () => apply(liveValue, applied, managed.sets, id, o.apiVersion, force, updaterOptions(o)));
  const sets = stripMeta(r.managers, id);

  // managedfieldsupdater.go: the time moves only when the object changed.
  const times = new Map(managed.times);
  let object: KubeObject;
  if (r.object !== undefined) {
    times.set(id, o.now);
    object = dropNulls(r.object) as KubeObject; // dropNulls copies every object and array
  } else {
    object = deepClone(liveValue ?? applied);
  }
  return { object, managed: { sets, times } };
}

/** buildmanagerinfo.go: a request without a manager name is recorded as "unknown". */
function named(manager: string): string {
  return manager === '' ? 'unknown' : manager;
}

function updaterOptions(o: ChainOptions) {
  return { schema: o.schema, ignored: o.resetFields };
}

// Structural errors of the live object (a list item without its key, ...) surface as kube's
// conversion errors do.
function typedCall<T>(live: KubeObject, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ListItemError || err instanceof DuplicateKeyError) {
      throw unknownError(`failed to create typed live object (${describeObject(live)}): ${err.message}`);
    }
    throw err;
  }
}

function stripMeta(sets: ManagerSets, id: string): ManagerSets {
  const vs = sets.get(id);
  if (vs === undefined) return sets;
  const out = new Map(sets);
  const set = vs.set.difference(STRIP);
  if (set.isEmpty()) out.delete(id);
  else out.set(id, { ...vs, set });
  return out;
}

/**
 * capmanagers.go: beyond ten Update entries, the oldest are merged per apiVersion into an
 * `ancient-changes` entry, which takes the time of the newest entry merged into it.
 */
function capUpdateManagers(managed: Managed): Managed {
  const updaters = [...managed.sets].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= MAX_UPDATE_MANAGERS) return managed;
  const seconds = (id: string) => { const t = managed.times.get(id); return t === undefined ? 0 : Math.floor(Date.parse(t) / 1000); };
  updaters.sort((a, b) => seconds(a) - seconds(b) || (a < b ? -1 : a > b ? 1 : 0));
  const sets = new Map(managed.sets);
  const times = new Map(managed.times);
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > MAX_UPDATE_MANAGERS; i++) {
    const id = updaters[i]!;
    const vs = sets.get(id)!;
    const bucket = managerIdentifier({ manager: ANCIENT_CHANGES, operation: 'Update', apiVersion: vs.apiVersion });
    const first = firstByVersion.get(vs.apiVersion);
    if (first === undefined) { firstByVersion.set(vs.apiVersion, id); continue; }
    if (!sets.has(bucket)) {
      sets.set(bucket, sets.get(first)!);
      sets.delete(first);
    }
    sets.set(bucket, { set: vs.set.union(sets.get(bucket)!.set), apiVersion: vs.apiVersion, applied: vs.applied });
    sets.delete(id);
    length--;
    times.set(bucket, times.get(id));
  }
  return { sets, times };
}
