/**
 * ControllerRevisions for StatefulSets, after kube-controller-manager's pkg/controller/history
 * (NewControllerRevision, HashControllerRevision, ControllerRevisionName, EqualRevision,
 * SortControllerRevisions, CreateControllerRevision…) and the StatefulSet's newRevision,
 * ApplyRevision and nextRevision (stateful_set_utils.go). A revision holds the patch
 * `{"spec":{"template":{…,"$patch":"replace"}}}`, carries the template labels plus
 * `controller.kubernetes.io/hash`, and is named `<set>-<hash>`; a name taken by a different
 * revision bumps the collision count and tries the next name.
 *
 * Difference from kube: kube hashes the bytes of Go's JSON encoding; here the canonical JSON of
 * the data is hashed (same algorithm, FNV-32, so same properties, different values).
 */
import type { Client } from '../../client/client.ts';
import { canonicalJson, safeEncodeString } from '../common/compute-hash.ts';
import { newControllerRef } from '../common/controller-ref.ts';
import type { ControllerRevision } from '../daemonset/daemon-set-types.ts';
import { CONTROLLER_REVISIONS } from '../daemonset/daemon-set-types.ts';
import { STATEFUL_SET_KIND, type StatefulSet } from './stateful-set-types.ts';

export type { ControllerRevision };

/** history.ControllerRevisionHashLabel */
export const CONTROLLER_REVISION_HASH_KEY = 'controller.kubernetes.io/hash';

/** FNV-1 (not 1a), 32 bits: Go's hash/fnv New32, which HashControllerRevision uses. */
function fnv32(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h ^= b;
  }
  return h >>> 0;
}

/** HashControllerRevision: the data, then the collision count as decimal text. */
export function hashControllerRevision(data: unknown, collisionCount?: number): string {
  const encoder = new TextEncoder();
  let sum = fnv32(encoder.encode(canonicalJson(data)));
  if (collisionCount !== undefined) sum = fnv32(encoder.encode(String(collisionCount)), sum);
  return safeEncodeString(String(sum));
}

/** ControllerRevisionName: the prefix is cut to 223 characters so the name stays valid. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/** getPatch */
export function statefulSetPatch(set: StatefulSet): unknown {
  return { spec: { template: { ...structuredClone(set.spec?.template ?? {}), $patch: 'replace' } } };
}

/** newRevision: an unsaved revision of the set's template with the given number. */
export function newRevision(set: StatefulSet, revision: number, collisionCount: number): ControllerRevision {
  const data = statefulSetPatch(set);
  const hash = hashControllerRevision(data, collisionCount);
  return {
    apiVersion: 'apps/v1', kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(set.metadata.name!, hash),
      namespace: set.metadata.namespace,
      labels: { ...(set.spec?.template?.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_KEY]: hash },
      ownerReferences: [newControllerRef(set, STATEFUL_SET_KIND)],
    },
    data,
    revision,
  };
}

/** ApplyRevision: the set with the revision's template. */
export function applyRevision(set: StatefulSet, revision: ControllerRevision): StatefulSet {
  const template = structuredClone((revision.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template ?? {});
  delete template.$patch;
  return { ...structuredClone(set), spec: { ...structuredClone(set.spec ?? {}), template } };
}

/** EqualRevision: equal hash labels (when both have one) and equal data. */
export function equalRevision(a: ControllerRevision, b: ControllerRevision): boolean {
  const ha = a.metadata.labels?.[CONTROLLER_REVISION_HASH_KEY];
  const hb = b.metadata.labels?.[CONTROLLER_REVISION_HASH_KEY];
  if (ha !== undefined && hb !== undefined && ha !== hb) return false;
  return canonicalJson(a.data) === canonicalJson(b.data);
}

/** SortControllerRevisions: by revision, then creation time, then name. */
export function sortControllerRevisions(revisions: ControllerRevision[]): ControllerRevision[] {
  return revisions.sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0)
    || (Date.parse(a.metadata.creationTimestamp ?? '') || 0) - (Date.parse(b.metadata.creationTimestamp ?? '') || 0)
    || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

/** nextRevision: one more than the highest (revisions sorted), or 1. */
export function nextRevision(sorted: readonly ControllerRevision[]): number {
  return sorted.length === 0 ? 1 : (sorted.at(-1)!.revision ?? 0) + 1;
}

/**
 * CreateControllerRevision: create under the hash name; a name already holding equal data is
 * that revision; a name holding other data is a collision — count it and try the next name.
 * Returns the revision and the collision count reached.
 */
export async function createControllerRevision(client: Client, revision: ControllerRevision, collisionCount: number): Promise<{ revision: ControllerRevision; collisionCount: number }> {
  const api = client.resource(CONTROLLER_REVISIONS).namespace(revision.metadata.namespace!);
  const parentName = revision.metadata.ownerReferences?.[0]?.name ?? '';
  for (let count = collisionCount; ; count++) {
    const name = controllerRevisionName(parentName, hashControllerRevision(revision.data, count));
    try {
      return { revision: await api.create({ ...revision, metadata: { ...revision.metadata, name } }) as ControllerRevision, collisionCount: count };
    } catch (e) {
      if ((e as { code?: number }).code !== 409) throw e;
      const existing = await api.get(name) as ControllerRevision;
      if (canonicalJson(existing.data) === canonicalJson(revision.data)) return { revision: existing, collisionCount: count };
    }
  }
}
