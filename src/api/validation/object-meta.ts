/**
 * ObjectMeta validation after k8s.io/apimachinery/pkg/api/validation/objectmeta.go
 * (ValidateObjectMetaAccessor, ValidateObjectMetaAccessorUpdate) plus the core wrapper in
 * pkg/apis/core/validation (validateKubeFinalizerName), with kube's paths and messages.
 *
 * The Store assigns metadata.name from generateName before validation, so an empty name here means
 * both were empty.
 */
import { type FieldError, child, forbidden, index, invalidValue, key, required, tooLong } from '../field-error.ts';
import type { ObjectMeta } from '../object.ts';
import { asArr, asObj, asStr, deepEqual } from './access.ts';
import { validateImmutableField, validateNonnegativeField } from './common.ts';
import { type NameValidator, invalidEach, isDNS1123Label, isQualifiedName, isValidLabelValue, nameIsDNSSubdomain } from './names.ts';

/** TotalAnnotationSizeLimitB: keys plus values, in bytes. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

/** FinalizerKubernetes, FinalizerOrphanDependents, FinalizerDeleteDependents (helper.IsStandardFinalizerName). */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export interface ObjectMetaOptions {
  /**
   * true: metadata.namespace is required; false: it is forbidden; undefined: not checked (the
   * generic fallback, where the Store alone knows the scope).
   */
  readonly namespaced: boolean | undefined;
  /** The kind's metadata.name rule. @default nameIsDNSSubdomain */
  readonly nameFn?: NameValidator;
  /**
   * Built-in kinds also require single-segment finalizers to be one of the standard names
   * (core validateKubeFinalizerName); CRD-served and aggregated kinds do not.
   * @default true
   */
  readonly standardFinalizers?: boolean;
  /** The path of the metadata, `metadata` for objects, e.g. `spec.template.metadata` otherwise. */
  readonly path?: string;
}

/** ValidateLabels: keys are qualified names, values label values; errors are on the map's path. */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(asObj(labels) ?? {})) {
    errs.push(...invalidEach(path, k, isQualifiedName(k)));
    errs.push(...invalidEach(path, v, isValidLabelValue(asStr(v))));
  }
  return errs;
}

/** ValidateAnnotations: keys are (lower-cased) qualified names; total size at most 256 KiB. */
export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(asObj(annotations) ?? {})) {
    errs.push(...invalidEach(path, k, isQualifiedName(k.toLowerCase())));
    total += Buffer.byteLength(k) + Buffer.byteLength(asStr(v));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_B) errs.push(tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errs;
}

/** ValidateOwnerReferences: each reference's shape (errors on the list path) and one controller at most. */
export function validateOwnerReferences(refs: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const r of asArr(refs)) {
    const ref = asObj(r) ?? {};
    const apiVersion = asStr(ref.apiVersion);
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (version === '') errs.push(invalidValue(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (asStr(ref.kind) === '') errs.push(invalidValue(child(path, 'kind'), asStr(ref.kind), 'must not be empty'));
    if (asStr(ref.name) === '') errs.push(invalidValue(child(path, 'name'), asStr(ref.name), 'must not be empty'));
    if (asStr(ref.uid) === '') errs.push(invalidValue(child(path, 'uid'), asStr(ref.uid), 'must not be empty'));
    // BannedOwners: core/v1 Events may not own anything.
    if (apiVersion === 'v1' && ref.kind === 'Event') errs.push(invalidValue(path, ref, '/v1, Kind=Event is disallowed from being an owner'));
    if (ref.controller === true) {
      const name = `${asStr(ref.kind)}/${asStr(ref.name)}`;
      if (firstController !== '') {
        errs.push(invalidValue(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${name}`));
      } else firstController = name;
    }
  }
  return errs;
}

/** ValidateFinalizers (+ the core standard-name rule when asked). */
export function validateFinalizers(finalizers: unknown, path: string, options: { standardFinalizers?: boolean } = {}): FieldError[] {
  const errs: FieldError[] = [];
  const list = asArr(finalizers).map(asStr);
  list.forEach((f) => errs.push(...invalidEach(path, f, isQualifiedName(f))));
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errs.push(invalidValue(path, list, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  if (options.standardFinalizers !== false) {
    list.forEach((f, i) => {
      if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
        errs.push(invalidValue(index(path, i), f, 'name is neither a standard finalizer name nor is it fully qualified'));
      }
    });
  }
  return errs;
}

/** ValidateObjectMeta for a new object. */
export function validateObjectMeta(meta: ObjectMeta | undefined, options: ObjectMetaOptions): FieldError[] {
  const m = meta ?? {};
  const path = options.path ?? 'metadata';
  const nameFn = options.nameFn ?? nameIsDNSSubdomain;
  const errs: FieldError[] = [];
  const generateName = asStr(m.generateName);
  if (generateName !== '') errs.push(...invalidEach(child(path, 'generateName'), generateName, nameFn(generateName, { prefix: true })));
  const name = asStr(m.name);
  if (name === '') errs.push(required(child(path, 'name'), 'name or generateName is required'));
  else errs.push(...invalidEach(child(path, 'name'), name, nameFn(name)));
  const ns = asStr(m.namespace);
  if (options.namespaced === true) {
    // ValidateNamespaceName is NameIsDNSLabel.
    if (ns === '') errs.push(required(child(path, 'namespace'), ''));
    else errs.push(...invalidEach(child(path, 'namespace'), ns, isDNS1123Label(ns)));
  } else if (options.namespaced === false && ns !== '') {
    errs.push(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  }
  errs.push(...validateNonnegativeField(m.generation, child(path, 'generation')));
  errs.push(...validateLabels(m.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(m.annotations, child(path, 'annotations')));
  errs.push(...validateOwnerReferences(m.ownerReferences, child(path, 'ownerReferences')));
  errs.push(...validateFinalizers(m.finalizers, child(path, 'finalizers'), options));
  return errs;
}

/**
 * ValidateObjectMetaUpdate. Two of kube's checks are left to the Store, which owns those fields:
 * resourceVersion ("must be specified for an update"; this Store fills it for unconditional
 * updates only after validation) and generation ("must not be decremented"; reset from the old
 * object). The Store is expected to have copied uid, creationTimestamp, deletionTimestamp and
 * deletionGracePeriodSeconds from the old object when the request omitted them, as
 * rest.BeforeUpdate does; what still differs here is a real change.
 */
export function validateObjectMetaUpdate(newMeta: ObjectMeta | undefined, oldMeta: ObjectMeta | undefined, options: { standardFinalizers?: boolean; path?: string } = {}): FieldError[] {
  const n = newMeta ?? {};
  const o = oldMeta ?? {};
  const path = options.path ?? 'metadata';
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const old = new Set(asArr(o.finalizers).map(asStr));
    const extra = asArr(n.finalizers).map(asStr).filter((f) => !old.has(f)).sort();
    if (extra.length > 0) {
      errs.push(forbidden(child(path, 'finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers []string{${extra.map((f) => JSON.stringify(f)).join(', ')}}`));
    }
  }
  for (const f of ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const) {
    const nv = n[f] === null ? undefined : n[f];
    const ov = o[f] === null ? undefined : o[f];
    // Go compares zero values: an omitted string equals "".
    const same = deepEqual(nv ?? '', ov ?? '');
    if (!same) errs.push(...validateImmutableField(nv, ov, child(path, f)));
  }
  errs.push(...validateLabels(n.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(n.annotations, child(path, 'annotations')));
  errs.push(...validateOwnerReferences(n.ownerReferences, child(path, 'ownerReferences')));
  if (options.standardFinalizers !== false) {
    asArr(n.finalizers).map(asStr).forEach((f, i) => {
      if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) errs.push(invalidValue(index(child(path, 'finalizers'), i), f, 'name is neither a standard finalizer name nor is it fully qualified'));
    });
  }
  return errs;
}

/** ValidateHasLabel: `<path>.labels[<key>]` must be `value`. */
export function validateHasLabel(meta: unknown, path: string, labelKey: string, value: string): FieldError[] {
  const labels = asObj(asObj(meta)?.labels) ?? {};
  const p = key(child(path, 'labels'), labelKey);
  if (labels[labelKey] === undefined) return [required(p, `must be '${value}'`)];
  return labels[labelKey] === value ? [] : [invalidValue(p, labels, `must be '${value}'`)];
}
