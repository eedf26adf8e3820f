/** Options and results of the generic {@link Store}'s verbs, after metav1's ListOptions/DeleteOptions. */
import type { KubeObject } from '../api/object.ts';

/** A filter over decoded objects: label and field selectors compiled by the caller. */
export type ObjectPredicate = (obj: KubeObject) => boolean;

export interface ListOptions {
  readonly predicate?: ObjectPredicate;
  /** True when predicate is absent or matches everything (enables fast paths). */
  readonly limit?: number;
  readonly continue?: string;
  /** metav1.ListOptions.resourceVersion ("" = most recent, "0" = any). */
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: '' | 'NotOlderThan' | 'Exact';
}

export interface WriteOptions {
  /** dryRun=All: run every step but the storage write. */
  readonly dryRun?: boolean;
  readonly fieldManager?: string;
  /**
   * create: the caller hands `input` over (it made it for this call and does not read it again),
   * so the Store changes and keeps it instead of working on a deep copy (the API server's create
   * path, where the copy was a tenth of the request's cost).
   */
  readonly adopt?: boolean;
}

export interface UpdateOptions extends WriteOptions {
  /** The subresource being written: "status" keeps spec, the main resource keeps status. */
  readonly subresource?: 'status' | '';
}

export interface Preconditions { readonly uid?: string; readonly resourceVersion?: string }

export interface DeleteOptions extends WriteOptions {
  readonly gracePeriodSeconds?: number;
  readonly propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  readonly preconditions?: Preconditions;
}

export interface DeleteResult {
  /** The object as deleted, or as it now is when deletion is pending (finalizers, grace period). */
  readonly object: KubeObject;
  /** True when the object is gone from storage; false when only marked for deletion. */
  readonly deleted: boolean;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface StoreWatchEvent { readonly type: WatchEventType; readonly object: KubeObject }

export interface WatchOptions {
  readonly predicate?: ObjectPredicate;
  readonly resourceVersion?: string;
  readonly signal: AbortSignal;
  /** Emit BOOKMARK events carrying the latest delivered revision this often (allowWatchBookmarks). */
  readonly bookmarkIntervalMs?: number;
  readonly onEvent: (event: StoreWatchEvent) => void;
  readonly onError?: (error: Error) => void;
}
