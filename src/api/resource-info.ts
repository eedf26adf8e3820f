/**
 * What the API knows about one served resource: its names, scope, verbs and subresources.
 * Discovery, routing, the registry and kubectl's shortNames/categories all read this one record.
 */
import type { GroupVersionKind } from './object.ts';

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

export interface SubresourceInfo {
  /** e.g. "status", "scale", "log", "exec", "binding", "eviction". */
  readonly name: string;
  /** The kind the subresource answers with (Scale for scale, the parent kind for status). */
  readonly kind: GroupVersionKind;
  readonly verbs: readonly string[];
}

export interface ResourceInfo {
  readonly group: string;
  readonly version: string;
  /** Plural, lower case: "deployments". */
  readonly resource: string;
  /** Singular, lower case: "deployment". */
  readonly singular: string;
  readonly kind: string;
  /** The list kind: "DeploymentList". */
  readonly listKind: string;
  readonly namespaced: boolean;
  readonly verbs: readonly Verb[];
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly subresources: readonly SubresourceInfo[];
  /**
   * The group/version in which objects are stored. Several served versions of one resource
   * (autoscaling/v1 and v2 HPAs) share one storage key space; the registry converts.
   */
  readonly storageVersion: string;
}
