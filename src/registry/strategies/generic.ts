/**
 * The fallback Strategy for kinds without their own: custom resources above all, after
 * apiextensions-apiserver's customResourceStrategy (metadata rules only, DNS-subdomain names,
 * generation tracking, status and scale subresources as the CRD declares them).
 */
import type { KubeObject } from '../../api/object.ts';
import { type Obj, asObj, asStr, ensureObj } from '../../api/validation/access.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../api/validation/object-meta.ts';
import type { ScaleStrategy, Strategy } from '../strategy.ts';
import { keepStatus, statusSubresource } from './status-subresource.ts';

export interface GenericStrategyOptions {
  /** The resource's scope; when undefined, metadata.namespace is left to the Store. */
  readonly namespaced?: boolean;
  /** Whether the kind has a /status subresource (a CRD's `subresources.status`). @default false */
  readonly statusSubresource?: boolean;
  /** Whether changes outside metadata and status bump metadata.generation. @default true, as for custom resources */
  readonly tracksGeneration?: boolean;
  /** A CRD's `subresources.scale`: JSON paths such as ".spec.replicas". */
  readonly scale?: { readonly specReplicasPath: string; readonly statusReplicasPath: string; readonly labelSelectorPath?: string };
}

const segments = (jsonPath: string): string[] => jsonPath.replace(/^\./, '').split('.').filter((s) => s !== '');

function getPath(obj: KubeObject, jsonPath: string): unknown {
  let cur: unknown = obj;
  for (const s of segments(jsonPath)) cur = asObj(cur)?.[s];
  return cur;
}

function setPath(obj: KubeObject, jsonPath: string, value: unknown): void {
  const parts = segments(jsonPath);
  let cur: Obj = obj;
  for (const s of parts.slice(0, -1)) cur = ensureObj(cur, s);
  cur[parts[parts.length - 1]] = value;
}

function customScale(paths: NonNullable<GenericStrategyOptions['scale']>): ScaleStrategy {
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  return {
    replicas: (obj) => num(getPath(obj, paths.specReplicasPath)),
    setReplicas: (obj, replicas) => setPath(obj, paths.specReplicasPath, replicas),
    statusReplicas: (obj) => num(getPath(obj, paths.statusReplicasPath)),
    selector: (obj) => (paths.labelSelectorPath ? asStr(getPath(obj, paths.labelSelectorPath)) : ''),
  };
}

export function genericStrategy(options: GenericStrategyOptions = {}): Strategy {
  const meta = { namespaced: options.namespaced, standardFinalizers: false } as const;
  const withStatus = options.statusSubresource === true;
  return {
    validate: (obj) => validateObjectMeta(obj.metadata, meta),
    prepareForCreate: withStatus ? (obj) => { delete obj.status; } : undefined,
    prepareForUpdate: withStatus ? keepStatus : undefined,
    validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata, meta), ...validateObjectMeta(obj.metadata, meta)],
    tracksGeneration: options.tracksGeneration ?? true,
    status: withStatus ? statusSubresource({ validateUpdate: (obj, old) => validateObjectMetaUpdate(obj.metadata, old.metadata, meta) }) : undefined,
    scale: options.scale ? customScale(options.scale) : undefined,
  };
}
