/**
 * What the verbs of one generic Store (store.ts) share: its resource, Strategy, storage keys and
 * the codec between stored bytes and served objects. The Store builds it once and hands it to the
 * functions that implement its verbs (store-create.ts, store-list.ts, store-update.ts,
 * store-delete.ts), which cannot reach the Store's private state.
 */
import type { KubeObject } from '../api/object.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import type { GroupKind } from '../api/status.ts';
import type { KeyValue } from '../storage/backend.ts';
import type { IdSource } from '../util/ids.ts';
import type { DeleteContext } from './store-delete.ts';

export interface StoreContext extends DeleteContext {
  readonly resource: ResourceInfo;
  /** The served apiVersion of `resource`: "v1", "apps/v1"… */
  readonly apiVersion: string;
  readonly groupKind: GroupKind;
  readonly ids: IdSource;
  /** StoreOptions.beforeWrite: resource allocation once the Strategy prepared a write. */
  readonly beforeWrite?: (key: string, obj: KubeObject, old?: KubeObject) => void;
  /** The key prefix of a list: one namespace, or every object of the kind. */
  listPrefix(namespace: string | undefined): string;
  /**
   * The stored JSON of `kv` with its resourceVersion, without decoding it (rawJsonWithRevision):
   * undefined for bytes not in the prefixed layout. Absent when a conversion makes the stored form
   * differ from the served one, so that the JSON fast paths do not apply.
   */
  readonly rawJson?: (kv: KeyValue) => string | undefined;
}

/** How many times a write retries after losing a compare-and-swap race it did not ask for. */
export const MAX_CAS_RETRIES = 16;
