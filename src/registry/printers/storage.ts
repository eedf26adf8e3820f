/**
 * Volumes as kube-apiserver v1.32 prints them: PersistentVolumes and PersistentVolumeClaims
 * (core/v1) and the storage.k8s.io kinds StorageClass, CSIDriver, CSINode, VolumeAttachment.
 */
import type { KubeObject } from '../../api/object.ts';
import { AGE, NAME, age, column, nameOf, wide } from './columns.ts';
import type { Printer } from './table.ts';
import { arr, obj, optBool, optObj, optStr, quantity, str } from './value.ts';

/** The beta annotation kube still reads before spec.storageClassName. */
const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

/** Access modes as kube's GetAccessModesAsString: deduplicated, always in RWO,ROX,RWX,RWOP order. */
export function accessModes(modes: unknown): string {
  const present = new Set(arr(modes).map(str));
  const out: string[] = [];
  if (present.has('ReadWriteOnce')) out.push('RWO');
  if (present.has('ReadOnlyMany')) out.push('ROX');
  if (present.has('ReadWriteMany')) out.push('RWX');
  if (present.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

function storageClassOf(o: KubeObject, fromSpec: string): string {
  const beta = o.metadata?.annotations?.[BETA_STORAGE_CLASS];
  return beta ?? fromSpec;
}

/** PV and PVC phases print "Terminating" while a deletion is pending. */
function phaseOf(o: KubeObject): string {
  return o.metadata?.deletionTimestamp ? 'Terminating' : str(obj(o.status).phase);
}

export const persistentVolumePrinter: Printer = {
  columns: [
    NAME,
    column('Capacity', 'string', 'Storage capacity of the volume.'),
    column('Access Modes', 'string', 'How the volume can be mounted: RWO, ROX, RWX, RWOP.'),
    column('Reclaim Policy', 'string', 'What happens to the volume when its claim is released.'),
    column('Status', 'string', 'Phase of the volume, or Terminating.'),
    column('Claim', 'string', 'The claim bound to the volume, as namespace/name.'),
    column('StorageClass', 'string', 'Storage class of the volume.'),
    column('VolumeAttributesClass', 'string', 'Volume attributes class of the volume.'),
    column('Reason', 'string', 'Why the volume is in its phase.'),
    AGE,
    wide('VolumeMode', 'string', 'Filesystem or Block.'),
  ],
  row(pv, now) {
    const spec = obj(pv.spec);
    const claimRef = optObj(spec.claimRef);
    return [
      nameOf(pv), quantity(obj(spec.capacity).storage, '0'), accessModes(spec.accessModes), str(spec.persistentVolumeReclaimPolicy),
      phaseOf(pv), claimRef ? `${str(claimRef.namespace)}/${str(claimRef.name)}` : '', storageClassOf(pv, str(spec.storageClassName)),
      optStr(spec.volumeAttributesClassName) ?? '<unset>', str(obj(pv.status).reason), age(pv, now), optStr(spec.volumeMode) ?? '<unset>',
    ];
  },
};

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    NAME,
    column('Status', 'string', 'Phase of the claim, or Terminating.'),
    column('Volume', 'string', 'The volume bound to the claim.'),
    column('Capacity', 'string', 'Capacity of the bound volume.'),
    column('Access Modes', 'string', 'Access modes of the bound volume.'),
    column('StorageClass', 'string', 'Storage class the claim asks for.'),
    column('VolumeAttributesClass', 'string', 'Volume attributes class the claim asks for.'),
    AGE,
    wide('VolumeMode', 'string', 'Filesystem or Block.'),
  ],
  row(pvc, now) {
    const spec = obj(pvc.spec);
    const status = obj(pvc.status);
    const volumeName = str(spec.volumeName);
    // Capacity and access modes are shown only once the claim names a volume.
    const capacity = volumeName === '' ? '' : quantity(obj(status.capacity).storage, '0');
    const modes = volumeName === '' ? '' : accessModes(status.accessModes);
    return [
      nameOf(pvc), phaseOf(pvc), volumeName, capacity, modes, storageClassOf(pvc, str(spec.storageClassName)),
      optStr(spec.volumeAttributesClassName) ?? '<unset>', age(pvc, now), optStr(spec.volumeMode) ?? '<unset>',
    ];
  },
};

/** StorageClass annotations that mark the cluster default (GA first, then beta). */
function isDefaultClass(o: KubeObject): boolean {
  const a = o.metadata?.annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

export const storageClassPrinter: Printer = {
  columns: [
    NAME,
    column('Provisioner', 'string', 'The volume plugin or CSI driver that provisions volumes.'),
    column('ReclaimPolicy', 'string', 'Reclaim policy of provisioned volumes.'),
    column('VolumeBindingMode', 'string', 'When volumes are bound: Immediate or WaitForFirstConsumer.'),
    column('AllowVolumeExpansion', 'string', 'Whether claims of this class may grow.'),
    AGE,
  ],
  row(sc, now) {
    // kube marks the default class in the NAME cell; unset fields print their API defaults.
    const name = isDefaultClass(sc) ? `${nameOf(sc)} (default)` : nameOf(sc);
    return [
      name, str(sc.provisioner), optStr(sc.reclaimPolicy) ?? 'Delete', optStr(sc.volumeBindingMode) ?? 'Immediate',
      optBool(sc.allowVolumeExpansion) ?? false, age(sc, now),
    ];
  },
};

export const csiDriverPrinter: Printer = {
  columns: [
    NAME,
    column('AttachRequired', 'boolean', 'Whether volumes need an attach step.'),
    column('PodInfoOnMount', 'boolean', 'Whether pod information is passed on mount.'),
    column('StorageCapacity', 'boolean', 'Whether the driver reports storage capacity.'),
    column('TokenRequests', 'string', 'Audiences of service account tokens passed to the driver.'),
    column('RequiresRepublish', 'boolean', 'Whether NodePublishVolume is called periodically.'),
    column('Modes', 'string', 'Volume lifecycle modes the driver supports.'),
    AGE,
  ],
  row(o, now) {
    const spec = obj(o.spec);
    const tokenRequests = Array.isArray(spec.tokenRequests) ? spec.tokenRequests.map((t) => str(obj(t).audience)).join(',') : '<unset>';
    const modes = arr(spec.volumeLifecycleModes).map(str).join(',');
    return [
      nameOf(o), optBool(spec.attachRequired) ?? true, optBool(spec.podInfoOnMount) ?? false, optBool(spec.storageCapacity) ?? false,
      tokenRequests, optBool(spec.requiresRepublish) ?? false, modes === '' ? '<none>' : modes, age(o, now),
    ];
  },
};

export const csiNodePrinter: Printer = {
  columns: [NAME, column('Drivers', 'integer', 'Number of CSI drivers registered on the node.'), AGE],
  row: (o, now) => [nameOf(o), arr(obj(o.spec).drivers).length, age(o, now)],
};

export const volumeAttachmentPrinter: Printer = {
  columns: [
    NAME,
    column('Attacher', 'string', 'The CSI driver that attaches the volume.', { format: 'name' }),
    column('PV', 'string', 'The persistent volume being attached.'),
    column('Node', 'string', 'The node the volume is attached to.'),
    column('Attached', 'boolean', 'Whether the attach operation succeeded.'),
    AGE,
  ],
  row(o, now) {
    const spec = obj(o.spec);
    return [nameOf(o), str(spec.attacher), str(obj(spec.source).persistentVolumeName), str(spec.nodeName), obj(o.status).attached === true, age(o, now)];
  },
};
