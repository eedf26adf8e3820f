/**
 * Conversion between a served version and the storage version of one resource, as kube-apiserver
 * converts through its internal version: the Store decodes from storage with `fromStorage` and
 * encodes with `toStorage`, so strategies only ever see the served version.
 */
import type { KubeObject } from '../../api/object.ts';

export interface Conversion {
  /** Served version → storage version. Gets a copy it may change. */
  toStorage(obj: KubeObject): KubeObject;
  /** Storage version → served version. Gets a copy it may change. */
  fromStorage(obj: KubeObject): KubeObject;
}
