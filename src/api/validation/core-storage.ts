/**
 * PersistentVolume and PersistentVolumeClaim validation after pkg/apis/core/validation
 * (ValidatePersistentVolume*, ValidatePersistentVolumeClaim*).
 */
import { type FieldError, child, forbidden, invalidValue, key, notSupported, required } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { type Obj, asArr, asObj, asStr, clone, deepEqual } from './access.ts';
import { IS_NOT_POSITIVE_ERROR_MSG, validateImmutableField } from './common.ts';
import { quantityAt, validateResourceQuantityValue } from './core-resources.ts';
import { validateLabelSelector } from './label-selector.ts';
import { invalidEach, isDNS1123Subdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
const VOLUME_MODES = ['Block', 'Filesystem'];
/** PersistentVolumeSource members, in ValidatePersistentVolumeSpec's order. */
const PV_SOURCES = ['hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'flocker', 'nfs', 'rbd', 'quobyte', 'cinder',
  'cephfs', 'fc', 'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'scaleIO', 'local',
  'storageos', 'csi', 'iscsi'];

const spec = (o: KubeObject): Obj => asObj(o.spec) ?? {};

function validateAccessModes(modes: unknown, path: string, requiredDetail: string): FieldError[] {
  const list = asArr(modes).map(asStr);
  const errs: FieldError[] = [];
  if (list.length === 0) errs.push(required(path, requiredDetail));
  for (const m of list) if (!ACCESS_MODES.includes(m)) errs.push(notSupported(path, m, ACCESS_MODES));
  if (list.includes('ReadWriteOncePod') && list.some((m) => m !== 'ReadWriteOncePod' && ACCESS_MODES.includes(m))) {
    errs.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  }
  return errs;
}

/** ValidatePositiveQuantityValue. */
function validatePositiveQuantity(v: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const q = quantityAt(v, path, errs);
  if (q && q.sign() <= 0) errs.push(invalidValue(path, q.toString(), IS_NOT_POSITIVE_ERROR_MSG));
  return errs;
}

function validateClassName(name: unknown, path: string): FieldError[] {
  return typeof name === 'string' && name !== '' ? invalidEach(path, name, isDNS1123Subdomain(name)) : [];
}

/** ValidatePersistentVolume. */
export function validatePersistentVolume(pv: KubeObject): FieldError[] {
  const errs = validateObjectMeta(pv.metadata, { namespaced: false });
  const s = spec(pv);
  errs.push(...validateAccessModes(s.accessModes, 'spec.accessModes', ''));
  const capacity = asObj(s.capacity) ?? {};
  if (Object.keys(capacity).length === 0) errs.push(required('spec.capacity', ''));
  if (capacity.storage === undefined || Object.keys(capacity).length > 1) errs.push(notSupported('spec.capacity', capacity, ['storage']));
  for (const [r, q] of Object.entries(capacity)) errs.push(...validatePositiveQuantity(q, key('spec.capacity', r)));
  if (asStr(s.persistentVolumeReclaimPolicy) !== '' && !RECLAIM_POLICIES.includes(asStr(s.persistentVolumeReclaimPolicy))) {
    errs.push(notSupported('spec.persistentVolumeReclaimPolicy', s.persistentVolumeReclaimPolicy, RECLAIM_POLICIES));
  }
  const present = PV_SOURCES.filter((t) => s[t] !== undefined && s[t] !== null);
  if (present.length === 0) errs.push(required('spec', 'must specify a volume type'));
  present.slice(1).forEach((t) => errs.push(forbidden(child('spec', t), 'may not specify more than 1 volume type')));
  const first = asObj(s[present[0] ?? '']);
  if (first) {
    const p = child('spec', present[0]);
    if (present[0] === 'hostPath' || present[0] === 'local' || present[0] === 'nfs') {
      if (asStr(first.path) === '') errs.push(required(child(p, 'path'), ''));
    }
    if (present[0] === 'nfs' && asStr(first.server) === '') errs.push(required(child(p, 'server'), ''));
    if (present[0] === 'csi') {
      if (asStr(first.driver) === '') errs.push(required(child(p, 'driver'), ''));
      if (asStr(first.volumeHandle) === '') errs.push(required(child(p, 'volumeHandle'), ''));
    }
    if (present[0] === 'local' && !asObj(s.nodeAffinity)) errs.push(required('spec.nodeAffinity', 'Local volumes require node affinity'));
  }
  const hostPath = asObj(s.hostPath);
  if (hostPath && asStr(hostPath.path).replace(/\/+$/, '') === '' && asStr(hostPath.path) !== '' && s.persistentVolumeReclaimPolicy === 'Recycle') {
    errs.push(forbidden('spec.persistentVolumeReclaimPolicy', "may not be 'recycle' for a hostPath mount of '/'"));
  }
  errs.push(...validateClassName(s.storageClassName, 'spec.storageClassName'));
  if (s.volumeMode !== undefined && s.volumeMode !== null && !VOLUME_MODES.includes(asStr(s.volumeMode))) errs.push(notSupported('spec.volumeMode', s.volumeMode, VOLUME_MODES));
  return errs;
}

function pvSource(s: Obj): Obj {
  return Object.fromEntries(PV_SOURCES.filter((t) => s[t] !== undefined).map((t) => [t, s[t]]));
}

/** ValidatePersistentVolumeUpdate: the volume source is immutable; volumeMode too. */
export function validatePersistentVolumeUpdate(pv: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pv.metadata, old.metadata);
  const n = spec(pv);
  const o = spec(old);
  if (!deepEqual(pvSource(n), pvSource(o))) {
    errs.push(forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
  }
  // sic: kube reports volumeMode without the spec. prefix.
  errs.push(...validateImmutableField(n.volumeMode, o.volumeMode, 'volumeMode'));
  if (o.nodeAffinity !== undefined && o.nodeAffinity !== null) errs.push(...validateImmutableField(n.nodeAffinity, o.nodeAffinity, 'nodeAffinity'));
  return [...errs, ...validatePersistentVolume(pv)];
}

/** ValidatePersistentVolumeClaimSpec (also used for StatefulSet claim templates and ephemeral volumes). */
export function validatePersistentVolumeClaimSpec(claimSpec: unknown, path: string): FieldError[] {
  const s = asObj(claimSpec) ?? {};
  const errs = validateAccessModes(s.accessModes, child(path, 'accessModes'), 'at least 1 access mode is required');
  errs.push(...validateLabelSelector(s.selector, child(path, 'selector')));
  const storage = asObj(asObj(s.resources)?.requests)?.storage;
  const storagePath = key(child(path, 'resources'), 'storage');
  if (storage === undefined || storage === null) errs.push(required(storagePath, ''));
  else {
    const positive = validatePositiveQuantity(storage, storagePath);
    errs.push(...(positive.length > 0 ? positive : validateResourceQuantityValue('storage', storage, storagePath)));
  }
  errs.push(...validateClassName(s.storageClassName, child(path, 'storageClassName')));
  if (s.volumeMode !== undefined && s.volumeMode !== null && !VOLUME_MODES.includes(asStr(s.volumeMode))) {
    errs.push(notSupported(child(path, 'volumeMode'), s.volumeMode, VOLUME_MODES));
  }
  return errs;
}

/** ValidatePersistentVolumeClaim. */
export function validatePersistentVolumeClaim(pvc: KubeObject): FieldError[] {
  return [...validateObjectMeta(pvc.metadata, { namespaced: true }), ...validatePersistentVolumeClaimSpec(pvc.spec, 'spec')];
}

/**
 * ValidatePersistentVolumeClaimUpdate: the spec is immutable but for resources.requests (growth
 * only) once bound, and volumeName, which may be set once (by the binder).
 */
export function validatePersistentVolumeClaimUpdate(pvc: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pvc.metadata, old.metadata);
  const n = clone(spec(pvc));
  const o = clone(spec(old));
  if (asStr(o.volumeName) === '') o.volumeName = n.volumeName;
  const bound = asObj(pvc.status)?.phase === 'Bound';
  const newStorage = asObj(asObj(n.resources)?.requests)?.storage;
  const oldStorage = asObj(asObj(o.resources)?.requests)?.storage;
  if (bound) {
    const requests = asObj(asObj(n.resources)?.requests);
    if (requests) requests.storage = oldStorage;
  }
  if (!deepEqual(n, o)) errs.push(forbidden('spec', 'spec is immutable after creation except resources.requests for bound claims'));
  const nq = quantityAt(newStorage, 'spec.resources.requests.storage', []);
  const oq = quantityAt(oldStorage, 'spec.resources.requests.storage', []);
  if (nq && oq && nq.cmp(oq) < 0) errs.push(forbidden('spec.resources.requests.storage', 'field can not be less than previous value'));
  return [...errs, ...validatePersistentVolumeClaim(pvc)];
}
