/**
 * The common shape of a kind's Strategy, so each kind states only its own rules: defaulting,
 * validation, and — for kinds with a status subresource — the status a new object starts with
 * (kube's PrepareForCreate `x.Status = XStatus{}`, written with the fields Go serialises even
 * when zero), a main-resource update keeping the stored status, and the /status rules.
 */
import type { FieldError } from '../../api/field-error.ts';
import type { KubeObject } from '../../api/object.ts';
import type { ScaleStrategy, Strategy } from '../strategy.ts';
import { keepStatus, statusSubresource } from './status-subresource.ts';

export interface KindStrategy {
  readonly defaults?: (obj: KubeObject) => void;
  readonly validate: (obj: KubeObject) => FieldError[];
  readonly validateUpdate: (obj: KubeObject, old: KubeObject) => FieldError[];
  /** Create-time work beyond resetting status. */
  readonly prepareForCreate?: (obj: KubeObject) => void;
  /** Update-time work beyond keeping status. */
  readonly prepareForUpdate?: (obj: KubeObject, old: KubeObject) => void;
  readonly status?: {
    /** The status of a new object. */
    readonly initial: (obj: KubeObject) => Record<string, unknown>;
    readonly validateUpdate: (obj: KubeObject, old: KubeObject) => FieldError[];
    readonly prepare?: (obj: KubeObject, old: KubeObject) => void;
  };
  readonly tracksGeneration?: boolean;
  readonly allowCreateOnUpdate?: boolean;
  readonly scale?: ScaleStrategy;
  readonly fieldSet?: (obj: KubeObject) => Record<string, string>;
}

export function defineStrategy(k: KindStrategy): Strategy {
  const status = k.status;
  return {
    applyDefaults: k.defaults,
    prepareForCreate(obj) {
      if (status) obj.status = status.initial(obj);
      k.prepareForCreate?.(obj);
    },
    validate: k.validate,
    prepareForUpdate(obj, old) {
      if (status) keepStatus(obj, old);
      k.prepareForUpdate?.(obj, old);
    },
    validateUpdate: k.validateUpdate,
    tracksGeneration: k.tracksGeneration ?? false,
    allowCreateOnUpdate: k.allowCreateOnUpdate ?? false,
    status: status ? statusSubresource({ defaults: k.defaults, validateUpdate: status.validateUpdate, prepare: status.prepare }) : undefined,
    scale: k.scale,
    fieldSet: k.fieldSet,
  };
}
