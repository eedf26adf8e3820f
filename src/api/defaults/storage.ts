/**
 * storage.k8s.io/v1 and scheduling.k8s.io/v1 defaulting after pkg/apis/storage/v1/defaults.go
 * (SetDefaults_StorageClass) and pkg/apis/scheduling/v1/defaults.go (SetDefaults_PriorityClass).
 */
import type { KubeObject } from '../object.ts';
import { setDefault } from '../validation/access.ts';

/** SetDefaults_StorageClass: reclaimPolicy Delete, volumeBindingMode Immediate. */
export function setDefaultsStorageClass(sc: KubeObject): void {
  setDefault(sc, 'reclaimPolicy', 'Delete');
  setDefault(sc, 'volumeBindingMode', 'Immediate');
}

/** SetDefaults_PriorityClass: preemptionPolicy PreemptLowerPriority. */
export function setDefaultsPriorityClass(pc: KubeObject): void {
  setDefault(pc, 'preemptionPolicy', 'PreemptLowerPriority');
}
