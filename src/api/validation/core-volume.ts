/**
 * Pod volumes, after pkg/apis/core/validation (ValidateVolumes, ValidateVolumeSource and the
 * per-source checks of the common sources). Exotic in-tree plugins are only counted, not checked.
 */
import { type FieldError, child, duplicate, forbidden, index, invalidValue, required } from '../field-error.ts';
import { type Obj, asObj, asStr, objects } from './access.ts';
import { validateEnum } from './common.ts';
import { validateDNS1123Label } from './names.ts';
import { quantityAt } from './core-resources.ts';

/** The volume source fields, in ValidateVolumeSource's order (the first present one "wins"). */
export const VOLUME_SOURCE_TYPES = ['hostPath', 'emptyDir', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs',
  'iscsi', 'glusterfs', 'flexVolume', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'projected', 'scaleIO', 'storageos',
  'csi', 'ephemeral', 'image'] as const;

const FILE_MODE_ERROR_MSG = 'must be a number between 0 and 0777 (octal), both inclusive';
const HOST_PATH_TYPES = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];

/** validateLocalDescendingPath: relative, without "..". */
export function validateLocalDescendingPath(target: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(invalidValue(path, target, 'must be a relative path'));
  if (target.split('/').includes('..')) errs.push(invalidValue(path, target, "must not contain '..'"));
  return errs;
}

function validateMode(mode: unknown, path: string): FieldError[] {
  return typeof mode === 'number' && (mode < 0 || mode > 0o777) ? [invalidValue(path, mode, FILE_MODE_ERROR_MSG)] : [];
}

/** validateKeyToPath for secret / configMap items. */
function validateItems(items: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  objects(items).forEach((kp, i) => {
    const p = index(path, i);
    if (asStr(kp.key) === '') errs.push(required(child(p, 'key'), ''));
    const target = asStr(kp.path);
    if (target === '') errs.push(required(child(p, 'path'), ''));
    errs.push(...validateLocalDescendingPath(target, child(p, 'path')));
    if (target.startsWith('..')) errs.push(invalidValue(child(p, 'path'), target, "must not start with '..'"));
    errs.push(...validateMode(kp.mode, child(p, 'mode')));
  });
  return errs;
}

function validateSource(type: string, src: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const requireField = (f: string) => { if (asStr(src[f]) === '') errs.push(required(child(path, f), '')); };
  switch (type) {
    case 'hostPath':
      requireField('path');
      if (asStr(src.path).split('/').includes('..')) errs.push(invalidValue(child(path, 'path'), src.path, "must not contain '..'"));
      if (src.type !== undefined && src.type !== null) errs.push(...validateEnum(asStr(src.type), HOST_PATH_TYPES, child(path, 'type'), { required: false }));
      break;
    case 'emptyDir': {
      const q = src.sizeLimit === undefined || src.sizeLimit === null ? undefined : quantityAt(src.sizeLimit, child(path, 'sizeLimit'), errs);
      if (q && q.sign() < 0) errs.push(forbidden(child(path, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
      break;
    }
    case 'secret':
      requireField('secretName');
      errs.push(...validateMode(src.defaultMode, child(path, 'defaultMode')), ...validateItems(src.items, child(path, 'items')));
      break;
    case 'configMap':
      requireField('name');
      errs.push(...validateMode(src.defaultMode, child(path, 'defaultMode')), ...validateItems(src.items, child(path, 'items')));
      break;
    case 'persistentVolumeClaim': requireField('claimName'); break;
    case 'nfs':
      requireField('server'); requireField('path');
      if (asStr(src.path) !== '' && !asStr(src.path).startsWith('/')) errs.push(invalidValue(child(path, 'path'), src.path, 'must be an absolute path'));
      break;
    case 'csi': requireField('driver'); break;
    case 'image': requireField('reference'); break;
    case 'ephemeral':
      if (!asObj(src.volumeClaimTemplate)) errs.push(required(child(path, 'volumeClaimTemplate'), ''));
      break;
    case 'downwardAPI':
      errs.push(...validateMode(src.defaultMode, child(path, 'defaultMode')));
      objects(src.items).forEach((item, i) => {
        const p = index(child(path, 'items'), i);
        if (asStr(item.path) === '') errs.push(required(child(p, 'path'), ''));
        errs.push(...validateLocalDescendingPath(asStr(item.path), child(p, 'path')));
      });
      break;
    case 'projected':
      errs.push(...validateMode(src.defaultMode, child(path, 'defaultMode')));
      objects(src.sources).forEach((s, i) => {
        const p = index(child(path, 'sources'), i);
        const kinds = ['secret', 'downwardAPI', 'configMap', 'serviceAccountToken', 'clusterTrustBundle'].filter((k) => s[k] !== undefined && s[k] !== null);
        if (kinds.length === 0) errs.push(required(p, 'must specify exactly 1 projected source'));
        kinds.slice(1).forEach((k) => errs.push(forbidden(child(p, k), 'may not specify more than 1 volume type per source')));
        const token = asObj(s.serviceAccountToken);
        if (token) {
          if (asStr(token.path) === '') errs.push(required(child(child(p, 'serviceAccountToken'), 'path'), ''));
          if (typeof token.expirationSeconds === 'number' && token.expirationSeconds < 600) {
            errs.push(invalidValue(child(child(p, 'serviceAccountToken'), 'expirationSeconds'), token.expirationSeconds, 'may not specify a duration less than 10 minutes'));
          }
        }
      });
      break;
  }
  return errs;
}

/** ValidateVolumes: errors plus the set of declared names (for volumeMounts). */
export function validateVolumes(volumes: unknown, path: string): { errors: FieldError[]; names: Set<string> } {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  objects(volumes).forEach((vol, i) => {
    const p = index(path, i);
    const present = VOLUME_SOURCE_TYPES.filter((t) => vol[t] !== undefined && vol[t] !== null);
    if (present.length === 0) errors.push(required(p, 'must specify a volume type'));
    else {
      errors.push(...validateSource(present[0], asObj(vol[present[0]]) ?? {}, child(p, present[0])));
      present.slice(1).forEach((t) => errors.push(forbidden(child(p, t), 'may not specify more than 1 volume type')));
    }
    const name = asStr(vol.name);
    if (name === '') errors.push(required(child(p, 'name'), ''));
    else errors.push(...validateDNS1123Label(name, child(p, 'name')));
    if (names.has(name)) errors.push(duplicate(child(p, 'name'), name));
    else if (name !== '') names.add(name);
  });
  return { errors, names };
}
