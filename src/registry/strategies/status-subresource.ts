/**
 * The status-subresource halves of kube's strategies (registry/<kind>/strategy.go): a main-resource
 * update keeps the stored status, and a /status update keeps everything but status
 * (statusStrategy.PrepareForUpdate resets Spec; this project's Store also keeps metadata, see
 * store-update.ts keepAllButStatus).
 */
import type { FieldError } from '../../api/field-error.ts';
import type { KubeObject } from '../../api/object.ts';
import type { StatusStrategy } from '../strategy.ts';

/** Main-resource update: users cannot write status (`newX.Status = oldX.Status`). */
export function keepStatus(obj: KubeObject, old: KubeObject): void {
  if (old.status === undefined) delete obj.status;
  else obj.status = structuredClone(old.status);
}

/** Status update: everything but status comes from the stored object. */
export function keepAllButStatus(obj: KubeObject, old: KubeObject): void {
  const status = obj.status;
  for (const k of Object.keys(obj)) delete obj[k];
  Object.assign(obj, structuredClone(old));
  if (status === undefined) delete obj.status;
  else obj.status = status;
}

export interface StatusSubresourceOptions {
  /**
   * The kind's defaulting. kube defaults every request body it decodes, /status ones included
   * (a kubelet's status with only podIP gets podIPs); this Store skips applyDefaults on /status,
   * so the status strategy runs it after the reset.
   */
  readonly defaults?: (obj: KubeObject) => void;
  /** The kind's ValidateXStatusUpdate. */
  readonly validateUpdate: (obj: KubeObject, old: KubeObject) => FieldError[];
  /** Kind-specific work after the reset (e.g. a Pod's qosClass backfill). */
  readonly prepare?: (obj: KubeObject, old: KubeObject) => void;
}

/** A StatusStrategy that resets all but status, then applies the kind's own rules. */
export function statusSubresource(options: StatusSubresourceOptions): StatusStrategy {
  return {
    prepareForUpdate(obj, old) {
      keepAllButStatus(obj, old);
      options.defaults?.(obj);
      options.prepare?.(obj, old);
    },
    validateUpdate: options.validateUpdate,
  };
}
