/**
 * A DaemonSet's ControllerRevisions, after kube-controller-manager's constructHistory, snapshot,
 * dedupCurHistories, cleanupHistory and Match/getPatch (pkg/controller/daemon/update.go). Each
 * revision stores the pod template as the patch `{"spec":{"template":{…,"$patch":"replace"}}}`
 * (what `kubectl rollout undo` applies), is named `<ds>-<hash>` and labelled
 * `controller-revision-hash: <hash>`; the revision matching the current template is "current",
 * gets the highest revision number, and its hash labels new pods. Hash collisions bump
 * status.collisionCount. Template equality is canonical-JSON equality (kube compares bytes of
 * Go's encoding, which is canonical for a given struct).
 */
import type { Client } from '../../client/client.ts';
import { canonicalJson, computeHash } from '../common/compute-hash.ts';
import { claimObjects, freshControllerCheck } from '../common/controller-ref-manager.ts';
import { newControllerRef } from '../common/controller-ref.ts';
import { labelSelectorAsSelector } from '../../api/selector/label-selector.ts';
import { PODS } from '../common/pod-control.ts';
import type { Pod } from '../common/workload-types.ts';
import {
  CONTROLLER_REVISION_HASH_LABEL, CONTROLLER_REVISIONS, type ControllerRevision, DAEMON_SET_KIND, DAEMON_SETS, type DaemonSet,
} from './daemon-set-types.ts';

/** getPatch: the data a revision of `ds` holds. */
export function daemonSetPatch(ds: DaemonSet): unknown {
  return { spec: { template: { ...structuredClone(ds.spec?.template ?? {}), $patch: 'replace' } } };
}

/** Match: does the revision hold the DaemonSet's current template? */
export function revisionMatches(ds: DaemonSet, revision: ControllerRevision): boolean {
  return canonicalJson(daemonSetPatch(ds)) === canonicalJson(revision.data);
}

const revisionNumber = (r: ControllerRevision) => r.revision ?? 0;

export interface HistoryDeps {
  readonly client: Client;
  /** The revisions in the DaemonSet's namespace, from the cache. */
  readonly listRevisions: (namespace: string) => ControllerRevision[];
  /** The DaemonSet's claimed pods, for relabelling after a dedup. */
  readonly daemonPods: () => Promise<Pod[]>;
}

/** A name collision with a different template: retried after status.collisionCount was bumped. */
export class HashCollisionError extends Error {
  override name = 'HashCollisionError';
}

/** constructHistory: the current revision (created or renumbered when needed) and the old ones. */
export async function constructHistory(ds: DaemonSet, deps: HistoryDeps): Promise<{ cur: ControllerRevision; old: ControllerRevision[] }> {
  const api = deps.client.resource(CONTROLLER_REVISIONS).namespace(ds.metadata.namespace!);
  const histories = await controlledHistories(ds, deps);
  const current: ControllerRevision[] = [];
  const old: ControllerRevision[] = [];
  for (let history of histories) {
    if (history.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === undefined) {
      // The name, not a recomputed hash, so a collision cannot mislabel it.
      const labels = { ...(history.metadata.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: history.metadata.name! };
      history = await api.update({ ...history, metadata: { ...history.metadata, labels } }) as ControllerRevision;
    }
    (revisionMatches(ds, history) ? current : old).push(history);
  }
  const currRevision = Math.max(0, ...old.map(revisionNumber)) + 1;
  if (current.length === 0) return { cur: await snapshot(ds, currRevision, deps), old };
  const cur = await dedupCurHistories(ds, current, deps);
  if (revisionNumber(cur) < currRevision) {
    return { cur: await api.update({ ...cur, revision: currRevision }) as ControllerRevision, old };
  }
  return { cur, old };
}

/** controlledHistories: the revisions the DaemonSet's selector claims (adopting orphans, releasing strays). */
async function controlledHistories(ds: DaemonSet, deps: HistoryDeps): Promise<ControllerRevision[]> {
  return claimObjects(deps.listRevisions(ds.metadata.namespace!), {
    client: deps.client, resource: CONTROLLER_REVISIONS, controller: ds, controllerKind: DAEMON_SET_KIND,
    selector: labelSelectorAsSelector(ds.spec?.selector),
    canAdopt: freshControllerCheck({ client: deps.client, resource: DAEMON_SETS, controller: ds, kind: DAEMON_SET_KIND.kind }),
  });
}

/** Several revisions hold the current template: keep the newest, relabel pods to its hash, delete the rest. */
async function dedupCurHistories(ds: DaemonSet, current: ControllerRevision[], deps: HistoryDeps): Promise<ControllerRevision> {
  if (current.length === 1) return current[0];
  const keep = current.reduce((a, b) => (revisionNumber(b) >= revisionNumber(a) ? b : a));
  const hash = keep.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  const pods = deps.client.resource(PODS).namespace(ds.metadata.namespace!);
  for (const pod of await deps.daemonPods()) {
    if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) continue;
    await pods.patch(pod.metadata.name!, { metadata: { labels: { [CONTROLLER_REVISION_HASH_LABEL]: hash } } }, { type: 'merge' });
  }
  const api = deps.client.resource(CONTROLLER_REVISIONS).namespace(ds.metadata.namespace!);
  for (const r of current) if (r.metadata.name !== keep.metadata.name) await api.delete(r.metadata.name!);
  return keep;
}

/** snapshot: create the revision for the current template; on a name clash with another template, bump collisionCount. */
async function snapshot(ds: DaemonSet, revision: number, deps: HistoryDeps): Promise<ControllerRevision> {
  const hash = computeHash(ds.spec?.template ?? {}, ds.status?.collisionCount);
  const name = `${ds.metadata.name}-${hash}`;
  const history: ControllerRevision = {
    apiVersion: 'apps/v1', kind: 'ControllerRevision',
    metadata: {
      name, namespace: ds.metadata.namespace,
      labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ownerReferences: [newControllerRef(ds, DAEMON_SET_KIND)],
    },
    data: daemonSetPatch(ds),
    revision,
  };
  if (ds.metadata.annotations) history.metadata.annotations = { ...ds.metadata.annotations };
  const api = deps.client.resource(CONTROLLER_REVISIONS).namespace(ds.metadata.namespace!);
  try {
    return await api.create(history) as ControllerRevision;
  } catch (e) {
    if ((e as { code?: number }).code !== 409) throw e;
    const existing = await api.get(name) as ControllerRevision;
    if (revisionMatches(ds, existing)) return existing;
    const dsApi = deps.client.resource(DAEMON_SETS).namespace(ds.metadata.namespace!);
    const fresh = await dsApi.get(ds.metadata.name!) as DaemonSet;
    // A stale collisionCount in our copy is not a collision: retry once the cache catches up.
    if ((fresh.status?.collisionCount ?? null) !== (ds.status?.collisionCount ?? null)) {
      throw new HashCollisionError(`found a stale collision count (${ds.status?.collisionCount}, expected ${fresh.status?.collisionCount}) of DaemonSet "${ds.metadata.name}" while processing; will retry until it is updated`);
    }
    const status = { ...(fresh.status ?? {}), collisionCount: (fresh.status?.collisionCount ?? 0) + 1 };
    await dsApi.update({ ...fresh, status } as DaemonSet, { subresource: 'status' });
    throw new HashCollisionError(`hash collision for DaemonSet "${ds.metadata.name}": bumped collisionCount to ${status.collisionCount}`);
  }
}

/** cleanupHistory: delete old revisions beyond revisionHistoryLimit, oldest first, sparing those live pods still carry. */
export async function cleanupHistory(ds: DaemonSet, old: readonly ControllerRevision[], deps: { client: Client; pods: readonly Pod[] }): Promise<void> {
  let toKill = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return;
  const liveHashes = new Set(deps.pods.map((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL]).filter((h) => h));
  const api = deps.client.resource(CONTROLLER_REVISIONS).namespace(ds.metadata.namespace!);
  for (const r of [...old].sort((a, b) => revisionNumber(a) - revisionNumber(b))) {
    if (toKill <= 0) break;
    if (liveHashes.has(r.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL])) continue;
    await api.delete(r.metadata.name!);
    toKill--;
  }
}
