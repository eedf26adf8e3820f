/**
 * Finding or creating a Deployment's new ReplicaSet and keeping revisions in order, after kube's
 * getAllReplicaSetsAndSyncRevision / getNewReplicaSet (pkg/controller/deployment/sync.go).
 *
 * The new set is named `<deployment>-<pod-template-hash>`, its template and selector carry the
 * hash label, and its revision is one more than the highest old revision. A set found again
 * (a `kubectl rollout undo` puts an old template back) gets the next revision, and remembers its
 * earlier ones in revision-history. A name already taken by a set with another template is a hash
 * collision: status.collisionCount goes up and the next sync tries another name.
 */
import type { KubeObject } from '../../api/object.ts';
import { computeHash } from '../common/compute-hash.ts';
import { isControlledBy, newControllerRef } from '../common/controller-ref.ts';
import { isNamespaceTerminating } from '../common/pod-control.ts';
import type { Deployment, ReplicaSet } from '../common/workload-types.ts';
import { REPLICA_SETS } from '../replicaset/replica-set-kind.ts';
import { maxRevision, REVISION_ANNOTATION, setDeploymentRevision, setNewReplicaSetAnnotations } from './annotations.ts';
import {
  DEPLOYMENT_PROGRESSING, FAILED_RS_CREATE_REASON, FOUND_NEW_RS_REASON, getDeploymentCondition, NEW_REPLICA_SET_REASON,
  newDeploymentCondition, setDeploymentCondition,
} from './conditions.ts';
import type { DeploymentContext } from './deployment-context.ts';
import { DEPLOYMENT_KIND, hasProgressDeadline, POD_TEMPLATE_HASH_LABEL } from './deployment-spec.ts';
import { updateDeploymentStatus } from './deployment-status.ts';
import { equalIgnoreHash, findNewReplicaSet, findOldReplicaSets } from './replica-sets.ts';
import { newRSNewReplicas } from './rollout-math.ts';

export interface ReplicaSetsOfDeployment {
  readonly newRS: ReplicaSet | undefined;
  readonly oldRSs: ReplicaSet[];
}

/**
 * The new set (created when absent and `create` is set) and every old set, with the new set's and
 * the Deployment's revisions brought up to date. `rsList` comes from the reconciler's claim; sets
 * updated here replace their entry in it so later steps of the same sync see them.
 */
export async function getAllReplicaSetsAndSyncRevision(ctx: DeploymentContext, d: Deployment, options: { rsList: ReplicaSet[]; create: boolean }): Promise<ReplicaSetsOfDeployment> {
  const oldRSs = findOldReplicaSets(d, options.rsList).all;
  const newRS = await getNewReplicaSet(ctx, d, { rsList: options.rsList, oldRSs, create: options.create });
  return { newRS, oldRSs };
}

async function getNewReplicaSet(ctx: DeploymentContext, d: Deployment, o: { rsList: ReplicaSet[]; oldRSs: ReplicaSet[]; create: boolean }): Promise<ReplicaSet | undefined> {
  const existing = findNewReplicaSet(d, o.rsList);
  const newRevision = String(maxRevision(o.oldRSs) + 1);
  const nowMs = ctx.clock.now();
  const api = ctx.client.resource(REPLICA_SETS).namespace(d.metadata.namespace!);

  if (existing) {
    const rsCopy = structuredClone(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, { newRevision, exists: true });
    const minReadySeconds = d.spec?.minReadySeconds ?? 0;
    if (annotationsUpdated || (rsCopy.spec?.minReadySeconds ?? 0) !== minReadySeconds) {
      // as kube: write the set and stop; the Deployment's revision follows on the next sync.
      (rsCopy.spec ??= {}).minReadySeconds = minReadySeconds;
      const updated = await api.update(rsCopy) as ReplicaSet;
      replaceInList(o.rsList, updated);
      return updated;
    }
    // The Deployment takes the revision its new set already has.
    let needsUpdate = setDeploymentRevision(d, rsCopy.metadata.annotations?.[REVISION_ANNOTATION] ?? '');
    if (hasProgressDeadline(d) && !getDeploymentCondition(d.status, DEPLOYMENT_PROGRESSING)) {
      setDeploymentCondition((d.status ??= {}), newDeploymentCondition(DEPLOYMENT_PROGRESSING, 'True', {
        reason: FOUND_NEW_RS_REASON, message: `Found new replica set "${rsCopy.metadata.name}"`, nowMs,
      }));
      needsUpdate = true;
    }
    if (needsUpdate) await updateDeploymentStatus(ctx, d);
    return rsCopy;
  }
  if (!o.create) return undefined;

  const template = structuredClone(d.spec?.template ?? {});
  const hash = computeHash(template, d.status?.collisionCount);
  const templateMeta = (template.metadata ??= {});
  templateMeta.labels = { ...(templateMeta.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const selector = structuredClone(d.spec?.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const newRS: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      // Deterministic, so that a repeated sync finds the set instead of creating another.
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      ownerReferences: [newControllerRef(d, DEPLOYMENT_KIND)],
      labels: { ...templateMeta.labels },
    },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
  };
  const newReplicasCount = newRSNewReplicas(d, { allRSs: [...o.oldRSs, newRS], newRS });
  newRS.spec!.replicas = newReplicasCount;
  setNewReplicaSetAnnotations(d, newRS, { newRevision, exists: false });

  let created: ReplicaSet;
  let alreadyExists = false;
  try {
    created = await api.create(newRS) as ReplicaSet;
  } catch (e) {
    if (isAlreadyExists(e)) {
      const found = ctx.rsInformer.get(`${d.metadata.namespace}/${newRS.metadata.name}`) as ReplicaSet | undefined;
      if (!found) throw e; // not in the cache yet: look again later
      if (isControlledBy(found, d) && equalIgnoreHash(d.spec?.template, found.spec?.template)) {
        // Our own set, which a lagging cache did not show: not a collision.
        created = found;
        alreadyExists = true;
      } else {
        const status = (d.status ??= {});
        status.collisionCount = (status.collisionCount ?? 0) + 1;
        await updateDeploymentStatus(ctx, d).catch(() => undefined);
        throw e;
      }
    } else if (isNamespaceTerminating(e)) {
      throw e;
    } else {
      const message = `Failed to create new replica set "${newRS.metadata.name}": ${(e as Error).message}`;
      if (hasProgressDeadline(d)) {
        setDeploymentCondition((d.status ??= {}), newDeploymentCondition(DEPLOYMENT_PROGRESSING, 'False', { reason: FAILED_RS_CREATE_REASON, message, nowMs }));
        // The bigger problem is the one being reported; a failure to record it is not.
        await updateDeploymentStatus(ctx, d).catch(() => undefined);
      }
      ctx.recorder.event(d, 'Warning', FAILED_RS_CREATE_REASON, message);
      throw e;
    }
  }
  if (!alreadyExists) o.rsList.push(created);
  if (!alreadyExists && newReplicasCount > 0) {
    ctx.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${newReplicasCount}`);
  }
  let needsUpdate = setDeploymentRevision(d, newRevision);
  if (!alreadyExists && hasProgressDeadline(d)) {
    setDeploymentCondition((d.status ??= {}), newDeploymentCondition(DEPLOYMENT_PROGRESSING, 'True', {
      reason: NEW_REPLICA_SET_REASON, message: `Created new replica set "${created.metadata.name}"`, nowMs,
    }));
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(ctx, d);
  return created;
}

function isAlreadyExists(e: unknown): boolean {
  const err = e as { code?: number; reason?: string };
  return err.code === 409 && err.reason === 'AlreadyExists';
}

/** Replaces the entry with the same uid (or appends), so later steps see the written object. */
export function replaceInList(list: KubeObject[], updated: KubeObject): void {
  const i = list.findIndex((x) => x.metadata.uid === updated.metadata.uid);
  if (i >= 0) list[i] = updated; else list.push(updated);
}
